package io.clonevip.agent.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** {@link Headroom} on made-up samples, one a second: smoothing, steps, hysteresis, the crossing hold. */
class HeadroomTest {
    private static final long S = 1_000_000_000L;

    /** Feeds {@code seconds} samples at {@code usedCpus} of a {@code limit}; publishes what it asks; returns the writes. */
    private static final class Run {
        final Headroom h;
        long t;
        long usage;
        final List<String> writes = new ArrayList<>();

        Run(int threshold, Duration hold) {
            h = new Headroom(threshold, hold);
            h.sample(0, 0, 1);
        }

        Run feed(int seconds, double usedCpus, double limit) {
            for (int i = 0; i < seconds; i++) {
                t += S;
                usage += (long) (usedCpus * 1_000_000);
                OptionalInt v = h.sample(t, usage, limit);
                if (v.isPresent()) {
                    h.published(v.getAsInt(), t);
                    writes.add((t / S) + "s=" + v.getAsInt());
                }
            }
            return this;
        }
    }

    @Test
    void anIdleNodePublishes100OnceAndNothingMore() {
        Run r = new Run(20, Duration.ofMinutes(10)).feed(120, 0.0, 2);
        assertEquals(List.of("1s=100"), r.writes);
    }

    @Test
    void aSteadyLoadPublishesOneStepAndNothingMore() {
        // 0.7 of 2 CPUs used: 65 % free, written as a multiple of 10 once the smoothing has settled
        Run r = new Run(20, Duration.ofMinutes(10)).feed(300, 0.7, 2);
        assertEquals(1, r.writes.size(), r.writes.toString());
        int v = r.h.published();
        assertTrue(v == 60 || v == 70, r.writes.toString());
    }

    @Test
    void aSaturatedQuotaFallsBelowTheThresholdWithin25Seconds() {
        Run r = new Run(20, Duration.ofMinutes(10)).feed(30, 0.05, 2);
        assertEquals(List.of("1s=100"), r.writes);
        r.feed(60, 0.2, 0.2); // the group uses all of its 20 % quota: 10 at 23 s (ln 10 time constants), 0 at 46 s
        assertEquals(0, r.h.published());
        String below = r.writes.stream().filter(w -> Integer.parseInt(w.substring(w.indexOf('=') + 1)) < 20).findFirst()
                .orElseThrow();
        long at = Long.parseLong(below.substring(0, below.indexOf('s')));
        assertTrue(at - 30 <= 25, "below 20 after " + (at - 30) + " s: " + r.writes);
    }

    @Test
    void aFigureThatMovesLessThanAStepWritesNothing() {
        Run r = new Run(20, Duration.ofMinutes(10)).feed(120, 1.0, 2); // 50 % free
        int writes = r.writes.size();
        for (int i = 0; i < 20; i++) {
            r.feed(15, i % 2 == 0 ? 0.88 : 1.12, 2); // 44 to 56 % free, never a whole step from 50
        }
        assertEquals(writes, r.writes.size(), r.writes.toString());
        assertEquals(50, r.h.published());
    }

    @Test
    void theThresholdIsCrossedAtMostOncePerHoldAndTheValueWaitsOnItsSide() {
        Run r = new Run(20, Duration.ofMinutes(10)).feed(10, 0.0, 2);
        r.feed(60, 0.2, 0.2); // saturated: crosses below 20 (the first crossing is not held)
        assertEquals(0, r.h.published());
        r.feed(120, 0.0, 0.2); // its load left with its buckets: 100 % free, but the crossing back waits
        assertEquals(10, r.h.published(), r.writes.toString());
        r.feed(60 * 10 - 180, 0.0, 0.2); // still inside the 10 minutes of the first crossing
        assertEquals(10, r.h.published(), r.writes.toString());
        r.feed(60, 0.0, 0.2);
        assertEquals(100, r.h.published(), r.writes.toString());
        r.feed(60, 0.2, 0.2); // saturated again at once: held at 20 for ten minutes
        assertEquals(20, r.h.published(), r.writes.toString());
        r.feed(600, 0.2, 0.2);
        assertEquals(0, r.h.published(), r.writes.toString());
        long crossings = r.writes.stream().filter(w -> w.endsWith("=0") || w.endsWith("=100")).count();
        assertEquals(4, crossings, r.writes.toString()); // 100, 0, 100, 0: each at least 10 min after the one before
    }

    @Test
    void holdZeroCrossesAtOnce() {
        Run r = new Run(20, Duration.ZERO).feed(10, 0.0, 2).feed(60, 0.2, 0.2).feed(60, 0.0, 0.2);
        assertEquals(100, r.h.published(), r.writes.toString());
    }

    @Test
    void aGroupMadeAnewStartsOver() {
        Headroom h = new Headroom(20, Duration.ofMinutes(10));
        h.sample(0, 5_000_000, 1);
        assertTrue(h.sample(S, 100, 1).isEmpty()); // usage went back: a new group, no figure from the difference
        assertEquals(OptionalInt.of(100), h.sample(2 * S, 100, 1));
    }

    @Test
    void aThresholdOutsideOneToHundredIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Headroom(0, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new Headroom(101, Duration.ZERO));
    }
}
