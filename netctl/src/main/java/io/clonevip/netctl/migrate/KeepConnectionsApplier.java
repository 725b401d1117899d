package io.clonevip.netctl.migrate;

import io.clonevip.cluster.VipAddress;
import io.clonevip.clusterip.ClusteripMigrationException;
import io.clonevip.clusterip.ClusteripToNft;
import io.clonevip.migrate.VipMigration;
import io.clonevip.netctl.ExitCodes;
import io.clonevip.netctl.NetctlException;
import java.io.PrintWriter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code netctl migrate --apply --keep-connections}: moves each VIP of this node from its live
 * CLUSTERIP rule to the clusterip-compatible nftables ruleset ({@link ClusteripToNft}): nft is
 * applied beside CLUSTERIP and read back, then the CLUSTERIP rule goes. Clients keep their
 * buckets and established connections keep working (docs/user/migration.md). What the node runs is
 * read from the kernel; the iptables-save file names the VIPs.
 */
final class KeepConnectionsApplier implements ClusterIpApplier {
    private final String netns;
    private final Integer cidrNetmask;
    private final PrintWriter warnings;

    KeepConnectionsApplier(String netns, Integer cidrNetmask, PrintWriter warnings) {
        this.netns = netns;
        this.cidrNetmask = cidrNetmask;
        this.warnings = warnings;
    }

    @Override
    public List<String> apply(List<VipMigration> vips) throws Exception {
        List<String> lines = new ArrayList<>();
        ClusteripToNft move = new ClusteripToNft(netns);
        for (VipMigration v : vips) {
            Inet4Address vip = (Inet4Address) InetAddress.ofLiteral(v.vip());
            try {
                ClusteripToNft.Result r = move.migrate(vip, cidrNetmask == null ? null : VipAddress.of(cidrNetmask));
                for (String w : r.warnings()) warnings.println("netctl: warning: " + v.vip() + ": " + w);
                lines.add(v.vip() + ": " + r.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                        + ", hash " + r.plan().spec().hashMode() + ", local buckets " + r.plan().local().format());
            } catch (ClusteripMigrationException e) {
                int code = e.reason() == ClusteripMigrationException.Reason.NOTHING_TO_MIGRATE ? ExitCodes.NOT_FOUND : ExitCodes.FAILURE;
                throw new NetctlException(code, v.vip() + ": " + e.getMessage()
                        + (lines.isEmpty() ? "" : " (already moved: " + String.join("; ", lines) + ")"));
            }
        }
        return lines;
    }
}
