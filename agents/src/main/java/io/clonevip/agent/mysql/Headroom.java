package io.clonevip.agent.mysql;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * The {@code load_headroom} figure of docs/user/load-aware-placement.md from successive samples of
 * the database's CPU use: 100 − the percentage of its CPU limit used, smoothed exponentially
 * (time constant {@link #WINDOW}, like the kernel's avg10), published in steps of 10 and only when
 * the smoothed figure is a whole step away from the published value (or within 1 of 0 or 100, which
 * the smoothing only approaches), and crossing the placement
 * rule's threshold (either way) at most once per {@code hold}: while a crossing is held back the
 * value moves at most to the last step on its side. No value is published before the first full
 * interval. Pure arithmetic on the times given; not thread-safe.
 */
public final class Headroom {
    /** The smoothing's time constant. */
    public static final Duration WINDOW = Duration.ofSeconds(10);
    static final int STEP = 10;
    /** The smoothing only approaches 0 and 100: within this of one, it counts as there. */
    private static final double END = 1.0;
    private static final long NEVER = Long.MIN_VALUE;

    private final int threshold;
    private final long holdNanos;
    private final double windowNanos = WINDOW.toNanos();
    private long lastNanos = NEVER;
    private long lastUsage;
    private double smoothed = Double.NaN;
    private int published = -1;
    private long crossedNanos = NEVER;

    /**
     * @param threshold the rule's threshold ({@code lt 20}): values below it shed
     * @param hold      the least time between two crossings of it
     */
    public Headroom(int threshold, Duration hold) {
        if (threshold < 1 || threshold > 100) {
            throw new IllegalArgumentException("threshold must be 1..100: " + threshold);
        }
        this.threshold = threshold;
        this.holdNanos = hold.toNanos();
    }

    /**
     * One sample at {@code nanos} (a monotonic clock): the group's total CPU time used so far and
     * its limit in CPUs. Returns the value to publish now, or empty when the published one stays.
     */
    public OptionalInt sample(long nanos, long usageMicros, double limitCpus) {
        if (lastNanos == NEVER || nanos - lastNanos <= 0 || usageMicros < lastUsage) {
            lastNanos = nanos; // first sample, or the group was made anew: start over
            lastUsage = usageMicros;
            return OptionalInt.empty();
        }
        long dt = nanos - lastNanos;
        double used = (usageMicros - lastUsage) * 1000.0 / dt / Math.max(limitCpus, 0.001);
        double raw = 100.0 * (1.0 - Math.min(1.0, used));
        lastNanos = nanos;
        lastUsage = usageMicros;
        smoothed = Double.isNaN(smoothed) ? raw : smoothed + (raw - smoothed) * (1.0 - Math.exp(-dt / windowNanos));
        return next(nanos);
    }

    private OptionalInt next(long nanos) {
        boolean atAnEnd = smoothed <= END || smoothed >= 100 - END;
        if (published >= 0 && Math.abs(smoothed - published) < STEP && !atAnEnd) {
            return OptionalInt.empty();
        }
        int wanted = (int) Math.round(smoothed / STEP) * STEP;
        wanted = Math.max(0, Math.min(100, wanted));
        if (crosses(wanted) && crossedNanos != NEVER && nanos - crossedNanos < holdNanos) {
            // held back: as far as the last step on the published side
            wanted = below(publishedOrUnset()) ? Math.min(wanted, lastStepBelow()) : Math.max(wanted, firstStepAtOrAbove());
        }
        return wanted == published ? OptionalInt.empty() : OptionalInt.of(wanted);
    }

    /** Records that {@code value} (from {@link #sample}) was written at {@code nanos}. */
    public void published(int value, long nanos) {
        if (crosses(value)) {
            crossedNanos = nanos;
        }
        published = value;
    }

    /** The value last published, -1 when none. */
    public int published() {
        return published;
    }

    /** The smoothed figure (0–100), NaN before the second sample. */
    public double smoothed() {
        return smoothed;
    }

    private boolean crosses(int value) {
        return below(value) != below(publishedOrUnset());
    }

    /** No value counts as "not below" (the rule leaves such a node its share). */
    private int publishedOrUnset() {
        return published < 0 ? 100 : published;
    }

    private boolean below(int value) {
        return value < threshold;
    }

    private int lastStepBelow() {
        return (threshold - 1) / STEP * STEP;
    }

    private int firstStepAtOrAbove() {
        return (threshold + STEP - 1) / STEP * STEP;
    }
}
