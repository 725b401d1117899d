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
 */
public record ClusterState(ClusterIpSpec spec, BucketSet local, List<BucketCounter> localCounters,
                           long[] newConnections, List<String> problems, RulesetLayout layout) {

    /** Packets and bytes of one bucket. */
    public record BucketCounter(int bucket, long packets, long bytes) {}

    public boolean whole() { return problems.isEmpty(); }

    /** Whole and in the layout this build writes: a write only has to change the buckets. */
    public boolean current() { return whole() && layout == RulesetLayout.CURRENT; }

    /** The state of tables just written for {@code spec} with {@code local}: whole, current, every counter 0. */
    static ClusterState fresh(ClusterIpSpec spec, BucketSet local) {
        List<BucketCounter> counters = new ArrayList<>();
        for (int b : local) counters.add(new BucketCounter(b, 0, 0));
        return new ClusterState(spec, local, List.copyOf(counters), new long[spec.buckets()], List.of(), RulesetLayout.CURRENT);
    }

    /** This state after only the local set changed to {@code now}: kept buckets keep their counters, new ones start at 0. */
    ClusterState withLocal(BucketSet now) {
        List<BucketCounter> counters = new ArrayList<>();
        for (int b : now) {
            BucketCounter kept = null;
            for (BucketCounter c : localCounters) if (c.bucket() == b) kept = c;
            counters.add(kept != null ? kept : new BucketCounter(b, 0, 0));
        }
        return new ClusterState(spec, now, List.copyOf(counters), newConnections, problems, layout);
    }
}
