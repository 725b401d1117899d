package io.clonevip.clusterip.save;

import io.clonevip.clusterip.ClusterIpException;
import io.clonevip.clusterip.ClusterIpProc;
import io.clonevip.clusterip.ClusterIpRule;
import io.clonevip.clusterip.ClusterIpTarget;
import io.clonevip.clusterip.SourceLine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Merges an iptables-save output and copies of /proc/net/ipt_CLUSTERIP files into one clonevip
 * configuration per VIP. Rules for one VIP must agree (total nodes, MAC, hash mode, hash init,
 * interface); local nodes must be within 1..total nodes.
 *
 * @param vips     one entry per VIP, in the order of the first rule
 * @param warnings things worth telling the operator that do not stop the migration
 */
public record MigrationPlan(List<VipMigration> vips, List<String> warnings) {
    public MigrationPlan {
        vips = List.copyOf(vips);
        warnings = List.copyOf(warnings);
    }

    public static MigrationPlan of(IptablesSave save, List<ClusterIpProc> procs) throws ClusterIpException {
        List<String> warnings = new ArrayList<>();
        Map<String, List<IptablesSave.Saved>> byVip = new LinkedHashMap<>();
        for (IptablesSave.Saved r : save.rules()) {
            String vip = vip(r);
            List<IptablesSave.Saved> same = byVip.computeIfAbsent(vip, k -> new ArrayList<>());
            for (IptablesSave.Saved earlier : same) {
                String diff = earlier.rule().disagreement(r.rule());
                if (diff != null) {
                    throw r.source().error("CLUSTERIP rule for " + vip + " disagrees with the rule at line "
                            + earlier.source().line() + ": " + diff);
                }
                if (earlier.rule().target().localNodes().equals(r.rule().target().localNodes())) {
                    warnings.add(r.source() + ": duplicate CLUSTERIP rule for " + vip + " (same as line "
                            + earlier.source().line() + "); the migration removes the need for it");
                }
            }
            same.add(r);
        }
        for (IptablesSave.Saved ref : save.references()) {
            List<IptablesSave.Saved> defining = byVip.get(vip(ref));
            if (defining == null) {
                throw ref.source().error("CLUSTERIP rule for " + vip(ref)
                        + " without --new, and no rule with --new defines that cluster IP");
            }
            ClusterIpRule def = defining.get(0).rule();
            if (!ref.rule().iface().isEmpty() && !def.iface().isEmpty() && !ref.rule().iface().equals(def.iface())) {
                throw ref.source().error("CLUSTERIP rule for " + vip(ref) + " disagrees with the rule at line "
                        + defining.get(0).source().line() + ": -i " + ref.rule().iface() + " vs " + def.iface());
            }
        }
        Map<String, ClusterIpProc> procByVip = new LinkedHashMap<>();
        for (ClusterIpProc p : procs) {
            ClusterIpProc dup = procByVip.put(p.vip(), p);
            if (dup != null) throw p.source().error("second /proc copy for " + p.vip() + " (first: " + dup.source().file() + ")");
            if (!byVip.containsKey(p.vip())) {
                warnings.add(p.source().file() + ": /proc copy for " + p.vip() + " but " + save.file()
                        + " has no CLUSTERIP rule for it; ignored");
            }
        }
        List<VipMigration> out = new ArrayList<>();
        for (Map.Entry<String, List<IptablesSave.Saved>> e : byVip.entrySet()) {
            out.add(vip(e.getKey(), e.getValue(), procByVip.get(e.getKey()), save, warnings));
        }
        return new MigrationPlan(out, warnings);
    }

    private static String vip(IptablesSave.Saved r) {
        return r.rule().vip().getHostAddress();
    }

    private static VipMigration vip(String vip, List<IptablesSave.Saved> rules, ClusterIpProc proc, IptablesSave save,
                                    List<String> warnings) throws ClusterIpException {
        IptablesSave.Saved first = rules.get(0);
        ClusterIpTarget t = first.rule().target();
        List<SourceLine> places = new ArrayList<>();
        for (IptablesSave.Saved r : rules) places.add(r.source());
        for (IptablesSave.Saved ref : save.references()) {
            if (vip(ref).equals(vip)) places.add(ref.source());
        }
        TreeSet<Integer> local = new TreeSet<>();
        if (proc != null) {
            for (int node : proc.localNodes()) {
                if (node > t.totalNodes()) {
                    throw proc.source().error("local node " + node + " is outside 1.." + t.totalNodes()
                            + " (--total-nodes of the rule at " + first.source() + ")");
                }
            }
            local.addAll(proc.localNodes());
            if (local.isEmpty()) warnings.add(proc.source().file() + ": " + vip + " has no local node: this node serves no bucket");
        } else {
            for (IptablesSave.Saved r : rules) local.addAll(r.rule().target().localNodes());
            warnings.add(vip + ": no /proc copy given, local buckets taken from --local-node (iptables-save shows"
                    + " only the first local node; give --proc-dir for the full list)");
        }
        String nic = first.rule().iface().isEmpty() ? null : first.rule().iface();
        if (nic == null) {
            warnings.add(first.source() + ": CLUSTERIP rule for " + vip + " has no -i interface; give nic= yourself");
        }
        return new VipMigration(vip, nic, t.totalNodes(), t.hashMode(), t.hashInit(),
                t.clusterMac().toLowerCase(Locale.ROOT), local, proc != null, places, proc == null ? null : proc.source());
    }
}
