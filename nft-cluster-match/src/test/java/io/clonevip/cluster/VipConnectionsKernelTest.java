package io.clonevip.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.cluster.hash.BucketPredictor;
import io.clonevip.nativ.NetNs;
import io.clonevip.nft.NftConn;
import io.clonevip.sockdiag.TcpSocket;
import io.clonevip.sockdiag.TcpSockets;
import io.clonevip.sockdiag.TcpState;
import io.clonevip.testkit.net.TcpEcho;
import io.clonevip.testkit.net.VethLab;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Closing a bucket's connections against the kernel, in namespaces the test creates: a node
 * serving all 4 buckets of the VIP (clonevip's ruleset, the cluster MAC) with an echo server on
 * VIP:3306 and another on the node's own address, 24 client connections from 4 addresses of a
 * peer over a veth pair. After bucket k leaves the node, closing k's connections cuts exactly
 * those the predictor puts in k (their clients see the reset), the others keep echoing; closing
 * all then cuts the rest of the VIP's and nothing else: not the listener, not the connection
 * to the node's own address. For every hash mode, and for a dual-stack server.
 */
class VipConnectionsKernelTest {
    static final int PORT = 3306;
    static final int BUCKETS = 4;
    /** The VIP, the node's own address and the clients' addresses of the case: IPv4, or IPv6 (added without DAD). */
    InetAddress VIP;
    InetAddress OWN;
    List<InetAddress> CLIENTS;
    int prefix;

    VethLab lab;
    final List<TcpEcho> servers = new ArrayList<>();
    final Map<SocketChannel, Integer> bucketOf = new LinkedHashMap<>();
    SocketChannel own;

    static Stream<Arguments> cases() {
        Stream<Arguments> modes = Stream.of(HashMode.values()).map(m -> Arguments.of(m, false, false));
        Stream<Arguments> v6 = Stream.of(HashMode.values()).filter(m -> !m.clusteripCompatible()).map(m -> Arguments.of(m, false, true));
        return Stream.concat(Stream.concat(modes, Stream.of(Arguments.of(HashMode.DEFAULT, true, false))), v6);
    }

    private void addresses(boolean ipv6) {
        String net = ipv6 ? "2001:db8:1::" : "198.51.100.";
        VIP = InetAddress.ofLiteral(net + "100");
        OWN = InetAddress.ofLiteral(net + "2");
        CLIENTS = Stream.of("10", "11", "12", "13").map(h -> InetAddress.ofLiteral(net + h)).toList();
        prefix = ipv6 ? 64 : 24;
    }

    private String[] addr(InetAddress a, String dev) {
        return VIP instanceof java.net.Inet6Address
                ? new String[] {"addr", "add", a.getHostAddress() + "/" + prefix, "dev", dev, "nodad"}
                : new String[] {"addr", "add", a.getHostAddress() + "/" + prefix, "dev", dev};
    }

    @AfterEach
    void tearDown() throws Exception {
        for (SocketChannel c : bucketOf.keySet()) c.close();
        if (own != null) own.close();
        servers.forEach(TcpEcho::close);
        if (lab != null) lab.close();
    }

    private void setUp(ClusterIpSpec spec, boolean dualStack) throws Exception {
        lab = VethLab.create("vipconn");
        lab.node.ip(addr(OWN, VethLab.NODE_IF));
        lab.node.ip(addr(VIP, VethLab.NODE_IF));
        lab.node.ip("maddr", "add", spec.clusterMac().toString(), "dev", VethLab.NODE_IF);
        for (InetAddress c : CLIENTS) lab.peer.ip(addr(c, VethLab.PEER_IF));
        tables(t -> t.apply(spec, BucketSet.all(BUCKETS)));
        for (InetAddress a : List.of(VIP, OWN)) {
            servers.add(TcpEcho.serve(NetNs.call(lab.node.name(), () -> TcpEcho.listen(new InetSocketAddress(a, PORT), dualStack))));
        }
        BucketPredictor p = BucketPredictor.of(spec);
        for (InetAddress c : CLIENTS) {
            for (int i = 0; i < 6; i++) {
                int sport = 41000 + 97 * i;
                SocketChannel ch = NetNs.call(lab.peer.name(), () -> TcpEcho.connect(c, sport, new InetSocketAddress(VIP, PORT)));
                bucketOf.put(ch, p.bucket(c, BucketPredictor.IPPROTO_TCP, sport, PORT));
            }
        }
        own = NetNs.call(lab.peer.name(), () -> TcpEcho.connect(CLIENTS.getFirst(), 42000, new InetSocketAddress(OWN, PORT)));
        for (SocketChannel c : bucketOf.keySet()) assertTrue(TcpEcho.echoes(c), "up through the ruleset: " + c);
        assertTrue(TcpEcho.echoes(own));
    }

    private interface TablesWork {
        void run(ClusterIpTables t) throws Exception;
    }

    private void tables(TablesWork w) throws Exception {
        NetNs.run(lab.node.name(), () -> { try (NftConn c = NftConn.open()) { w.run(new ClusterIpTables(c)); } });
    }

    private interface ConnWork<T> {
        T run(VipConnections c) throws Exception;
    }

    private <T> T connections(ConnWork<T> w) throws Exception {
        return NetNs.call(lab.node.name(), () -> { try (VipConnections c = VipConnections.open()) { return w.run(c); } });
    }

    private ConnectionsClosed closeOrphans(BucketSet wanted) throws Exception {
        return NetNs.call(lab.node.name(), () -> {
            try (VipConnections c = VipConnections.open(); NftConn n = NftConn.open()) {
                return c.closeOrphans(new ClusterIpTables(n), VIP, wanted);
            }
        });
    }

    /**
     * The convergence step: connections whose bucket the node neither serves nor drains are
     * closed, those of served and draining buckets and of buckets the desired state wants are
     * not; a VIP without tables here has no orphans.
     */
    @ParameterizedTest(name = "{0}, dual-stack server {1}, IPv6 VIP {2}")
    @MethodSource("cases")
    void orphansAreTheConnectionsOfBucketsNeitherServedNorDrained(HashMode mode, boolean dualStack, boolean ipv6) throws Exception {
        addresses(ipv6);
        ClusterIpSpec spec = ClusterIpSpec.builder().vip(VIP).nic(VethLab.NODE_IF).buckets(BUCKETS).hashMode(mode.keyword()).build();
        setUp(spec, dualStack);
        List<Integer> present = bucketOf.values().stream().distinct().sorted().toList();
        assertTrue(present.size() >= 2, "the clients spread over two buckets at least: " + present);
        int orphaned = present.get(0);
        int draining = present.get(1);
        tables(t -> { t.leave(VIP, orphaned); t.drain(VIP, draining, 60_000); });
        ConnectionsClosed wanted = closeOrphans(BucketSet.of(BUCKETS, orphaned)); // the desired state wants it back: a repair is coming
        assertEquals(new ConnectionsClosed(0, 0, 0, null), wanted, wanted.summary(""));
        ConnectionsClosed r = closeOrphans(null);
        long inOrphaned = bucketOf.values().stream().filter(b -> b == orphaned).count();
        assertEquals(new ConnectionsClosed((int) inOrphaned, 0, 0, null), r, r.summary(""));
        for (SocketChannel c : bucketOf.keySet()) {
            if (bucketOf.get(c) == orphaned) assertTrue(TcpEcho.cutWithin(c, Duration.ofSeconds(3)), "orphan reset: " + c);
            else assertTrue(TcpEcho.echoes(c), "bucket " + bucketOf.get(c) + " (served, or draining: " + draining + ") kept: " + c);
        }
        tables(t -> t.remove(VIP));
        assertEquals(new ConnectionsClosed(0, 0, 0, null), closeOrphans(null), "no tables: nothing is judged an orphan");
    }

    @ParameterizedTest(name = "{0}, dual-stack server {1}, IPv6 VIP {2}")
    @MethodSource("cases")
    void closingABucketCutsExactlyItsConnections(HashMode mode, boolean dualStack, boolean ipv6) throws Exception {
        addresses(ipv6);
        ClusterIpSpec spec = ClusterIpSpec.builder().vip(VIP).nic(VethLab.NODE_IF).buckets(BUCKETS).hashMode(mode.keyword()).build();
        setUp(spec, dualStack);
        int k = bucketOf.values().iterator().next();
        List<SocketChannel> inK = bucketOf.keySet().stream().filter(c -> bucketOf.get(c) == k).toList();
        List<SocketChannel> others = bucketOf.keySet().stream().filter(c -> bucketOf.get(c) != k).toList();
        assertFalse(others.isEmpty(), "the clients spread over more than bucket " + k + ": " + bucketOf.values());
        BucketPredictor p = BucketPredictor.of(spec);
        List<TcpSocket> before = connections(c -> c.list(VIP));
        assertEquals(bucketOf.size(), before.size(), "every connection on the VIP, and only those: " + before);
        for (TcpSocket s : before) {
            assertEquals(dualStack || ipv6 ? 10 : 2, s.family());
        }

        tables(t -> t.leave(VIP, k));
        ConnectionsClosed r = connections(c -> c.close(spec, BucketSet.of(BUCKETS, k)));
        assertEquals(new ConnectionsClosed(inK.size(), 0, 0, null), r, r.summary(""));
        for (SocketChannel c : inK) assertTrue(TcpEcho.cutWithin(c, Duration.ofSeconds(3)), "client of bucket " + k + " sees the reset: " + c);
        for (SocketChannel c : others) assertTrue(TcpEcho.echoes(c), "bucket " + bucketOf.get(c) + " keeps working: " + c);
        List<TcpSocket> left = connections(c -> c.list(VIP));
        assertEquals(others.size(), left.size(), left.toString());
        assertTrue(left.stream().noneMatch(s -> VipConnections.bucket(p, s) == k), left.toString());

        ConnectionsClosed all = connections(c -> c.closeAll(VIP));
        assertEquals(others.size(), all.closed(), all.summary(""));
        assertNull(all.why());
        for (SocketChannel c : others) assertTrue(TcpEcho.cutWithin(c, Duration.ofSeconds(3)), "cut with the VIP: " + c);
        assertEquals(List.of(), connections(c -> c.list(VIP)));
        assertTrue(TcpEcho.echoes(own), "a connection to the node's own address is not the VIP's");
        List<TcpSocket> listeners = NetNs.call(lab.node.name(), () -> {
            try (TcpSockets t = TcpSockets.open()) { return t.list(dualStack || ipv6 ? 10 : 2, Set.of(TcpState.LISTEN)); }
        });
        assertEquals(2, listeners.size(), "both listeners stay: " + listeners);
        // a new client of a bucket the node still serves (bucket k's SYN would go unanswered now)
        for (InetAddress c : CLIENTS) {
            for (int sport = 43000; sport < 43100; sport++) {
                if (p.bucket(c, BucketPredictor.IPPROTO_TCP, sport, PORT) != k) {
                    int port = sport;
                    SocketChannel again = NetNs.call(lab.peer.name(), () -> TcpEcho.connect(c, port, new InetSocketAddress(VIP, PORT)));
                    bucketOf.put(again, 0);
                    assertTrue(TcpEcho.echoes(again), "the VIP's server still accepts clients of the buckets the node serves");
                    return;
                }
            }
        }
    }
}
