package io.clonevip.cluster;

import java.util.List;

/**
 * A cluster IP on this node: the ruleset's state and whether the address and the multicast
 * membership are in place; {@link #problems()} lists everything that is not whole.
 */
public record NodeStatus(ClusterState state, boolean addressPresent, boolean multicastJoined, List<String> problems) {
    public boolean whole() { return problems.isEmpty(); }
}
