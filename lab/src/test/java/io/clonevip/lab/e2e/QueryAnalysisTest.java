package io.clonevip.lab.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checks of the scenario on made-up timelines (no lab). */
class QueryAnalysisTest {

    /** bucket 1 on node1 until 10 s, not running 10-11 s, then on node2; bucket 2 on node3 throughout. */
    private static Timeline timeline() {
        Timeline tl = new Timeline(System.nanoTime());
        for (long t = 0; t <= 30_000; t += 300) {
            if (t < 10_000) {
                tl.sample(t, Map.of(1, "node1", 2, "node3"));
            } else if (t < 11_000) {
                tl.sample(t, Map.of(2, "node3"));
            } else {
                tl.sample(t, Map.of(1, "node2", 2, "node3"));
            }
        }
        return tl;
    }

    @Test
    void movingMeansNotOneAndTheSameOwner() {
        Timeline tl = timeline();
        assertFalse(tl.moving(1, 1_000, 5_000));
        assertFalse(tl.moving(1, 9_000, 9_500), "still on node1 until 10 s");
        assertTrue(tl.moving(1, 9_000, 10_200), "stopped at 10 s");
        assertTrue(tl.moving(1, 4_500, 10_500));
        assertFalse(tl.moving(2, 0, 30_000));
        assertFalse(tl.moving(1, 12_000, 20_000));
        assertTrue(tl.moving(3, 0, 1_000), "a bucket never seen is not on one node");
    }

    @Test
    void failuresOutsideMovingBucketsAndWrongAnswersAreViolations() {
        Timeline tl = timeline();
        ScenarioResult r = new ScenarioResult(tl, 2);
        r.phase(new ScenarioResult.Phase("stable", 0, 8_000, Map.of("node1", 0, "node3", 0), -1, -1, -1));
        r.queries(List.of(
                new Query(1_000, 5, 20000, 1, "node1", null),
                new Query(1_100, 5, 20001, 2, "node3", null),
                new Query(6_000, 1000, 20002, 1, null, "SQLTimeoutException 08000"),   // within 6 s of the move: ok
                new Query(2_000, 1000, 20003, 2, null, "SQLTimeoutException 08000"),   // bucket 2 never moved
                new Query(20_000, 5, 20004, 1, "node3", null)));                         // bucket 1 is on node2
        new QueryAnalysis(r, tl, null).analyse();
        assertEquals(2, r.violations().size(), r.violations().toString());
        assertTrue(r.violations().get(0).contains("bucket 2, not moving"), r.violations().toString());
        assertTrue(r.violations().get(1).contains("answered by node3"), r.violations().toString());
        ScenarioResult.Phase p = r.phases().getFirst();
        assertEquals(Map.of("node1", 1, "node3", 1), p.answeredBy());
        assertEquals(2, p.failed());
        assertEquals(1, p.failedInMovingBuckets());
    }

    @Test
    void aSilentExpectedNodeIsAViolation() {
        Timeline tl = timeline();
        ScenarioResult r = new ScenarioResult(tl, 2);
        r.phase(new ScenarioResult.Phase("all three", 0, 8_000, Map.of("node1", 0, "node2", 0, "node3", 0), -1, -1, -1));
        r.queries(List.of(new Query(1_000, 5, 20000, 1, "node1", null), new Query(1_100, 5, 20001, 2, "node3", null)));
        new QueryAnalysis(r, tl, null).analyse();
        assertEquals(1, r.violations().size(), r.violations().toString());
        assertTrue(r.violations().getFirst().contains("node2 never answered"));
    }

    @Test
    void svgHasARowPerBucketAndAMarkPerFailure() {
        Timeline tl = timeline();
        ScenarioResult r = new ScenarioResult(tl, 2);
        r.queries(List.of(new Query(1_000, 5, 20000, 1, "node1", null),
                new Query(6_000, 1000, 20002, 1, null, "SQLTimeoutException 08000")));
        String svg = TimelineSvg.render(r, "test <run>");
        assertTrue(svg.startsWith("<svg"));
        assertTrue(svg.contains(">bucket 1<") && svg.contains(">bucket 2<"));
        assertEquals(2, svg.split("<circle", -1).length - 1, "one failed-query mark + the legend's");
        assertTrue(svg.contains("test &lt;run&gt;"));
    }
}
