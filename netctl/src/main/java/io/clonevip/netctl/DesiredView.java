package io.clonevip.netctl;

import io.clonevip.cluster.ClusterState;
import io.clonevip.cluster.DesiredState;
import io.clonevip.cluster.NodeStatus;
import io.clonevip.cluster.Repair;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of {@code netctl status} about the node's desired states (see docs/user/firewall.md): per
 * VIP whether the kernel holds what IPaddr3 and netctl last recorded, every departure by name
 * (tables missing, a rule clonevip did not write in its chain, buckets other than the desired
 * ones), and the resident daemon's latest repair of it (who, when, what it found, how fast).
 *
 * @param desired  the recorded state
 * @param kernel   the kernel's state, or null when its tables are missing
 * @param repair   the daemon's latest repair, or null
 */
public record DesiredView(DesiredState desired, ClusterState kernel, Repair repair) {

    public InetAddress vip() { return desired.vip(); }

    public List<String> departures() { return desired.departures(kernel); }

    /** One view per recorded VIP, matched with the kernel's states in {@code statuses}. */
    public static List<DesiredView> of(List<DesiredState> desired, List<NodeStatus> statuses, Map<InetAddress, Repair> repairs) {
        List<DesiredView> out = new ArrayList<>();
        for (DesiredState d : desired) {
            ClusterState k = null;
            for (NodeStatus s : statuses) if (s.state().spec().vip().equals(d.vip())) k = s.state();
            out.add(new DesiredView(d, k, repairs.get(d.vip())));
        }
        return out;
    }

    /** Human lines, each starting with two blanks. */
    public String human() {
        StringBuilder sb = new StringBuilder();
        sb.append("  desired: local ").append(desired.local().isEmpty() ? "none" : desired.local().format());
        if (!desired.draining().isEmpty()) sb.append(", draining ").append(desired.draining().format());
        Map<Integer, Long> guards = desired.guardsLeft(java.time.Instant.now());
        if (!guards.isEmpty()) sb.append(", guarding ")
                .append(io.clonevip.cluster.BucketSet.of(desired.spec().buckets(), guards.keySet().stream().mapToInt(Integer::intValue).toArray()).format());
        List<String> d = departures();
        sb.append(d.isEmpty() ? " (held by the kernel)\n" : "\n  departures from the desired state:\n");
        for (String x : d) sb.append("    - ").append(x).append('\n');
        if (repair != null) {
            sb.append("  last repair: ").append(repair.at()).append(" by ").append(repair.by()).append(", ")
                    .append(String.format("%.1f", repair.healMicros() / 1000.0)).append(" ms after the change (")
                    .append(repair.count()).append(repair.count() == 1 ? " repair" : " repairs").append("): ")
                    .append(repair.found()).append('\n');
        }
        return sb.toString();
    }

    /** The same for a VIP whose tables are missing (no status block above it). */
    public String humanMissing() {
        return String.format("%-16s tables missing%n", Endpoint.text(desired.vip())) + human();
    }

    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("vip", Endpoint.text(desired.vip()));
        m.put("local_buckets", StatusView.list(desired.local()));
        m.put("draining_buckets", StatusView.list(desired.draining()));
        m.put("guarded_buckets", List.copyOf(desired.guardsLeft(java.time.Instant.now()).keySet()));
        m.put("held", departures().isEmpty());
        m.put("departures", departures());
        m.put("last_repair", repair == null ? null : Json.obj("at", repair.at().toString(), "by", repair.by(),
                "found", repair.found(), "heal_us", repair.healMicros(), "count", repair.count()));
        return m;
    }
}
