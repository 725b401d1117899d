package io.clonevip.netctl.migrate;

import io.clonevip.migrate.VipMigration;
import io.clonevip.netctl.ExitCodes;
import io.clonevip.netctl.NetctlException;
import java.util.List;

/**
 * SEAM for {@code netctl migrate --apply}: programs the clonevip configuration of some VIPs on this
 * node (nftables table, local buckets, cluster MAC membership). The nftables backend is merged
 * later; until then {@link #forThisNode(String)} returns an applier that refuses, changing nothing.
 */
public interface ClusterIpApplier {
    /**
     * Programs every VIP, or nothing (all or nothing per call).
     *
     * @throws NetctlException carrying the exit code when it cannot
     */
    void apply(List<VipMigration> vips);

    /**
     * The applier for this node (inside {@code netns} when not null).
     * TODO(merge): return the nftables backend's applier once io.clonevip.cluster is merged.
     */
    static ClusterIpApplier forThisNode(String netns) {
        return vips -> {
            throw new NetctlException(ExitCodes.FAILURE, "--apply is not available yet: this build has no nftables"
                    + " backend to program the cluster IP (it is merged later); nothing was changed. Apply the"
                    + " printed configuration through Pacemaker (ocf:clonevip:IPaddr3) instead.");
        };
    }
}
