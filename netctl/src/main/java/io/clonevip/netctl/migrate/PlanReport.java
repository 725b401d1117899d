package io.clonevip.netctl.migrate;

import io.clonevip.cluster.HashMode;
import io.clonevip.migrate.MigrationPlan;
import io.clonevip.migrate.VipMigration;
import io.clonevip.netctl.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Prints a {@link MigrationPlan}: a table, the commands an operator runs, warnings and the
 * one-time-cut note; or the same as one JSON document (shape in docs/user/migration.md). After
 * {@code --apply --keep-connections} the Pacemaker commands carry the clusterip-compatible hash
 * mode the node now runs, and the note says connections were kept.
 */
public final class PlanReport {
    private final MigrationPlan plan;
    private final String sourceFile;
    private final String procDir;
    private final Integer cidrNetmask;
    private final boolean keptConnections;

    /**
     * @param cidrNetmask the prefix length of the VIP's address on its NIC (iptables-save does not
     *                    contain it), or null to print a placeholder
     */
    public PlanReport(MigrationPlan plan, String sourceFile, String procDir, Integer cidrNetmask) {
        this(plan, sourceFile, procDir, cidrNetmask, false);
    }

    /**
     * @param keptConnections the VIPs were moved with {@code --keep-connections}: the node runs the
     *                        clusterip-compatible mode of each CLUSTERIP hash mode, connections were kept
     */
    public PlanReport(MigrationPlan plan, String sourceFile, String procDir, Integer cidrNetmask, boolean keptConnections) {
        this.plan = plan;
        this.sourceFile = sourceFile;
        this.procDir = procDir;
        this.cidrNetmask = cidrNetmask;
        this.keptConnections = keptConnections;
    }

    /** The clonevip hash mode for the VIP: CLUSTERIP's fields, or its clusterip-compatible mode after --keep-connections. */
    String hashMode(VipMigration v) {
        String plain = v.hashMode().clonevipName();
        return keptConnections ? HashMode.compatibleWith(HashMode.parse(plain)).keyword() : plain;
    }

    private String note() {
        return keptConnections ? MigrationGuide.KEPT : MigrationGuide.CUT_ONCE;
    }

    /** Resource names for the example commands, from the VIP (rename them to yours). */
    static String primitiveId(VipMigration v) { return "p_vip_" + v.vip().replace('.', '_'); }

    static String cloneId(VipMigration v) { return "cl_vip_" + v.vip().replace('.', '_'); }

    /** IPaddr3's parameters, in the order they are printed. */
    Map<String, Object> ipaddr3Params(VipMigration v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ip", v.vip());
        m.put("nic", v.nic() == null ? "NIC" : v.nic());
        m.put("cidr_netmask", cidrNetmask == null ? "PREFIX" : cidrNetmask.toString());
        m.put("mac", v.mac());
        m.put("clusterip_hash", hashMode(v));
        m.put("hash_seed", v.seedHex());
        return m;
    }

    static String buckets(VipMigration v) {
        return v.localBuckets().stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    String netctlCommand(VipMigration v) {
        return v.localBuckets().isEmpty() ? "netctl buckets set " + v.vip() + " none"
                : "netctl buckets set " + v.vip() + " " + buckets(v);
    }

    List<String> crmCommands(VipMigration v) {
        String params = ipaddr3Params(v).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
        return List.of(
                "crm configure primitive " + primitiveId(v) + " ocf:clonevip:IPaddr3 params " + params
                        + " op monitor interval=10s",
                "crm configure clone " + cloneId(v) + " " + primitiveId(v) + " meta clone-max=" + v.buckets()
                        + " clone-node-max=" + v.buckets() + " globally-unique=true");
    }

    String pcsCommand(VipMigration v) {
        String params = ipaddr3Params(v).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
        return "pcs resource create " + primitiveId(v) + " ocf:clonevip:IPaddr3 " + params
                + " op monitor interval=10s clone " + cloneId(v) + " meta clone-max=" + v.buckets()
                + " clone-node-max=" + v.buckets() + " globally-unique=true";
    }

    public String human() {
        StringBuilder sb = new StringBuilder();
        sb.append("CLUSTERIP -> clonevip, from ").append(sourceFile)
                .append(procDir == null ? " (no /proc copies)" : ", /proc copies from " + procDir).append("\n\n");
        if (plan.vips().isEmpty()) {
            sb.append("No CLUSTERIP rule found: nothing to migrate.\n");
        } else {
            String fmt = "%-16s %-8s %-7s %-29s %-10s %-17s %-10s %s%n";
            sb.append(String.format(fmt, "VIP", "NIC", "BUCKETS", "HASH", "SEED", "MAC", "LOCAL", "LOCAL FROM"));
            for (VipMigration v : plan.vips()) {
                sb.append(String.format(fmt, v.vip(), v.nic() == null ? "-" : v.nic(), v.buckets(),
                        hashMode(v), v.seedHex(), v.mac(),
                        v.localBuckets().isEmpty() ? "none" : buckets(v),
                        v.fromProc() ? "proc " + v.proc().file() : "rule --local-node"));
            }
            sb.append("\nOn this node, outside Pacemaker (buckets this node serves now):\n");
            for (VipMigration v : plan.vips()) sb.append("  ").append(netctlCommand(v)).append('\n');
            sb.append("\nWith Pacemaker, crm shell (names are examples; keep yours):\n");
            for (VipMigration v : plan.vips()) for (String c : crmCommands(v)) sb.append("  ").append(c).append('\n');
            sb.append("\nWith Pacemaker, pcs:\n");
            for (VipMigration v : plan.vips()) sb.append("  ").append(pcsCommand(v)).append('\n');
            if (cidrNetmask == null) {
                sb.append("\nPREFIX: the prefix length of the VIP's address on its NIC (ip -4 addr show dev NIC);"
                        + " iptables-save does not contain it. Give --cidr-netmask to fill it in.\n");
            }
        }
        if (!plan.warnings().isEmpty()) {
            sb.append("\nWarnings:\n");
            for (String w : plan.warnings()) sb.append("  ").append(w).append('\n');
        }
        sb.append('\n').append(note()).append('\n');
        return sb.toString();
    }

    public String json() {
        List<Object> vips = new ArrayList<>();
        for (VipMigration v : plan.vips()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("vip", v.vip());
            m.put("nic", v.nic());
            m.put("buckets", v.buckets());
            m.put("hash_mode", hashMode(v));
            m.put("clusterip_hashmode", v.hashMode().iptablesName());
            m.put("hash_seed", v.seedHex());
            m.put("mac", v.mac());
            m.put("local_buckets", List.copyOf(v.localBuckets()));
            m.put("local_buckets_from", v.fromProc() ? "proc" : "rule");
            m.put("rules", v.rules().stream().map(Object::toString).toList());
            m.put("proc", v.proc() == null ? null : v.proc().file());
            Map<String, Object> params = ipaddr3Params(v);
            if (v.nic() == null) params.put("nic", null);
            if (cidrNetmask == null) params.put("cidr_netmask", null);
            m.put("ipaddr3", params);
            m.put("clone_meta", Json.obj("clone-max", v.buckets(), "clone-node-max", v.buckets(),
                    "globally-unique", "true"));
            m.put("commands", Json.obj("netctl", netctlCommand(v), "crm", crmCommands(v), "pcs", pcsCommand(v)));
            vips.add(m);
        }
        return Json.write(Json.obj(
                "source", Json.obj("iptables_save", sourceFile, "proc_dir", procDir),
                "vips", vips,
                "warnings", plan.warnings(),
                "connections_cut_once", !keptConnections,
                "note", note()));
    }
}
