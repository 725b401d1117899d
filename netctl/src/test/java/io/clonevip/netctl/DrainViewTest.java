package io.clonevip.netctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.cluster.BucketSet;
import io.clonevip.cluster.ClusterIpSpec;
import io.clonevip.cluster.ClusterState;
import io.clonevip.cluster.ClusterState.BucketCounter;
import io.clonevip.cluster.ClusterState.TimedBucket;
import io.clonevip.cluster.NodeStatus;
import io.clonevip.cluster.RulesetLayout;
import io.clonevip.cluster.hash.BucketPredictor;
import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.sockdiag.TcpSocket;
import io.clonevip.sockdiag.TcpState;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Drains and guards in {@code status}, {@code watch} and their JSON, from hand-made states: node
 * serves 1 and 3 of 4, drains 2 (41.2 s left, 1520 packets), guards 3 (another node drains it);
 * the connections a drain still holds, counted from hand-made sockets ({@link HeldConnections}),
 * or left out with the reason said once when sock_diag cannot be read.
 */
class DrainViewTest {
    private static ClusterState state(int n, BucketSet local, List<TimedBucket> draining, List<TimedBucket> guarded, long localPackets) {
        ClusterIpSpec spec = ClusterIpSpec.builder().vip("198.51.100.100").nic("eth0").buckets(n).build();
        List<BucketCounter> counters = new java.util.ArrayList<>();
        for (int b : local) counters.add(new BucketCounter(b, localPackets, localPackets * 60));
        return new ClusterState(spec, local, List.copyOf(counters), new long[n], List.of(), RulesetLayout.CURRENT, draining, guarded);
    }

    private static final TimedBucket DRAIN_2 = new TimedBucket(2, 41_200, 1520, 81_234);
    private static final TimedBucket GUARD_3 = new TimedBucket(3, 43_000, 0, 0);

    private static ClusterState drainingAndGuarded() {
        return state(4, BucketSet.of(4, 1, 3), List.of(DRAIN_2), List.of(GUARD_3), 10);
    }

    private static NodeStatus status(ClusterState st) { return new NodeStatus(st, true, true, List.of()); }

    @Test
    void statusShowsDrainsAndGuardsUnderLocal() {
        String out = StatusView.human(List.of(status(drainingAndGuarded())));
        assertTrue(out.contains("  local 1,3 (2 of 4)\n  draining 2 (41 s left, 1520 packets)\n  guarded 3 (43 s left)\n  map "), out);
        assertTrue(out.contains(String.format("  %6d %5s %12s %14s %10d%n", 2, "drain", 1520, 81234, 0)), "the drain's counters: " + out);
        assertTrue(out.contains(String.format("  %6d %5s %12s %14s %10d%n", 3, "yes", 10, 600, 0)), "a guarded bucket is served: " + out);
        assertTrue(out.contains(String.format("  %6d %5s %12s %14s %10d%n", 4, "-", "-", "-", 0)), out);
    }

    @Test
    void withoutDrainsTheOutputIsAsBefore() {
        String out = StatusView.human(List.of(status(state(3, BucketSet.of(3, 1), List.of(), List.of(), 5))));
        assertTrue(out.contains("  local 1 (1 of 3)\n  map "), out);
        assertFalse(out.contains("drain") || out.contains("guard"), out);
        Map<String, Object> vip = vip(StatusView.json(List.of(status(state(3, BucketSet.of(3, 1), List.of(), List.of(), 5)))));
        assertEquals(List.of(), vip.get("draining"));
        assertEquals(List.of(), vip.get("guarded"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> vip(String json) {
        return (Map<String, Object>) ((List<Object>) JsonText.object(json).get("cluster_ips")).get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> item(Map<String, Object> m, String key, int i) {
        return (Map<String, Object>) ((List<Object>) m.get(key)).get(i);
    }

    @Test
    void statusJsonAddsDrainingGuardedAndAStatePerBucket() {
        Map<String, Object> vip = vip(StatusView.json(List.of(status(drainingAndGuarded()))));
        Map<String, Object> drain = new java.util.HashMap<>(Map.of("bucket", 2L, "expires_ms", 41_200L, "packets", 1520L, "bytes", 81_234L));
        drain.put("connections", null);
        assertEquals(drain, item(vip, "draining", 0), "not counted: connections null");
        assertTrue(vip.containsKey("connections_note") && vip.get("connections_note") == null, vip.toString());
        assertEquals(Map.of("bucket", 3L, "expires_ms", 43_000L, "packets", 0L, "bytes", 0L), item(vip, "guarded", 0));
        assertEquals(List.of(1L, 3L), vip.get("local_buckets"), "a draining bucket is not local");
        String[] states = {"local", "draining", "guarded", "-"};
        boolean[] local = {true, false, true, false};
        for (int b = 1; b <= 4; b++) {
            Map<String, Object> c = item(vip, "counters", b - 1);
            assertEquals(states[b - 1], c.get("state"), "bucket " + b);
            assertEquals(local[b - 1], c.get("local"), "bucket " + b);
        }
        assertEquals(1520L, item(vip, "counters", 1).get("packets"), "a draining bucket's packets");
        assertNull(item(vip, "counters", 3).get("packets"));
    }

    @Test
    void aLargeTableListsDrainingBucketsWithoutNewConnections() {
        ClusterState st = state(100, BucketSet.of(100, 1), List.of(new TimedBucket(70, 5_000, 3, 180)), List.of(), 1);
        String out = StatusView.human(List.of(status(st)));
        assertTrue(out.contains(String.format("  %6d %5s %12s %14s %10d%n", 70, "drain", 3, 180, 0)), out);
        assertFalse(out.contains(String.format("  %6d %5s", 69, "-")), out);
        assertTrue(out.contains("  draining 70 (5.0 s left, 3 packets)\n"), out);
        assertTrue(out.contains("  (buckets neither local, draining nor with new connections not listed)"), out);
    }

    @Test
    void timeLeftReadsAtEachScale() {
        assertEquals("no time limit", DrainView.left(0));
        assertEquals("0.3 s left", DrainView.left(250));
        assertEquals("9.9 s left", DrainView.left(9_940));
        assertEquals("41 s left", DrainView.left(41_200));
        assertEquals("600 s left", DrainView.left(599_600));
        assertEquals("15 min left", DrainView.left(900_000));
        assertEquals("guarded 3 (2.0 s left, 12 mid-stream packets dropped)", DrainView.guardText(new TimedBucket(3, 2_000, 12, 700)));
    }

    @Test
    void watchRatesADrainFromItsOwnCounterOnly() {
        ClusterState served = state(4, BucketSet.of(4, 1, 2, 3), List.of(), List.of(), 500);
        ClusterState drained = state(4, BucketSet.of(4, 1, 3), List.of(new TimedBucket(2, 30_000, 30, 1800)), List.of(), 600);
        ClusterState later = state(4, BucketSet.of(4, 1, 3), List.of(new TimedBucket(2, 29_000, 80, 4800)), List.of(), 700);
        CounterRates moved = CounterRates.between(List.of(served), List.of(drained), 1.0, Instant.EPOCH);
        assertNull(moved.vips().get(0).buckets().get(1).packetsPerSecond(), "local 500 → drain 30 is no rate");
        CounterRates r = CounterRates.between(List.of(drained), List.of(later), 1.0, Instant.EPOCH);
        assertEquals(50.0, r.vips().get(0).buckets().get(1).packetsPerSecond());
        assertEquals(100.0, r.vips().get(0).buckets().get(0).packetsPerSecond());

        List<String> frame = WatchView.frame(r, "1s");
        assertTrue(frame.contains("  draining 2 (29 s left, 80 packets)"), String.join("\n", frame));
        assertTrue(frame.contains(String.format("  %6d %5s %10s %12s %8.1f", 2, "drain", "50.0", "3000.0", 0.0)), String.join("\n", frame));

        Map<String, Object> vip = vip(WatchView.json(r));
        assertEquals("draining", item(vip, "rates", 1).get("state"));
        assertEquals("local", item(vip, "rates", 0).get("state"));
        assertEquals(29_000L, item(vip, "draining", 0).get("expires_ms"));
        assertEquals(List.of(), vip.get("guarded"));
    }

    // --- the connections a drain still holds (HeldConnections)

    private static final InetAddress CLIENT = InetAddress.ofLiteral("203.0.113.7");

    private static ClusterState state(String vip, int n, BucketSet local, List<TimedBucket> draining) {
        ClusterIpSpec spec = ClusterIpSpec.builder().vip(vip).nic("eth0").buckets(n).build();
        return new ClusterState(spec, local, List.of(), new long[n], List.of(), RulesetLayout.CURRENT, draining, List.of());
    }

    /** {@code count} connections of CLIENT on the state's VIP:3306 whose ports the ruleset puts in {@code bucket}. */
    private static List<TcpSocket> connections(ClusterState st, int bucket, int count) {
        BucketPredictor p = BucketPredictor.of(st.spec());
        List<TcpSocket> l = new ArrayList<>();
        for (int port = 40000; l.size() < count; port++) {
            if (p.bucket(CLIENT, BucketPredictor.IPPROTO_TCP, port, 3306) != bucket) continue;
            l.add(new TcpSocket(2, TcpState.ESTABLISHED, st.spec().vip(), 3306, CLIENT, port, 0, port, 0, port));
        }
        return l;
    }

    @SafeVarargs
    private static List<TcpSocket> all(List<TcpSocket>... parts) {
        List<TcpSocket> l = new ArrayList<>();
        for (List<TcpSocket> p : parts) l.addAll(p);
        return l;
    }

    /** Node serves 1 and 3 of 4, drains 2 (3 connections left) and 4 (1); 2 connections of the served bucket 1. */
    private static ClusterState twoDrains() {
        return state(VIP_A, 4, BucketSet.of(4, 1, 3), List.of(DRAIN_2, new TimedBucket(4, 5_000, 7, 420)));
    }

    private static final String VIP_A = "198.51.100.100";
    private static final String VIP_B = "198.51.100.200";

    @Test
    void statusShowsTheConnectionsEachDrainHolds() {
        ClusterState st = twoDrains();
        List<InetAddress> asked = new ArrayList<>();
        HeldConnections held = HeldConnections.count(List.of(st), vip -> {
            asked.add(vip);
            return all(connections(st, 2, 3), connections(st, 4, 1), connections(st, 1, 2));
        });
        assertEquals(List.of(st.spec().vip()), asked, "one listing for both drains");
        assertEquals(3, held.of(st.spec().vip(), 2));
        assertEquals(1, held.of(st.spec().vip(), 4));
        assertNull(held.of(st.spec().vip(), 1), "a served bucket is not counted");

        String out = StatusView.human(List.of(status(st)), List.of(), held);
        assertTrue(out.contains("  local 1,3 (2 of 4)\n  draining 2 (41 s left, 3 connections, 1520 packets)\n"
                + "  draining 4 (5.0 s left, 1 connection, 7 packets)\n  map "), out);
        assertFalse(out.contains("not counted"), out);

        Map<String, Object> vip = vip(StatusView.json(List.of(status(st)), List.of(), held));
        assertEquals(3L, item(vip, "draining", 0).get("connections"));
        assertEquals(1L, item(vip, "draining", 1).get("connections"));
        assertEquals(1520L, item(vip, "draining", 0).get("packets"));
        assertNull(vip.get("connections_note"));
    }

    @Test
    void aDrainWithoutConnectionsSaysZero() {
        ClusterState st = twoDrains();
        HeldConnections held = HeldConnections.count(List.of(st), vip -> connections(st, 1, 2));
        String out = StatusView.human(List.of(status(st)), List.of(), held);
        assertTrue(out.contains("  draining 2 (41 s left, 0 connections, 1520 packets)\n"), out);
        assertEquals(0L, item(vip(StatusView.json(List.of(status(st)), List.of(), held)), "draining", 1).get("connections"));
    }

    @Test
    void aVipWithoutDrainsIsNotListed() {
        ClusterState quiet = state(VIP_B, 3, BucketSet.all(3), List.of());
        List<InetAddress> asked = new ArrayList<>();
        HeldConnections held = HeldConnections.count(List.of(twoDrains(), quiet), vip -> { asked.add(vip); return List.of(); });
        assertEquals(List.of(twoDrains().spec().vip()), asked);
        assertEquals(HeldConnections.NONE, HeldConnections.count(List.of(quiet)), "nothing drains: sock_diag not even opened");
    }

    @Test
    void connectionsThatCannotBeReadAreLeftOutAndTheReasonSaidOnce() {
        ClusterState a = twoDrains();
        ClusterState b = state(VIP_B, 3, BucketSet.of(3, 1), List.of(new TimedBucket(3, 20_000, 4, 240)));
        HeldConnections held = HeldConnections.count(List.of(a, b), vip -> {
            throw new KernelException("list TCP sockets", Errno.EPERM, null);
        });
        String out = StatusView.human(List.of(status(a), status(b)), List.of(), held);
        assertTrue(out.contains("  draining 2 (41 s left, 1520 packets)\n  draining 4 (5.0 s left, 7 packets)\n"
                + "  connections not counted: sock_diag refused to list this node's sockets"
                + " (list TCP sockets: EPERM (operation not permitted))\n  map "), out);
        assertTrue(out.contains("  draining 3 (20 s left, 4 packets)\n  map "), "said once, under the first VIP: " + out);
        assertEquals(1, out.split("not counted", -1).length - 1, out);

        Map<String, Object> doc = JsonText.object(StatusView.json(List.of(status(a), status(b)), List.of(), held));
        for (Object o : (List<?>) doc.get("cluster_ips")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> vip = (Map<String, Object>) o;
            assertTrue(item(vip, "draining", 0).containsKey("connections"), vip.toString());
            assertNull(item(vip, "draining", 0).get("connections"), vip.toString());
            assertTrue(((String) vip.get("connections_note")).startsWith("sock_diag refused"), vip.toString());
        }
    }

    @Test
    void aKernelWithoutInetDiagIsNamed() {
        ClusterState st = twoDrains();
        HeldConnections held = HeldConnections.count(List.of(st), vip -> {
            throw new KernelException("list TCP sockets", Errno.ENOENT, null);
        });
        assertNull(held.of(st.spec().vip(), 2));
        assertTrue(held.notCounted(st.spec().vip()).startsWith("the kernel offers no TCP sock_diag (inet_diag and tcp_diag"),
                held.notCounted(st.spec().vip()));
    }

    @Test
    void watchShowsTheConnectionsOfTheSample() {
        ClusterState before = twoDrains();
        ClusterState after = state(VIP_A, 4, BucketSet.of(4, 1, 3), List.of(new TimedBucket(2, 40_000, 1600, 90_000)));
        CounterRates r = CounterRates.between(List.of(before), List.of(after), 1.0, Instant.EPOCH);
        HeldConnections held = HeldConnections.count(List.of(after), vip -> connections(after, 2, 12));
        List<String> frame = WatchView.frame(r, held, "1s");
        assertTrue(frame.contains("  draining 2 (40 s left, 12 connections, 1600 packets)"), String.join("\n", frame));
        Map<String, Object> vip = vip(WatchView.json(r, held));
        assertEquals(12L, item(vip, "draining", 0).get("connections"));
        assertNull(vip.get("connections_note"));

        HeldConnections refused = HeldConnections.count(List.of(after), vip2 -> {
            throw new KernelException("list TCP sockets", Errno.EPERM, null);
        });
        frame = WatchView.frame(r, refused, "1s");
        assertTrue(frame.contains("  draining 2 (40 s left, 1600 packets)"), String.join("\n", frame));
        assertEquals(1, frame.stream().filter(l -> l.startsWith("  connections not counted: ")).count(), String.join("\n", frame));
        assertTrue(((String) vip(WatchView.json(r, refused)).get("connections_note")).contains("EPERM"));
    }
}
