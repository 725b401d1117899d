package io.clonevip.agent.ipaddr;

import io.clonevip.cluster.ClusterIpNode;
import io.clonevip.nativ.KernelException;

/** Opens the {@link ClusterIpNode} (one nf_tables and one rtnetlink socket) an action works over. */
@FunctionalInterface
interface NodeOpener {
    /** Sockets to the kernel of the calling thread's network namespace. */
    NodeOpener KERNEL = ClusterIpNode::open;

    ClusterIpNode open() throws KernelException;
}
