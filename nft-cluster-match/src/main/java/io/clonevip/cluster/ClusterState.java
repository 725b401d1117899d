package io.clonevip.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * A node's cluster IP as read back from the kernel.
 *
 * @param spec           the spec kept with the ruleset
 * @param local          the buckets this node serves
 * @param localCounters  packets/bytes accepted per local bucket, in bucket order
 * @param newConnections new connections seen per bucket (index 0 = bucket 1), for every bucket
 * @param problems       what is wrong with the ruleset (missing table, chain, set or rule); empty when whole
 * @param layout         the names and forms the tables were found with; an older one than
 *                       {@link RulesetLayout#CURRENT} is whole but replaced by the next write
 * @param draining       the buckets this node drains (it serves their established connections
 *                       only, a new owner takes their new ones), in bucket order, with the time
 *                       left until the kernel ends the drain; empty before {@link RulesetLayout#V3}
 * @param guarded        the buckets another node drains (this node does not pick up their
 *                       connections mid-stream), with the time left; empty before V3
 */
public record ClusterState(ClusterIpSpec spec, BucketSet local, List<BucketCounter> localCounters,
                           long[] newConnections, List<String> problems, RulesetLayout layout,
                           List<TimedBucket> draining, List<TimedBucket> guarded) {

    public ClusterState(ClusterIpSpec spec, BucketSet local, List<BucketCounter> localCounters,
                        long[] newConnections, List<String> problems, RulesetLayout layout) {
        this(spec, local, localCounters, newConnections, problems, layout, List.of(), List.of());
    }

    /** Packets and bytes of one bucket. */
    public record BucketCounter(int bucket, long packets, long bytes) {}

    /**
     * A bucket in one of the expiring sets.
     *
     * @param expiresMs the time left until the kernel removes it (ms); 0 when it has no timeout
     * @param packets   packets it matched (drained packets; dropped mid-stream pickups)
     */
    public record TimedBucket(int bucket, long expiresMs, long packets, long bytes) {}

    /** The buckets this node drains. */
    public BucketSet drainingBuckets() { return buckets(draining); }

    /** The buckets another node drains. */
    public BucketSet guardedBuckets() { return buckets(guarded); }

    /** Neither serving nor draining a bucket: what is left once the last drain ended. */
    public boolean idle() { return local.isEmpty() && draining.isEmpty(); }

    private BucketSet buckets(List<TimedBucket> l) {
        BucketSet s = BucketSet.empty(spec.buckets());
        for (TimedBucket t : l) s = s.with(t.bucket());
        return s;
    }

    public boolean whole() { return problems.isEmpty(); }

    /** Whole and in the layout this build writes: a write only has to change the buckets. */
    public boolean current() { return whole() && layout == RulesetLayout.CURRENT; }

    /** The state of tables just written for {@code spec} with {@code local}: whole, current, every counter 0. */
    static ClusterState fresh(ClusterIpSpec spec, BucketSet local) {
        List<BucketCounter> counters = new ArrayList<>();
        for (int b : local) counters.add(new BucketCounter(b, 0, 0));
        return new ClusterState(spec, local, List.copyOf(counters), new long[spec.buckets()], List.of(), RulesetLayout.CURRENT);
    }

    /** This state with {@code draining} and {@code guarded} as written (their times as sent, counters 0). */
    ClusterState withTimed(List<TimedBucket> draining, List<TimedBucket> guarded) {
        return new ClusterState(spec, local, localCounters, newConnections, problems, layout, List.copyOf(draining), List.copyOf(guarded));
    }

    /** This state after only the local set changed to {@code now}: kept buckets keep their counters, new ones start at 0. */
    ClusterState withLocal(BucketSet now) {
        List<BucketCounter> counters = new ArrayList<>();
        for (int b : now) {
            BucketCounter kept = null;
            for (BucketCounter c : localCounters) if (c.bucket() == b) kept = c;
            counters.add(kept != null ? kept : new BucketCounter(b, 0, 0));
        }
        return new ClusterState(spec, now, List.copyOf(counters), newConnections, problems, layout, draining, guarded);
    }
}
