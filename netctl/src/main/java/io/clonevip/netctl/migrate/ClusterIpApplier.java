package io.clonevip.netctl.migrate;

import io.clonevip.clusterip.save.VipMigration;
import io.clonevip.netctl.NetctlException;
import java.io.PrintWriter;
import java.util.List;

/**
 * {@code netctl migrate --apply}: programs the clonevip configuration of some VIPs on this node
 * (nftables tables, local buckets, the VIP on its NIC, cluster MAC membership).
 */
public interface ClusterIpApplier {
    /**
     * Programs every VIP, or nothing (all or nothing per call); returns one line per VIP saying
     * what was applied.
     *
     * @throws NetctlException carrying the exit code when it cannot
     */
    List<String> apply(List<VipMigration> vips) throws Exception;

    /**
     * The applier for this node (inside {@code netns} when not null). {@code cidrNetmask} is the
     * VIP's prefix length on its NIC; null takes it from an address of the NIC in the VIP's
     * network (else /32), warning on {@code warnings}.
     */
    static ClusterIpApplier forThisNode(String netns, Integer cidrNetmask, PrintWriter warnings) {
        return new NodeApplier(netns, cidrNetmask, warnings);
    }

    /** The zero-disruption applier: this node's live CLUSTERIP rules → clusterip-compatible nftables. */
    static ClusterIpApplier keepingConnections(String netns, Integer cidrNetmask, PrintWriter warnings) {
        return new KeepConnectionsApplier(netns, cidrNetmask, warnings);
    }
}
