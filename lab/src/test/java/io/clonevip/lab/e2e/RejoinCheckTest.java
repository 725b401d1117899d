package io.clonevip.lab.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rejoin check on made-up timelines shaped like what the end-to-end lab measured (docs/measurements/e2e.md):
 * node2 boots at 0 and its Galera member is up after about 7 s.
 */
class RejoinCheckTest {

    private static final String REFUSED = "SQLNonTransientConnectionException 08000: ConnectException Connection refused";
    private final RejoinCheck check = new RejoinCheck("node2", 1_000, 13_000, "writable_monit");

    /** Samples every 300 ms; node2's attribute absent, then 0 from 3.8 s, 1 from 7 s after the boot. */
    private static Timeline timeline(boolean earlyBucket) {
        Timeline tl = new Timeline(System.nanoTime());
        for (long t = 0; t <= 14_000; t += 300) {
            long since = t - 1_000;
            Map<String, String> writable = new HashMap<>(Map.of("node1", "1", "node3", "1"));
            if (since >= 7_000) {
                writable.put("node2", "1");
            } else if (since >= 3_800) {
                writable.put("node2", "0");
            }
            Map<Integer, String> owners = new HashMap<>(Map.of(1, "node1", 3, "node3"));
            boolean onNode2 = since >= 7_300 || (earlyBucket && since >= 3_100 && since < 3_800);
            owners.put(2, onNode2 ? "node2" : "node3");
            tl.sample(t, owners, writable);
        }
        return tl;
    }

    @Test
    void theBlogsRuleGaveABucketToTheNodeBeforeItsDatabaseWasUp() {
        Timeline tl = timeline(true);
        List<Query> queries = new ArrayList<>();
        queries.add(new Query(4_250, 1, 40_001, 2, null, REFUSED));
        queries.add(new Query(4_400, 1, 40_002, 2, null, REFUSED));
        queries.add(new Query(4_500, 3, 40_003, 1, "node1", null));
        List<String> v = check.violations(tl, queries);
        assertEquals(2, v.size(), v.toString());
        assertTrue(v.get(0).startsWith("rejoin of node2: bucket 2 on it at +3200 ms after the boot, before its writable_monit"
                + " was 1 (writable_monit not defined; 1 at +7100 ms)"), v.get(0));
        assertTrue(v.get(1).startsWith("rejoin of node2: 2 client connection(s) refused after the boot"), v.get(1));
        assertEquals(3_200, check.firstBucket(tl) - check.boot());
    }

    @Test
    void withTheSafeRuleTheBucketWaitsForWritable() {
        Timeline tl = timeline(false);
        List<Query> queries = List.of(new Query(8_500, 9_000, 40_004, 2, null,
                "SQLNonTransientConnectionException 08000: SocketTimeoutException Connect timed out"));
        assertEquals(List.of(), check.violations(tl, queries), "a timeout while the bucket moves is not a refusal");
        assertEquals(7_100, check.writable(tl) - check.boot());
        assertEquals(7_400, check.firstBucket(tl) - check.boot());
    }

    @Test
    void aBucketBeforeAnAttributeThatNeverComesIsReported() {
        Timeline tl = new Timeline(System.nanoTime());
        tl.sample(2_000, Map.of(1, "node2"), Map.of());
        List<String> v = check.violations(tl, List.of());
        assertEquals(List.of("rejoin of node2: bucket 1 on it at +1000 ms after the boot, before its writable_monit was 1"
                + " (writable_monit not defined; 1 at no time before +12000 ms)"), v);
        assertEquals(-1, check.writable(tl));
    }

    @Test
    void refusalsBeforeTheBootOrAfterTheWindowAreNotTheRejoiningNodes() {
        Timeline tl = timeline(false);
        List<Query> queries = List.of(new Query(500, 1, 40_005, 2, null, REFUSED), new Query(13_500, 1, 40_006, 2, null, REFUSED));
        assertEquals(List.of(), check.violations(tl, queries));
    }
}
