package io.clonevip.clusterip.save;

import io.clonevip.cluster.ClusterIpSpec;
import io.clonevip.cluster.ClusterSpecException;
import io.clonevip.clusterip.ClusterIpHashMode;
import io.clonevip.clusterip.SourceLine;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The clonevip configuration equivalent to one CLUSTERIP VIP on this node.
 *
 * @param vip          the VIP
 * @param nic          the interface (the rule's -i), or null when the rule named none
 * @param buckets      N: number of buckets = CLUSTERIP's --total-nodes
 * @param hashMode     the hash key fields (clonevip hash mode = {@link ClusterIpHashMode#clonevipMode()})
 * @param seed         the hash seed = CLUSTERIP's --hash-init (bucket ownership is kept, not which
 *                     client falls in which bucket: the hash function differs)
 * @param mac          the cluster MAC, kept (lower case)
 * @param localBuckets the buckets this node serves: the /proc copy's local nodes, or the rules'
 *                     --local-node when no /proc copy was given
 * @param fromProc     whether localBuckets came from a /proc copy
 * @param rules        where the CLUSTERIP rules for this VIP are (with and without --new)
 * @param proc         the /proc copy used, or null
 */
public record VipMigration(String vip, String nic, int buckets, ClusterIpHashMode hashMode, long seed, String mac,
                           SortedSet<Integer> localBuckets, boolean fromProc, List<SourceLine> rules,
                           SourceLine proc) {
    public VipMigration {
        localBuckets = Collections.unmodifiableSortedSet(new TreeSet<>(localBuckets));
        rules = List.copyOf(rules);
    }

    /** The seed as IPaddr3's hash_seed value: 0x + 8 hex digits. */
    public String seedHex() {
        return String.format("0x%08x", seed);
    }

    /** The clonevip spec with the same NIC, N, seed, MAC and key fields; the VIP must name its NIC. */
    public ClusterIpSpec spec() throws ClusterSpecException {
        return ClusterIpSpec.builder().vip(vip).nic(nic).buckets(buckets).hashMode(hashMode.clonevipMode())
                .seed(seed).clusterMac(mac).build();
    }
}
