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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Drains and guards in {@code status}, {@code watch} and their JSON, from hand-made states: node
 * serves 1 and 3 of 4, drains 2 (41.2 s left, 1520 packets), guards 3 (another node drains it).
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
        assertEquals(Map.of("bucket", 2L, "expires_ms", 41_200L, "packets", 1520L, "bytes", 81_234L), item(vip, "draining", 0));
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
}
