package io.clonevip.agent.ipaddr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.cluster.BucketClients;
import io.clonevip.cluster.ClusterState;
import io.clonevip.cluster.NodeIn;
import io.clonevip.cluster.VipConnections;
import io.clonevip.cluster.hash.BucketPredictor;
import io.clonevip.nativ.NetNs;
import io.clonevip.sockdiag.TcpSocket;
import io.clonevip.testkit.net.TcpEcho;
import io.clonevip.testkit.net.VethLab;
import io.clonevip.testkit.net.VipNetns;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A node running IPaddr3 clone instances on {@link VethLab#NODE_IF} (198.51.100.1/24 there, so
 * the VIP's prefix is known) with an echo server on VIP:3306 ({@link BucketClients}) listening as a database does on
 * {@code ::} (a dual-stack socket), and 24 client connections from 4 addresses of the peer,
 * each with the bucket the node's ruleset puts it in. Closing deletes both namespaces.
 */
public final class VipClientsLab implements AutoCloseable {
    public static final InetAddress VIP = InetAddress.ofLiteral(VipNetns.VIP);
    static final int PORT = BucketClients.PORT;
    static final List<InetAddress> CLIENTS = Stream.of("198.51.100.10", "198.51.100.11", "198.51.100.12", "198.51.100.13")
            .map(InetAddress::ofLiteral).toList();

    public final VethLab lab;
    public final Map<SocketChannel, Integer> bucketOf = new LinkedHashMap<>();
    private BucketClients clients;

    private VipClientsLab(VethLab lab) {
        this.lab = lab;
    }

    public static VipClientsLab create(String tag) {
        VethLab lab = VethLab.create(tag);
        lab.node.ip("addr", "add", "198.51.100.1/24", "dev", VethLab.NODE_IF);
        for (InetAddress c : CLIENTS) lab.peer.ip("addr", "add", c.getHostAddress() + "/24", "dev", VethLab.PEER_IF);
        return new VipClientsLab(lab);
    }

    public String node() {
        return lab.node.name();
    }

    /** Instance {@code clone} of {@code max} of resource p_vip on this node's NIC. */
    static Map<String, String> instance(String rscTmp, int clone, int max) {
        Map<String, String> env = VipNetns.clone("p_vip", rscTmp, clone, max);
        env.put("OCF_RESKEY_nic", VethLab.NODE_IF);
        return env;
    }

    /** {@link #instance(String, int, int)} with {@code drain_limit} (seconds). */
    static Map<String, String> instance(String rscTmp, int clone, int max, int drainLimit) {
        Map<String, String> env = instance(rscTmp, clone, max);
        env.put("OCF_RESKEY_drain_limit", Integer.toString(drainLimit));
        return env;
    }

    /** Once the node serves every bucket: the server, the clients, and each client's bucket by the ruleset the node holds. */
    public void connect() throws Exception {
        ClusterState st = NodeIn.state(node(), VIP);
        BucketPredictor p = BucketPredictor.of(st.spec());
        clients = BucketClients.serve(lab, VIP, true);
        for (InetAddress c : CLIENTS) {
            for (int i = 0; i < 6; i++) {
                int sport = 41000 + 97 * i;
                bucketOf.put(clients.connect(c, sport), p.bucket(c, BucketPredictor.IPPROTO_TCP, sport, PORT));
            }
        }
        for (SocketChannel c : bucketOf.keySet()) assertTrue(TcpEcho.echoes(c), "up: " + c);
    }

    /** How many clients each bucket has. */
    public Map<Integer, Long> perBucket() {
        Map<Integer, Long> m = new TreeMap<>();
        for (int b : bucketOf.values()) m.merge(b, 1L, Long::sum);
        return m;
    }

    /** The server side of the VIP's connections, as the node's own sock_diag dump shows them: the clients' ports by address. */
    public List<String> serverSide() throws Exception {
        List<TcpSocket> all = NetNs.call(node(), () -> { try (VipConnections v = VipConnections.open()) { return v.list(VIP); } });
        return all.stream().map(s -> s.remote().getHostAddress() + ":" + s.remotePort()).sorted().toList();
    }

    /**
     * The connections of {@code open} buckets are open on the server side and echo; those of every
     * other bucket are gone from the server and their clients saw the reset.
     */
    public void assertOpenExactly(Set<Integer> open) throws Exception {
        List<String> expected = bucketOf.entrySet().stream().filter(e -> open.contains(e.getValue())).map(e -> client(e.getKey()))
                .sorted().toList();
        assertEquals(expected, serverSide(), "the server's connections on the VIP: those of buckets " + open);
        for (Map.Entry<SocketChannel, Integer> e : bucketOf.entrySet()) {
            if (open.contains(e.getValue())) {
                assertTrue(TcpEcho.echoes(e.getKey()), "bucket " + e.getValue() + " keeps working: " + client(e.getKey()));
            } else {
                assertTrue(TcpEcho.cutWithin(e.getKey(), Duration.ofSeconds(3)), "bucket " + e.getValue() + " cut: " + client(e.getKey()));
            }
        }
    }

    private static String client(SocketChannel c) {
        InetSocketAddress a = (InetSocketAddress) c.socket().getLocalSocketAddress();
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    @Override
    public void close() throws Exception {
        if (clients != null) clients.close(); // the connections, then the server
        lab.close();
    }
}
