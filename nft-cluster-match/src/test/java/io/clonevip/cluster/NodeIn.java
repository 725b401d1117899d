package io.clonevip.cluster;

import io.clonevip.nativ.NetNs;
import io.clonevip.nft.NftConn;
import java.net.InetAddress;

/**
 * Work on a {@link ClusterIpNode} opened inside a network namespace, as an agent's action does
 * it there, and the VIP's state read there: the tests of the agents and of netctl change and read a node's cluster IP with it
 * (shared through this module's test jar).
 */
public final class NodeIn {
    private NodeIn() {}

    /** One piece of work on the node. */
    @FunctionalInterface
    public interface Work {
        void run(ClusterIpNode n) throws Exception;
    }

    /** Runs {@code work} on a node opened in namespace {@code ns}. */
    public static void run(String ns, Work work) throws Exception {
        NetNs.run(ns, () -> {
            try (ClusterIpNode n = ClusterIpNode.open()) {
                work.run(n);
            }
        });
    }

    /** As {@link #run(String, Work)}, the node recording its changes in {@code store} as IPaddr3 records them. */
    public static void run(String ns, DesiredStates store, Work work) throws Exception {
        NetNs.run(ns, () -> {
            try (ClusterIpNode n = ClusterIpNode.open().recordingTo(store)) {
                work.run(n);
            }
        });
    }

    /** The kernel's state of {@code vip} in namespace {@code ns} (one read of its tables); null when it has none. */
    public static ClusterState state(String ns, InetAddress vip) throws Exception {
        return NetNs.call(ns, () -> {
            try (NftConn c = NftConn.open()) {
                return new ClusterIpTables(c).state(vip);
            }
        });
    }
}
