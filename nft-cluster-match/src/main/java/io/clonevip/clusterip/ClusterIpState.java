package io.clonevip.clusterip;

import java.net.Inet4Address;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;

/**
 * What the kernel holds for one VIP: the CLUSTERIP rules in the INPUT chain of table filter
 * (normally one) and, when the kernel has a cluster config for it, the live local node set from
 * {@code /proc/net/ipt_CLUSTERIP/<vip>}.
 */
public record ClusterIpState(Inet4Address vip, List<ClusterIpRule> rules, Optional<SortedSet<Integer>> localNodes) {

    public ClusterIpState {
        rules = List.copyOf(rules);
    }

    /** The rule, if exactly one is there (several are legal but not what clonevip writes). */
    public Optional<ClusterIpRule> rule() {
        return rules.size() == 1 ? Optional.of(rules.get(0)) : Optional.empty();
    }

    /** Whether this node currently answers for bucket {@code node}. */
    public boolean serves(int node) {
        return localNodes.map(s -> s.contains(node)).orElse(false);
    }
}
