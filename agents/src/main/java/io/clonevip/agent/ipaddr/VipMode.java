package io.clonevip.agent.ipaddr;

import io.clonevip.nativ.KernelException;
import io.clonevip.ocf.OcfEnv;
import io.clonevip.ocf.OcfExitCode;

/**
 * How IPaddr3 holds its VIP, chosen once from the parameters: a single address
 * ({@link SingleVip}), one bucket of a load-shared clone over nftables ({@link CloneVip}) or over
 * the iptables CLUSTERIP target ({@link ClusteripVip}, {@code backend=clusterip}, kernels up to 6.2).
 */
sealed interface VipMode permits SingleVip, CloneVip, ClusteripVip {

    /**
     * The mode the parameters ask for; {@code publisher} gets the clone count (clone modes),
     * {@code nodes} opens the sockets of the nftables clone mode, {@code drains} carries its drains
     * between the nodes.
     */
    static VipMode of(VipSettings s, OcfEnv env, CloneCountPublisher publisher, NodeOpener nodes, DrainNotices drains) {
        if (!s.cloneMode()) {
            return new SingleVip(s, env);
        }
        return env.choice("backend").equals("clusterip") ? new ClusteripVip(s, env, publisher)
                : new CloneVip(s, env, publisher, nodes, drains);
    }

    void start() throws KernelException;

    void stop() throws KernelException;

    OcfExitCode monitor() throws KernelException;

    /** validate-all: the mode's own parameters against the NIC found, named when bad; changes nothing. */
    void check(String nic);
}
