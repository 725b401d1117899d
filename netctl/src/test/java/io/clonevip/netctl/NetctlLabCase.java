package io.clonevip.netctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.cluster.ClusterIpSpec;
import io.clonevip.cluster.hash.BucketPredictor;
import io.clonevip.lab.net.Flow;
import io.clonevip.lab.net.JoinedVipLab;
import io.clonevip.lab.net.NetLab;
import io.clonevip.lab.net.TrafficClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The netctl lab tests of either family ({@link NetctlLabTest}, {@link NetctlIpv6LabTest}): one
 * {@link JoinedVipLab} for the class, netctl run in node i's namespace, the VIP's status as
 * JSON, and {@code watch} while a client sends traffic.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class NetctlLabCase {
    static final int PORT = JoinedVipLab.PORT;
    static final int N = JoinedVipLab.BUCKETS;

    private final String vip;
    JoinedVipLab joined;
    NetLab lab;
    ClusterIpSpec spec;

    NetctlLabCase(String vip) {
        this.vip = vip;
    }

    @BeforeAll
    void setUp() throws Exception {
        joined = JoinedVipLab.start(vip);
        lab = joined.net();
        spec = joined.spec();
    }

    @AfterAll
    void tearDown() {
        if (joined != null) joined.close();
    }

    /** A client in namespace {@code ns} sending to the VIP. */
    TrafficClient client(String ns) {
        return joined.client(ns);
    }

    /** {@code netctl --netns <node i> args...}. */
    Cli on(int node, String... args) {
        String[] a = new String[args.length + 2];
        a[0] = "--netns";
        a[1] = lab.node(node);
        System.arraycopy(args, 0, a, 2, args.length);
        return Cli.run(a);
    }

    /** Node i's {@code status VIP --json}: the VIP's object; the command must succeed. */
    @SuppressWarnings("unchecked")
    Map<String, Object> status(int node) {
        Cli r = on(node, "status", vip, "--json");
        assertEquals(0, r.exit(), r.toString());
        return (Map<String, Object>) ((List<Object>) JsonText.object(r.out()).get("cluster_ips")).get(0);
    }

    /** {@code count} source ports from {@code base}, 7 apart. */
    static List<Integer> ports(int base, int count) {
        return IntStream.range(0, count).map(i -> base + 7 * i).boxed().toList();
    }

    /** A status JSON without the counters that move with traffic. */
    static String unchanging(String statusJson) {
        return statusJson.replaceAll("\"(packets|bytes|new_connections)\":\\d+", "");
    }

    /**
     * Node 1's {@code watch VIP --count 3 --interval 300ms --json} while {@code client} opens TCP
     * connections: three lines, each with node 1's buckets 1 and 4, packets counted on the local
     * buckets only and new connections counted.
     */
    @SuppressWarnings("unchecked")
    void assertWatchCountsTraffic(TrafficClient client) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Thread traffic = Thread.ofPlatform().start(() -> {
            int base = 40000;
            while (!stop.get() && base < 60000) {
                try {
                    client.tcp(ports(base, 10));
                } catch (Exception e) {
                    return;
                }
                base += 70;
            }
        });
        Cli r;
        try {
            r = on(1, "watch", vip, "--count", "3", "--interval", "300ms", "--json");
        } finally {
            stop.set(true);
            traffic.join();
        }
        assertEquals(0, r.exit(), r.toString());
        String[] lines = r.out().strip().split("\n");
        assertEquals(3, lines.length, r.out());
        double packets = 0;
        double fresh = 0;
        for (String l : lines) {
            Map<String, Object> ip = (Map<String, Object>) ((List<Object>) JsonText.object(l).get("cluster_ips")).get(0);
            assertEquals(vip, ip.get("vip"));
            assertEquals(List.of(1L, 4L), ip.get("local_buckets"));
            for (Object o : (List<Object>) ip.get("rates")) {
                Map<String, Object> b = (Map<String, Object>) o;
                if (Boolean.TRUE.equals(b.get("local"))) packets += (Double) b.get("packets_per_s");
                else assertEquals(null, b.get("packets_per_s"));
                fresh += (Double) b.get("new_connections_per_s");
            }
        }
        assertTrue(packets > 0, "local buckets saw packets: " + r.out());
        assertTrue(fresh > 0, "new connections counted: " + r.out());
    }

    /**
     * Moves bucket 1 from n1 to n2 with netctl ({@code buckets add} on n2, whose output
     * {@code addOutput} checks, then {@code buckets del --json} on n1); then every TCP flow of
     * {@code flows} source ports from each of {@code namespaces} is answered by its bucket's node,
     * some of them in bucket 1, and n2's counter of bucket 1 counts them. Bucket 1 goes back to n1
     * afterwards, whatever happened.
     */
    @SuppressWarnings("unchecked")
    void assertBucket1MoveFollowedByTraffic(Consumer<String> addOutput, List<String> namespaces, int flows) throws Exception {
        BucketPredictor p = BucketPredictor.of(spec);
        Cli add = on(2, "buckets", "add", vip, "1");
        assertEquals(0, add.exit(), add.toString());
        addOutput.accept(add.out());
        Cli del = on(1, "buckets", "del", vip, "1", "--json");
        assertEquals(0, del.exit(), del.toString());
        Map<String, Object> dj = JsonText.object(del.out());
        assertEquals(vip, dj.get("vip"));
        assertEquals(List.of(4L), dj.get("local_buckets"));
        assertEquals(List.of(1L), dj.get("removed"));
        try {
            int moved = 0;
            for (String ns : namespaces) {
                for (Flow f : client(ns).tcp(ports(21000, flows))) {
                    int b = p.bucket(lab.addressOf(ns), BucketPredictor.IPPROTO_TCP, f.sourcePort(), PORT);
                    String owner = b == 1 ? "n2" : "n" + ((b - 1) % 3 + 1);
                    assertEquals(owner, f.answeredBy(), ns + ": " + f + " bucket " + b);
                    if (b == 1) moved++;
                }
            }
            assertTrue(moved > 0, "some flows in bucket 1");
            Map<String, Object> b1 = (Map<String, Object>) ((List<Object>) status(2).get("counters")).get(0);
            assertTrue((Long) b1.get("packets") > 0, "n2's counter for bucket 1 counts the moved flows: " + b1);
        } finally {
            assertEquals(0, on(1, "buckets", "set", vip, "1,4").exit());
            assertEquals(0, on(2, "buckets", "set", vip, "2", "5").exit());
        }
        assertEquals(List.of(1L, 4L), status(1).get("local_buckets"));
        assertEquals(List.of(2L, 5L), status(2).get("local_buckets"));
    }

    /**
     * Node 3's status after a test damaged it: not whole, its address missing, the text naming
     * the missing address and showing {@code textProblem}; returns the problems of its JSON.
     */
    @SuppressWarnings("unchecked")
    List<Object> node3Problems(String textProblem) {
        Map<String, Object> s = status(3);
        assertEquals(false, s.get("whole"));
        assertEquals(false, s.get("address_present"));
        List<Object> problems = (List<Object>) s.get("problems");
        assertTrue(problems.contains("address " + vip + " missing on eth0"), problems.toString());
        Cli text = on(3, "status");
        assertEquals(0, text.exit(), text.toString());
        assertTrue(text.out().contains("address NO") && text.out().contains(textProblem), text.out());
        return problems;
    }

    /** After the agent's next start on node 3 (a join of bucket 3): whole again, with buckets 3 and 6. */
    void assertNode3Repaired() {
        Map<String, Object> repaired = status(3);
        assertEquals(true, repaired.get("whole"), repaired.toString());
        assertEquals(List.of(3L, 6L), repaired.get("local_buckets"));
    }

    /**
     * Node i's status of the VIP as the lab set it up: eth0, clone mode, the default hash mode,
     * the spec's seed, {@code clusterMac}, buckets i and i+3 of 6, address and membership in
     * place, whole, no problem. Returns the status for the test's own checks.
     */
    Map<String, Object> assertAsSetUp(int i, String clusterMac) {
        Map<String, Object> s = status(i);
        assertEquals(vip, s.get("vip"));
        assertEquals("eth0", s.get("nic"));
        assertEquals("clone", s.get("mode"));
        assertEquals("sourceip-sourceport", s.get("hash_mode"));
        assertEquals(spec.seed(), s.get("seed"));
        assertEquals(clusterMac, s.get("cluster_mac"));
        assertEquals((long) N, s.get("buckets"));
        assertEquals(List.of((long) i, (long) i + 3), s.get("local_buckets"));
        assertEquals(true, s.get("address_present"), s.toString());
        assertEquals(true, s.get("multicast_joined"), s.toString());
        assertEquals(true, s.get("whole"), s.toString());
        assertEquals(List.of(), s.get("problems"));
        return s;
    }
}
