package io.clonevip.cluster;

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
}
