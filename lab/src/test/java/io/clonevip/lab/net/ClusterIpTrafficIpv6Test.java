package io.clonevip.lab.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.cluster.BucketSet;
import io.clonevip.cluster.ClusterIpNode;
import io.clonevip.cluster.hash.BucketPredictor;
import io.clonevip.nativ.NetNs;
import io.clonevip.netlink.NetlinkConn;
import io.clonevip.rtnl.Links;
import io.clonevip.rtnl.MacAddress;
import io.clonevip.rtnl.Neighbour;
import io.clonevip.rtnl.Neighbours;
import io.clonevip.rtnl.Rtnetlink;
import io.clonevip.testkit.Cmd;
import io.clonevip.testkit.Poll;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The IPv6 cluster IP with real traffic ({@link ClusterIpTrafficTest}'s IPv6 counterpart, issue
 * #17): the IPv6 {@link NetLab} (a bridge, three nodes set up as the agent does with one
 * {@link ClusterIpNode#join} per clone instance, a client on the bridge, a router on the bridge
 * with a remote client behind it). The client and the router resolve the VIP to the cluster MAC
 * (the nodes' neighbour advertisements carry it); every TCP and UDP flow, direct and routed, is
 * answered by exactly one node, the one {@link BucketPredictor} names; a bucket moved from one
 * node to another moves exactly the new flows of that bucket.
 */
class ClusterIpTrafficIpv6Test {
    static final String VIP = "2001:db8:1::100";
    static final int PORT = JoinedVipLab.PORT;
    static final int N = JoinedVipLab.BUCKETS;
    static final int FLOWS = 300;
    static final Duration RESOLVED = Duration.ofSeconds(5);

    JoinedVipLab joined;
    NetLab lab;

    @BeforeEach
    void setUp() throws Exception {
        joined = JoinedVipLab.start(VIP);
        lab = joined.net();
    }

    @AfterEach
    void tearDown() {
        if (joined != null) joined.close();
    }

    private void join(int node, int bucket) throws Exception {
        joined.join(node, bucket);
    }

    private void leave(int node, int bucket) throws Exception {
        joined.leave(node, bucket);
    }

    /** The flows of one client namespace. */
    private record Sent(String ns, InetAddress self, List<Flow> flows) {}

    private Sent send(String ns, int tcpBase, int udpBase) throws Exception {
        InetAddress self = lab.addressOf(ns);
        TrafficClient c = joined.client(ns);
        List<Flow> flows = new ArrayList<>(c.tcp(ports(tcpBase, FLOWS)));
        flows.addAll(c.udp(ports(udpBase, FLOWS)));
        return new Sent(ns, self, flows);
    }

    private static List<Integer> ports(int base, int count) {
        return IntStream.range(0, count).map(i -> base + 37 * i).boxed().toList();
    }

    private int bucket(Sent s, Flow f) {
        int proto = f.proto() == Flow.Proto.TCP ? BucketPredictor.IPPROTO_TCP : BucketPredictor.IPPROTO_UDP;
        return BucketPredictor.of(joined.spec()).bucket(s.self(), proto, f.sourcePort(), PORT);
    }

    /** Every flow answered, by the predicted owner, served by exactly one node; returns the flows per node. */
    private Map<String, Integer> check(Sent s, Map<Integer, String> owner) {
        Map<String, Integer> perNode = new TreeMap<>();
        for (Flow f : s.flows()) {
            int b = bucket(s, f);
            assertTrue(f.answered(), s.ns() + ": flow not answered: " + f + " (bucket " + b + ")");
            assertEquals(owner.get(b), f.answeredBy(), s.ns() + ": answering node vs prediction for " + f + ", bucket " + b);
            assertEquals(List.of(f.answeredBy()), joined.responders().servedBy(f.proto(), s.self(), f.sourcePort()),
                    s.ns() + ": served exactly once: " + f);
            perNode.merge(f.answeredBy(), 1, Integer::sum);
        }
        return perNode;
    }

    private static Map<Integer, String> owners(String... perNode) {
        Map<Integer, String> m = new LinkedHashMap<>();
        for (int i = 0; i < perNode.length; i++) for (int b : BucketSet.parse(perNode[i], N)) m.put(b, "n" + (i + 1));
        return m;
    }

    private Optional<Neighbour> neighbour(String ns) throws Exception {
        return NetNs.call(ns, () -> {
            try (NetlinkConn c = Rtnetlink.open()) {
                return new Neighbours(c).get(new Links(c).byName("eth0").index(), joined.vip());
            }
        });
    }

    /** The VIP's entry in {@code ns}'s neighbour cache once resolved: its link-layer address must be the cluster MAC. */
    private void assertClusterMac(String ns) {
        Neighbour n = Poll.until(ns + " resolves " + VIP, RESOLVED, () -> {
            try {
                return neighbour(ns).filter(Neighbour::isValid);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, () -> lab.exec(ns, "ip", "-6", "neigh", "show", "nud", "all").out());
        assertEquals(MacAddress.of(joined.spec().clusterMac().bytes()), n.lladdr(), ns + ": " + n);
        Cmd shown = lab.exec(ns, "ip", "-6", "neigh", "show", VIP, "dev", "eth0");
        assertTrue(shown.out().contains("lladdr " + joined.spec().clusterMac()), shown.out());
        System.out.println(ns + ": ip -6 neigh: " + shown.out().strip());
    }

    private void ping(String ns) {
        Cmd r = lab.exec(ns, "ping", "-6", "-c", "3", "-i", "0.2", "-W", "1", VIP);
        assertTrue(r.out().contains("3 packets transmitted, 3 received"), r.out());
        assertFalse(r.out().contains("DUP!"), "ICMPv6 echo answered twice: " + r.out());
    }

    @Test
    void everyFlowAnsweredOnceByThePredictedNodeAndABucketMovesAlone() throws Exception {
        Map<Integer, String> before = owners("1,4", "2,5", "3,6");
        for (String ns : List.of(lab.client(), lab.remote())) { // a broken lab fails here, not after 1200 timeouts
            List<Flow> first = joined.client(ns).tcp(List.of(19000, 19001, 19002, 19003));
            assertTrue(first.stream().allMatch(Flow::answered), ns + ": precheck: " + first);
        }
        joined.responders().clear();
        Sent direct = send(lab.client(), 20000, 30000);
        Sent routed = send(lab.remote(), 21000, 31000);
        Map<String, Integer> directPerNode = check(direct, before);
        Map<String, Integer> routedPerNode = check(routed, before);
        assertTrue(joined.responders().duplicates().isEmpty(), "duplicates: " + joined.responders().duplicates());
        assertEquals(3, directPerNode.size(), "every node answered some direct flows: " + directPerNode);
        assertEquals(3, routedPerNode.size(), "every node answered some routed flows: " + routedPerNode);
        assertClusterMac(lab.client());
        assertClusterMac(lab.router());
        ping(lab.client());
        ping(lab.remote());
        System.out.printf("IPv6 %d TCP + %d UDP flows each: direct %s, routed %s; every one answered once, as predicted%n",
                FLOWS, FLOWS, directPerNode, routedPerNode);

        // bucket 1 from n1 to n2: join on the new owner first, then leave on the old one
        join(2, 1);
        leave(1, 1);
        joined.responders().clear();
        Map<Integer, String> after = owners("4", "1,2,5", "3,6");
        Sent direct2 = send(lab.client(), 20000, 30000);
        Sent routed2 = send(lab.remote(), 21000, 31000);
        check(direct2, after);
        check(routed2, after);
        assertTrue(joined.responders().duplicates().isEmpty(), "duplicates after the move: " + joined.responders().duplicates());
        int moved = moved(direct, direct2) + moved(routed, routed2);
        int total = direct.flows().size() + routed.flows().size();
        assertTrue(moved > 0, "some flows were in bucket 1");
        assertClusterMac(lab.client());
        assertClusterMac(lab.router());
        System.out.printf("IPv6 bucket 1 moved n1 -> n2: %d of %d flows moved (all of bucket 1), %d stayed%n",
                moved, total, total - moved);
    }

    /** Flows of bucket 1 went from n1 to n2; every other flow kept its node. Returns how many moved. */
    private int moved(Sent before, Sent after) {
        int moved = 0;
        for (int i = 0; i < before.flows().size(); i++) {
            Flow b = before.flows().get(i);
            Flow a = after.flows().get(i);
            assertEquals(b.sourcePort(), a.sourcePort());
            if (bucket(before, b) == 1) {
                assertEquals("n1", b.answeredBy(), b.toString());
                assertEquals("n2", a.answeredBy(), a.toString());
                moved++;
            } else {
                assertEquals(b.answeredBy(), a.answeredBy(), before.ns() + ": flow outside the moved bucket changed node: " + b + " -> " + a);
            }
        }
        return moved;
    }
}
