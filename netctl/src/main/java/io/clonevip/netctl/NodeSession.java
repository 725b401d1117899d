package io.clonevip.netctl;

import io.clonevip.cluster.ClusterIpNode;
import io.clonevip.cluster.DesiredStates;
import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.NetNs;

/**
 * Runs netctl's kernel work: opens a {@link ClusterIpNode} inside the {@code --netns} namespace
 * (or the current one), hands it to the work and closes it. Exceptions pass through unchanged;
 * {@link Netctl} maps them to exit codes.
 */
public final class NodeSession {
    private NodeSession() {}

    /** Work done with an open node. */
    @FunctionalInterface
    public interface Work<T> {
        T run(ClusterIpNode node) throws Exception;
    }

    /**
     * Calls {@code work} with a node opened in {@code netns} (null: the current namespace); its
     * changes record the node's desired state ({@link DesiredStates}) as IPaddr3's do, so the
     * resident daemon keeps a bucket moved by netctl where netctl put it.
     */
    public static <T> T call(String netns, Work<T> work) throws Exception {
        return NetNs.call(netns, () -> {
            try (ClusterIpNode node = ClusterIpNode.open().recordingTo(DesiredStates.at(DesiredStates.root(System.getenv()), netns))) {
                return work.run(node);
            }
        });
    }

    /**
     * A node opened in {@code netns} that the caller keeps and closes (netlink sockets keep the
     * namespace they were opened in, so it may be used from the calling thread afterwards).
     */
    public static ClusterIpNode open(String netns) throws Exception {
        return NetNs.call(netns, ClusterIpNode::open);
    }

    /** Whether {@code e} says the caller lacks a privilege. */
    static boolean isPermission(KernelException e) {
        return e.is(io.clonevip.nativ.Errno.EPERM) || e.is(io.clonevip.nativ.Errno.EACCES);
    }
}
