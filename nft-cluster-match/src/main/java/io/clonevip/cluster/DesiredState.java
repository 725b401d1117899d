package io.clonevip.cluster;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What this node wants for one cluster IP, as the agents (IPaddr3 start/stop) and {@code netctl
 * buckets} last decided it, independent of what the kernel holds now: the spec, the buckets this
 * node serves, and the buckets it is draining (kept out of the local set, recorded so that a
 * repair never hands them back). The resident daemon puts the kernel back to this state when
 * someone else changed it ({@link RulesetGuard}).
 *
 * @param spec     the cluster IP's spec
 * @param local    the buckets this node serves (the {@code cv_local} set)
 * @param draining buckets being given up; never in {@code local}
 */
public record DesiredState(ClusterIpSpec spec, BucketSet local, BucketSet draining) {
    private static final String HEADER = "# clonevip desired state: the agentd keeps the kernel at it";

    public DesiredState {
        if (local.total() != spec.buckets() || draining.total() != spec.buckets()) {
            throw new ClusterSpecException("buckets", local.format(), "buckets of a cluster of " + spec.buckets());
        }
        for (int b : draining) {
            if (local.contains(b)) throw new ClusterSpecException("draining", draining.format(), "buckets not in the local set " + local.format());
        }
    }

    /** Serves {@code local}, drains nothing. */
    public static DesiredState of(ClusterIpSpec spec, BucketSet local) {
        return new DesiredState(spec, local, BucketSet.empty(spec.buckets()));
    }

    public InetAddress vip() { return spec.vip(); }

    /** Whether the kernel's state {@code st} is this one: whole, current layout, same spec, same local set. */
    public boolean heldBy(ClusterState st) {
        return st != null && st.current() && st.spec().equals(spec) && st.local().equals(local);
    }

    /** What differs between this state and the kernel's {@code st}, one item per departure; empty when held. */
    public List<String> departures(ClusterState st) {
        List<String> out = new ArrayList<>();
        if (st == null) {
            out.add("tables " + ClusterRuleset.tableName(spec.vip()) + " missing (or emptied: no rule carries the spec)");
            return out;
        }
        if (!st.spec().equals(spec)) out.add("spec in the kernel (" + SpecComment.format(st.spec()) + ") is not the desired one");
        out.addAll(st.problems());
        if (st.whole() && st.layout() != RulesetLayout.CURRENT) out.add("tables of the older layout " + st.layout());
        if (!st.local().equals(local)) {
            out.add("local buckets " + (st.local().isEmpty() ? "none" : st.local().format()) + ", desired "
                    + (local.isEmpty() ? "none" : local.format()));
        }
        return out;
    }

    /** The file form: {@code spec=}, {@code local=}, {@code draining=} lines. */
    String format() {
        return HEADER + "\nspec=" + SpecComment.format(spec) + "\nlocal=" + local.format() + "\ndraining=" + draining.format() + "\n";
    }

    /** Reads {@link #format()}'s text; anything else is a ClusterSpecException naming what is wrong. */
    static DesiredState parse(String text) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            int eq = line.indexOf('=');
            if (eq <= 0) throw new ClusterSpecException("desired state", line, "key=value lines");
            kv.put(line.substring(0, eq), line.substring(eq + 1));
        }
        String spec = kv.get("spec");
        if (spec == null || !kv.containsKey("local")) throw new ClusterSpecException("desired state", text.strip(), "spec= and local= lines");
        ClusterIpSpec s = SpecComment.parse(spec);
        return new DesiredState(s, BucketSet.parse(kv.get("local"), s.buckets()),
                BucketSet.parse(kv.getOrDefault("draining", ""), s.buckets()));
    }
}
