package io.clonevip.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The guard's answer to someone undoing its repairs: free up to five a second, then waits doubling to 10 s, reset by quiet. */
class RepairBackoffTest {
    static final long MS = 1_000_000L;

    @Test
    void fiveRepairsASecondAreFreeThenWaitsDoubleUpToTenSeconds() {
        RepairBackoff b = new RepairBackoff();
        long t = 0;
        for (int i = 0; i < RepairBackoff.FREE; i++) {
            assertTrue(b.allows(t));
            assertEquals(0, b.repaired(t));
            t += 10 * MS;
        }
        assertEquals(100 * MS, b.repaired(t), "the sixth within a second waits 100 ms");
        assertFalse(b.allows(t + 99 * MS));
        assertTrue(b.allows(t + 100 * MS));
        t += 100 * MS;
        assertEquals(200 * MS, b.repaired(t));
        t += 200 * MS;
        assertEquals(400 * MS, b.repaired(t));
        assertTrue(b.fighting());
        for (int i = 0; i < 20; i++) {
            t += b.delayNanos();
            b.repaired(t);
        }
        assertTrue(b.delayNanos() <= RepairBackoff.MAX_NANOS, "never more than 10 s");
    }

    @Test
    void aQuietSecondAfterTheLastWaitStartsOver() {
        RepairBackoff b = new RepairBackoff();
        long t = 0;
        for (int i = 0; i <= RepairBackoff.FREE; i++) b.repaired(t += MS);
        assertTrue(b.fighting());
        t = b.notBefore() + 2_000 * MS;
        assertEquals(0, b.repaired(t), "after a quiet period a repair is free again");
        assertFalse(b.fighting());
    }
}
