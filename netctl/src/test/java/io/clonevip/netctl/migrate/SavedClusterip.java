package io.clonevip.netctl.migrate;

import io.clonevip.clusterip.ClusterIpException;
import io.clonevip.clusterip.ClusterIpProc;
import io.clonevip.clusterip.ClusterIpRule;
import io.clonevip.clusterip.ClusterIpState;
import io.clonevip.clusterip.ClusterIpTarget;
import io.clonevip.clusterip.ClusteripRules;
import io.clonevip.clusterip.save.IptablesSaveParser;
import io.clonevip.clusterip.save.MigrationPlan;
import io.clonevip.clusterip.save.VipMigration;
import io.clonevip.lab.e2e.E2eLab;
import java.net.Inet4Address;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The CLUSTERIP state that the Percona stand-in ({@code src/test/resources/handover/IPaddr3})
 * keeps in a lab node where the kernel has no CLUSTERIP: its iptables-save text and its
 * {@code /proc/net/ipt_CLUSTERIP/<vip>} file, read with netctl's own parsers. Removing the rules
 * removes both files, as the kernel drops the cluster config and its /proc file with the last
 * rule, so the stand-in then sees what Percona's agent would see after a migration.
 */
final class SavedClusterip implements ClusteripRules {
    static final String DIR = "/run/clusterip-standin";

    private final E2eLab lab;
    private final int node;

    SavedClusterip(E2eLab lab, int node) {
        this.lab = lab;
        this.node = node;
    }

    /** What {@code iptables-save} would print on the node ("" without a rule). */
    String iptablesSave() {
        return read(DIR + "/iptables.rules").orElse("");
    }

    /** What {@code cat /proc/net/ipt_CLUSTERIP/<vip>} would print, if the file exists. */
    Optional<String> proc(Inet4Address vip) {
        return read(DIR + "/ipt_CLUSTERIP/" + vip.getHostAddress());
    }

    private Optional<String> read(String file) {
        if (!lab.execOk(node, "sh", "-c", "[ -e \"$1\" ] && echo yes || echo no", "sh", file).strip().equals("yes")) {
            return Optional.empty();
        }
        return Optional.of(lab.execOk(node, "cat", file));
    }

    @Override
    public ClusterIpState state(Inet4Address vip) {
        String save = iptablesSave();
        if (save.isBlank()) return new ClusterIpState(vip, List.of(), Optional.empty());
        Optional<String> proc = proc(vip);
        try {
            List<ClusterIpProc> procs = proc.isEmpty() ? List.of()
                    : List.of(ClusterIpProc.copy("proc", vip.getHostAddress(), proc.get()));
            MigrationPlan plan = MigrationPlan.of(IptablesSaveParser.parse("node" + node + " iptables-save", save), procs);
            VipMigration v = plan.vips().stream().filter(m -> m.vip().equals(vip.getHostAddress())).findFirst().orElseThrow();
            ClusterIpTarget t = new ClusterIpTarget(true, v.hashMode(),
                    v.mac().toUpperCase(java.util.Locale.ROOT), v.buckets(), List.copyOf(v.localBuckets()), v.seed());
            return new ClusterIpState(vip, List.of(new ClusterIpRule(vip, v.nic(), t)),
                    proc.isEmpty() ? Optional.empty() : Optional.of(new TreeSet<>(v.localBuckets())));
        } catch (ClusterIpException e) {
            throw new IllegalStateException("node" + node + ": the stand-in's CLUSTERIP state does not parse: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean removeRules(Inet4Address vip) {
        boolean had = !iptablesSave().isBlank();
        lab.execOk(node, "rm", "-f", DIR + "/iptables.rules", DIR + "/ipt_CLUSTERIP/" + vip.getHostAddress());
        return had;
    }
}
