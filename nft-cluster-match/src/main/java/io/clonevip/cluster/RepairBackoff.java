package io.clonevip.cluster;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How long the guard waits before repairing one VIP again when someone keeps undoing its repairs
 * (a configuration-management loop, an operator's script): up to {@link #FREE} repairs within
 * {@link #WINDOW_NANOS} go through at once; beyond that each repair waits twice as long as the
 * previous wait, from 100 ms up to 10 s, until a quiet window resets it. No busy loop whatever
 * the rate of changes. Times are {@link System#nanoTime()} values, passed in for testing.
 */
final class RepairBackoff {
    static final int FREE = 5;
    static final long WINDOW_NANOS = 1_000_000_000L;
    static final long FIRST_NANOS = 100_000_000L;
    static final long MAX_NANOS = 10_000_000_000L;

    private final Deque<Long> recent = new ArrayDeque<>();
    private long delay;
    private long notBefore = Long.MIN_VALUE;

    /** Whether a repair may run at {@code now}. */
    boolean allows(long now) { return notBefore == Long.MIN_VALUE || now - notBefore >= 0; }

    /** When the next repair may run (only meaningful while {@link #allows} is false). */
    long notBefore() { return notBefore; }

    /** Whether repairs are being delayed (someone fights them). */
    boolean fighting() { return delay > 0; }

    long delayNanos() { return delay; }

    /** Notes a repair at {@code now} and returns the wait imposed on the next one (0: none). */
    long repaired(long now) {
        while (!recent.isEmpty() && now - recent.peekFirst() > WINDOW_NANOS) recent.removeFirst();
        if (recent.isEmpty() && (notBefore == Long.MIN_VALUE || now - notBefore > WINDOW_NANOS)) delay = 0;
        recent.addLast(now);
        if (recent.size() <= FREE) {
            notBefore = Long.MIN_VALUE;
            return 0;
        }
        delay = delay == 0 ? FIRST_NANOS : Math.min(MAX_NANOS, delay * 2);
        notBefore = now + delay;
        return delay;
    }
}
