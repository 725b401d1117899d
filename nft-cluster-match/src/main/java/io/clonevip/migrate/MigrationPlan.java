package io.clonevip.migrate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

    public static MigrationPlan of(IptablesSave save, List<ProcClusterip> procs) throws MigrationInputException {
        List<String> warnings = new ArrayList<>();
        Map<String, List<ClusteripRule>> byVip = new LinkedHashMap<>();
        for (ClusteripRule r : save.rules()) {
            List<ClusteripRule> same = byVip.computeIfAbsent(r.vip(), k -> new ArrayList<>());
            for (ClusteripRule earlier : same) {
                String diff = earlier.disagreement(r);
                if (diff != null) {
                    throw r.source().error("CLUSTERIP rule for " + r.vip() + " disagrees with the rule at line "
                            + earlier.source().line() + ": " + diff);
                }
                if (earlier.localNode() == r.localNode()) {
                    warnings.add(r.source() + ": duplicate CLUSTERIP rule for " + r.vip() + " (same as line "
                            + earlier.source().line() + "); the migration removes the need for it");
                }
            }
            same.add(r);
        }
        for (IptablesSave.Reference ref : save.references()) {
            List<ClusteripRule> defining = byVip.get(ref.vip());
            if (defining == null) {
                throw ref.source().error("CLUSTERIP rule for " + ref.vip()
                        + " without --new, and no rule with --new defines that cluster IP");
            }
            if (ref.inInterface() != null && defining.get(0).inInterface() != null
                    && !ref.inInterface().equals(defining.get(0).inInterface())) {
                throw ref.source().error("CLUSTERIP rule for " + ref.vip() + " disagrees with the rule at line "
                        + defining.get(0).source().line() + ": -i " + ref.inInterface() + " vs "
                        + defining.get(0).inInterface());
            }
        }
        Map<String, ProcClusterip> procByVip = new LinkedHashMap<>();
        for (ProcClusterip p : procs) {
            ProcClusterip dup = procByVip.put(p.vip(), p);
            if (dup != null) throw p.source().error("second /proc copy for " + p.vip() + " (first: " + dup.source().file() + ")");
            if (!byVip.containsKey(p.vip())) {
                warnings.add(p.source().file() + ": /proc copy for " + p.vip() + " but " + save.file()
                        + " has no CLUSTERIP rule for it; ignored");
            }
        }
        List<VipMigration> out = new ArrayList<>();
        for (Map.Entry<String, List<ClusteripRule>> e : byVip.entrySet()) {
            out.add(vip(e.getKey(), e.getValue(), procByVip.get(e.getKey()), save, warnings));
        }
        return new MigrationPlan(out, warnings);
    }

    private static VipMigration vip(String vip, List<ClusteripRule> rules, ProcClusterip proc, IptablesSave save,
                                    List<String> warnings) throws MigrationInputException {
        ClusteripRule first = rules.get(0);
        List<SourceLine> places = new ArrayList<>();
        for (ClusteripRule r : rules) places.add(r.source());
        for (IptablesSave.Reference ref : save.references()) {
            if (ref.vip().equals(vip)) places.add(ref.source());
        }
        TreeSet<Integer> local = new TreeSet<>();
        if (proc != null) {
            for (int node : proc.localNodes()) {
                if (node > first.totalNodes()) {
                    throw proc.source().error("local node " + node + " is outside 1.." + first.totalNodes()
                            + " (--total-nodes of the rule at " + first.source() + ")");
                }
            }
            local.addAll(proc.localNodes());
            if (local.isEmpty()) warnings.add(proc.source().file() + ": " + vip + " has no local node: this node serves no bucket");
        } else {
            for (ClusteripRule r : rules) local.add(r.localNode());
            warnings.add(vip + ": no /proc copy given, local buckets taken from --local-node (iptables-save shows"
                    + " only the first local node; give --proc-dir for the full list)");
        }
        if (first.inInterface() == null) {
            warnings.add(first.source() + ": CLUSTERIP rule for " + vip + " has no -i interface; give nic= yourself");
        }
        return new VipMigration(vip, first.inInterface(), first.totalNodes(), first.hashMode(), first.hashInit(),
                first.clusterMac(), local, proc != null, places, proc == null ? null : proc.source());
    }
}
