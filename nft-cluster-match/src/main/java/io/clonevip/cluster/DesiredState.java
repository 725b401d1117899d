package io.clonevip.cluster;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What this node wants for one cluster IP, as the agents (IPaddr3 start/stop/monitor) and
 * {@code netctl buckets} last decided it, independent of what the kernel holds now: the spec,
 * the buckets this node serves, the buckets it is draining (kept out of the local set, so that a
 * repair never hands them back) and until when, and the buckets it guards (another node drains
 * them) and until when. The resident daemon puts the kernel back to this state when someone else
 * changed it ({@link RulesetGuard}): drains and guards with the time they have left then, none
 * that has ended.
 *
 * @param spec       the cluster IP's spec
 * @param local      the buckets this node serves (the {@code cv_local} set)
 * @param draining   buckets being given up; never in {@code local}
 * @param drainEnds  when the kernel ends each drain, for the drains of {@code draining} that have a
 *                   timeout (a state written by a build before guards were recorded has none)
 * @param guardEnds  when the kernel ends each guard of this node ({@code cv_guard})
 */
public record DesiredState(ClusterIpSpec spec, BucketSet local, BucketSet draining, BucketDeadlines drainEnds,
                           BucketDeadlines guardEnds) {
    private static final String HEADER = "# clonevip desired state: the agentd keeps the kernel at it";
    /** A drain or guard with less time left than this is not put back: the kernel would end it at once. */
    public static final long MIN_LEFT_MS = 100;

    public DesiredState {
        if (local.total() != spec.buckets() || draining.total() != spec.buckets()) {
            throw new ClusterSpecException("buckets", local.format(), "buckets of a cluster of " + spec.buckets());
        }
        for (int b : draining) {
            if (local.contains(b)) throw new ClusterSpecException("draining", draining.format(), "buckets not in the local set " + local.format());
        }
        for (int b : drainEnds.ends().keySet()) {
            if (!draining.contains(b)) throw new ClusterSpecException("drain_until", drainEnds.format(), "buckets of draining=" + draining.format());
        }
        for (int b : guardEnds.ends().keySet()) BucketSet.of(spec.buckets(), b);
    }

    /** Serves {@code local}, drains and guards nothing. */
    public static DesiredState of(ClusterIpSpec spec, BucketSet local) {
        return new DesiredState(spec, local, BucketSet.empty(spec.buckets()), BucketDeadlines.none(), BucketDeadlines.none());
    }

    /**
     * The state the kernel's {@code st} holds, its drains and guards ending their time left after
     * {@code now}; a bucket both served and drained (not something clonevip writes) counts as served.
     */
    static DesiredState of(ClusterState st, Instant now) {
        List<ClusterState.TimedBucket> drains = st.draining().stream().filter(t -> !st.local().contains(t.bucket())).toList();
        BucketSet draining = BucketSet.empty(st.spec().buckets());
        for (ClusterState.TimedBucket t : drains) draining = draining.with(t.bucket());
        return new DesiredState(st.spec(), st.local(), draining, BucketDeadlines.of(drains, now), BucketDeadlines.of(st.guarded(), now));
    }

    public InetAddress vip() { return spec.vip(); }

    /** The drains to put back at {@code now}: bucket → ms left, those with {@link #MIN_LEFT_MS} or more. */
    public Map<Integer, Long> drainsLeft(Instant now) { return drainEnds.left(now, MIN_LEFT_MS); }

    /** The guards to put back at {@code now}: bucket → ms left, those with {@link #MIN_LEFT_MS} or more. */
    public Map<Integer, Long> guardsLeft(Instant now) { return guardEnds.left(now, MIN_LEFT_MS); }

    /**
     * This state with the drains and guards of {@code previous} (the same cluster IP's record
     * before) that have time left at {@code now} and that this one lacks: a drain of a bucket not
     * served here, a guard. For a change planned on tables a flush removed, which cannot see them.
     */
    DesiredState keeping(DesiredState previous, Instant now) {
        if (previous == null || previous.spec().buckets() != spec.buckets()) return this;
        BucketSet d = draining;
        SortedMap<Integer, Instant> de = new TreeMap<>(drainEnds.ends());
        for (int b : previous.drainsLeft(now).keySet()) {
            if (local.contains(b) || d.contains(b)) continue;
            d = d.with(b);
            de.put(b, previous.drainEnds().ends().get(b));
        }
        SortedMap<Integer, Instant> ge = new TreeMap<>(guardEnds.ends());
        for (int b : previous.guardsLeft(now).keySet()) ge.putIfAbsent(b, previous.guardEnds().ends().get(b));
        return new DesiredState(spec, local, d, new BucketDeadlines(de), new BucketDeadlines(ge));
    }

    /** The buckets whose connections this node keeps at {@code now}: those it serves and those it drains with time left (a repair puts them back). */
    public BucketSet wanted(Instant now) {
        BucketSet w = local;
        for (int b : drainsLeft(now).keySet()) w = w.with(b);
        return w;
    }

    /**
     * Whether nothing is left to want at {@code now}: a node that serves nothing and only drained,
     * every drain (and guard) ended. Its tables are idle and go ({@link DrainLeftovers}); a repair
     * does not bring them back. A state with no bucket and no drain ({@code netctl buckets del} of
     * the last bucket) is not over.
     */
    public boolean over(Instant now) {
        if (!local.isEmpty() || draining.isEmpty()) return false;
        for (int b : draining) if (!drainEnds.contains(b)) return false; // a drain without an end never ends by itself
        return drainEnds.allEnded(now) && guardEnds.allEnded(now);
    }

    /** Whether the kernel's state {@code st} is this one now: whole, current layout, same spec, same local set, every drain and guard there. */
    public boolean heldBy(ClusterState st) {
        return st != null && departures(st).isEmpty();
    }

    /** What differs between this state and the kernel's {@code st} now, one item per departure; empty when held. */
    public List<String> departures(ClusterState st) { return departures(st, Instant.now()); }

    /**
     * What differs between this state and the kernel's {@code st} at {@code now}: tables missing,
     * another spec, damage, an older layout, other local buckets, a drain or a guard with time
     * left that the kernel lacks (a drain or guard the kernel has and this state does not know is
     * left to the kernel's timeout).
     */
    public List<String> departures(ClusterState st, Instant now) {
        List<String> out = new ArrayList<>();
        BucketSet none = BucketSet.empty(spec.buckets());
        BucketSet drained = none;
        BucketSet guarded = none;
        if (st == null) {
            out.add("tables " + ClusterRuleset.tableName(spec.vip()) + " missing (or emptied: no rule carries the spec)");
        } else {
            if (!st.spec().equals(spec)) out.add("spec in the kernel (" + SpecComment.format(st.spec()) + ") is not the desired one");
            out.addAll(st.problems());
            if (st.whole() && st.layout() != RulesetLayout.CURRENT) out.add("tables of the older layout " + st.layout());
            if (!st.local().equals(local)) {
                out.add("local buckets " + (st.local().isEmpty() ? "none" : st.local().format()) + ", desired "
                        + (local.isEmpty() ? "none" : local.format()));
            }
            if (st.spec().buckets() != spec.buckets()) return out;
            drained = st.drainingBuckets(); // or served again
            for (int b : st.local()) drained = drained.with(b);
            guarded = st.guardedBuckets();
        }
        for (var e : drainsLeft(now).entrySet()) {
            if (!drained.contains(e.getKey())) out.add("drain of bucket " + e.getKey() + " missing (" + seconds(e.getValue()) + " s left)");
        }
        for (var e : guardsLeft(now).entrySet()) {
            if (!guarded.contains(e.getKey())) out.add("guard of bucket " + e.getKey() + " missing (" + seconds(e.getValue()) + " s left)");
        }
        return out;
    }

    private static String seconds(long ms) { return String.format(Locale.ROOT, "%.1f", ms / 1000.0); }

    /**
     * The file form: {@code spec=}, {@code local=}, {@code draining=} lines, and when there are any
     * {@code drain_until=} and {@code guard_until=} ({@link BucketDeadlines}). A reader of a build
     * before guards were recorded ignores the last two and reads the rest as before.
     */
    String format() {
        StringBuilder sb = new StringBuilder(HEADER).append("\nspec=").append(SpecComment.format(spec)).append("\nlocal=").append(local.format())
                .append("\ndraining=").append(draining.format()).append('\n');
        if (!drainEnds.isEmpty()) sb.append("drain_until=").append(drainEnds.format()).append('\n');
        if (!guardEnds.isEmpty()) sb.append("guard_until=").append(guardEnds.format()).append('\n');
        return sb.toString();
    }

    /** Reads {@link #format()}'s text (also without the lines a build before it did not write); anything else is a ClusterSpecException naming what is wrong. */
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
                BucketSet.parse(kv.getOrDefault("draining", ""), s.buckets()),
                BucketDeadlines.parse("drain_until", kv.get("drain_until"), s.buckets()),
                BucketDeadlines.parse("guard_until", kv.get("guard_until"), s.buckets()));
    }
}
