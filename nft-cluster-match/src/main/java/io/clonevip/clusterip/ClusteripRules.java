package io.clonevip.clusterip;

import io.clonevip.nativ.KernelException;
import java.net.Inet4Address;

/**
 * A node's CLUSTERIP rules as {@link ClusteripToNft} sees them: read the rules and live local
 * nodes of a VIP, remove its rules. The kernel's ({@link ClusterIpLegacyBackend}, what
 * {@code netctl migrate --apply --keep-connections} uses), or a node's saved state where the
 * kernel has no CLUSTERIP (tests on kernels from 6.3 on).
 */
public interface ClusteripRules {
    /** The rules for {@code vip} and its live local nodes. */
    ClusterIpState state(Inet4Address vip) throws KernelException;

    /** Removes every CLUSTERIP rule for {@code vip} (and with the last one the cluster config); whether there were any. */
    boolean removeRules(Inet4Address vip) throws KernelException;
}
