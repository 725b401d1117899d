package io.clonevip.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.cluster.ClusterState.TimedBucket;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The desired state's file form: drains and guards recorded with the wall-clock time the kernel
 * ends them, the form of the build before (no {@code drain_until=}/{@code guard_until=}) still
 * read, what a repair puts back at a given time, and when a node that only drained wants nothing.
 */
class DesiredStateTest {
    static final ClusterIpSpec SPEC = ClusterIpSpec.builder().vip("198.51.100.100").nic("eth0").buckets(12).build();
    static final Instant NOW = Instant.parse("2026-12-07T21:00:00Z");

    private static String resource(String name) throws IOException {
        try (InputStream in = DesiredStateTest.class.getResourceAsStream("/desired/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Serves 1-2, drains 7 for 60 s and guards 3 for 62 s, as recorded at {@link #NOW}. */
    private static DesiredState moving() {
        ClusterState st = ClusterState.fresh(SPEC, BucketSet.parse("1-3", 12))
                .withTimed(List.of(new TimedBucket(7, 60_000, 0, 0)), List.of(new TimedBucket(3, 62_000, 0, 0)));
        return DesiredState.of(st, NOW);
    }

    @Test
    void aFileOfTheBuildBeforeGuardsWereRecordedStillReads() throws Exception {
        DesiredState d = DesiredState.parse(resource("previous-build"));
        assertEquals(BucketSet.parse("1-2,5", 12), d.local());
        assertTrue(d.draining().isEmpty());
        assertTrue(d.drainEnds().isEmpty() && d.guardEnds().isEmpty(), "nothing timed to put back");
        assertEquals(resource("previous-build"), d.format(), "written back as it was: nothing timed adds no line");

        DesiredState draining = DesiredState.parse(resource("previous-build-draining"));
        assertEquals(BucketSet.of(12, 7), draining.draining());
        assertEquals(Map.of(), draining.drainsLeft(NOW), "a drain whose end is not known is not put back");
        assertFalse(draining.over(NOW));
    }

    @Test
    void drainsAndGuardsAreRecordedWithTheirEndAndReadBack() {
        DesiredState d = moving();
        String text = d.format();
        assertTrue(text.contains("\nlocal=1-3\ndraining=7\n"), "the lines a reader of the build before reads, unchanged: " + text);
        assertTrue(text.contains("\ndrain_until=7@2026-12-07T21:01:00Z\n"), text);
        assertTrue(text.contains("\nguard_until=3@2026-12-07T21:01:02Z\n"), text);
        assertEquals(d, DesiredState.parse(text));
    }

    @Test
    void aBucketServedAndDrainedByHandIsRecordedAsServed() {
        ClusterState st = ClusterState.fresh(SPEC, BucketSet.parse("1-3", 12)).withTimed(List.of(new TimedBucket(2, 5_000, 0, 0)), List.of());
        DesiredState d = DesiredState.of(st, NOW);
        assertEquals(BucketSet.parse("1-3", 12), d.local());
        assertTrue(d.draining().isEmpty() && d.drainEnds().isEmpty(), "the agent's change is recorded, not refused: " + d);
    }

    @Test
    void whatIsPutBackIsTheTimeLeftAndNothingThatEnded() {
        DesiredState d = moving();
        assertEquals(Map.of(3, 50_000L), d.guardsLeft(NOW.plusSeconds(12)));
        assertEquals(Map.of(7, 48_000L), d.drainsLeft(NOW.plusSeconds(12)));
        assertEquals(Map.of(3, 1_500L), d.guardsLeft(NOW.plusMillis(60_500)));
        assertEquals(Map.of(), d.drainsLeft(NOW.plusMillis(60_500)), "the drain ended");
        assertEquals(Map.of(), d.guardsLeft(NOW.plusMillis(62_000 - DesiredState.MIN_LEFT_MS + 1)), "less than the minimum left");
        assertEquals(Map.of(), d.guardsLeft(NOW.plusSeconds(3600)));
    }

    @Test
    void aChangeOnFlushedTablesKeepsTheDrainsAndGuardsWithTimeLeft() {
        DesiredState rewritten = DesiredState.of(SPEC, BucketSet.parse("1-3,5", 12)); // a start on flushed tables sees none
        DesiredState kept = rewritten.keeping(moving(), NOW.plusSeconds(10));
        assertEquals(BucketSet.parse("1-3,5", 12), kept.local());
        assertEquals(moving().drainEnds(), kept.drainEnds());
        assertEquals(moving().guardEnds(), kept.guardEnds());
        assertEquals(BucketSet.of(12, 7), kept.draining());
        assertEquals(BucketDeadlines.none(), rewritten.keeping(moving(), NOW.plusSeconds(3600)).guardEnds(), "ended: nothing kept");
        DesiredState servedAgain = DesiredState.of(SPEC, BucketSet.parse("1-3,7", 12)).keeping(moving(), NOW);
        assertTrue(servedAgain.draining().isEmpty(), "a bucket served again is not drained");
    }

    @Test
    void theConnectionsKeptAreThoseOfServedBucketsAndOfDrainsWithTimeLeft() {
        assertEquals(BucketSet.parse("1-3,7", 12), moving().wanted(NOW.plusSeconds(59)));
        assertEquals(BucketSet.parse("1-3", 12), moving().wanted(NOW.plusSeconds(60)), "the drain ended: its connections are orphans");
    }

    @Test
    void departuresNameAMissingGuardOrDrainWithTimeLeftOnly() {
        DesiredState d = moving();
        ClusterState flushedAndRefilled = ClusterState.fresh(SPEC, BucketSet.parse("1-3", 12));
        assertEquals(List.of("drain of bucket 7 missing (50.0 s left)", "guard of bucket 3 missing (52.0 s left)"),
                d.departures(flushedAndRefilled, NOW.plusSeconds(10)));
        assertEquals(List.of("guard of bucket 3 missing (1.0 s left)"), d.departures(flushedAndRefilled, NOW.plusSeconds(61)));
        assertEquals(List.of(), d.departures(flushedAndRefilled, NOW.plusSeconds(63)), "both ended: nothing to put back");
        ClusterState whole = flushedAndRefilled.withTimed(List.of(new TimedBucket(7, 1000, 0, 0)), List.of(new TimedBucket(3, 1000, 0, 0)));
        assertEquals(List.of(), d.departures(whole, NOW.plusSeconds(10)), "present with any time left: held (the kernel's time counts)");
        assertEquals(List.of("tables clonevip_198_51_100_100 missing (or emptied: no rule carries the spec)",
                "drain of bucket 7 missing (50.0 s left)", "guard of bucket 3 missing (52.0 s left)"), d.departures(null, NOW.plusSeconds(10)),
                "a flushed ruleset: what the repair puts back is named");
    }

    @Test
    void aNodeThatOnlyDrainedWantsNothingOnceItsDrainsEnded() {
        ClusterState st = ClusterState.fresh(SPEC, BucketSet.empty(12)).withTimed(List.of(new TimedBucket(4, 30_000, 0, 0)), List.of());
        DesiredState drainsOnly = DesiredState.of(st, NOW);
        assertFalse(drainsOnly.over(NOW.plusSeconds(29)), "still draining");
        assertTrue(drainsOnly.over(NOW.plusSeconds(30)));
        assertFalse(DesiredState.of(SPEC, BucketSet.empty(12)).over(NOW), "netctl buckets del of the last bucket: kept");
        assertFalse(moving().over(NOW.plusSeconds(3600)), "serves buckets");
    }

    @Test
    void badTimedLinesAreNamed() throws Exception {
        String base = resource("previous-build");
        var e = assertThrows(ClusterSpecException.class, () -> DesiredState.parse(base + "guard_until=3@yesterday\n"));
        assertTrue(e.getMessage().contains("guard_until"), e.getMessage());
        e = assertThrows(ClusterSpecException.class, () -> DesiredState.parse(base + "guard_until=13@2026-12-07T21:00:00Z\n"));
        assertTrue(e.getMessage().contains("13"), e.getMessage());
        e = assertThrows(ClusterSpecException.class, () -> DesiredState.parse(base + "drain_until=7@2026-12-07T21:00:00Z\n"));
        assertTrue(e.getMessage().contains("draining="), "a drain end for a bucket not draining: " + e.getMessage());
    }
}
