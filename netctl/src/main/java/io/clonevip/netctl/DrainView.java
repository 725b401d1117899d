package io.clonevip.netctl;

import io.clonevip.cluster.ClusterState;
import io.clonevip.cluster.ClusterState.TimedBucket;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The drains and guards of a cluster IP as {@code status}, {@code watch}, {@code which} and
 * {@code buckets undrain|unguard} show them: a bucket this node drains answers only its
 * established connections until the kernel ends the drain (the views that count them,
 * {@link HeldConnections}, say how many are left); a guarded bucket is one another node
 * drains, whose mid-stream packets this node drops instead of resetting them.
 */
public final class DrainView {
    private DrainView() {}

    /** The JSON {@code state} of a bucket: {@code draining}, {@code guarded}, {@code local} or {@code -}. */
    public static String state(ClusterState st, int bucket) {
        if (find(st.draining(), bucket) != null) return "draining";
        if (find(st.guarded(), bucket) != null) return "guarded";
        return st.local().contains(bucket) ? "local" : "-";
    }

    /** The LOCAL column: {@code yes} (served here), {@code drain} (established connections only) or {@code -}. */
    static String column(ClusterState st, int bucket) {
        if (st.local().contains(bucket)) return "yes";
        return find(st.draining(), bucket) != null ? "drain" : "-";
    }

    /** The entry of {@code bucket} in {@code l}, or null. */
    public static TimedBucket find(List<TimedBucket> l, int bucket) {
        for (TimedBucket t : l) if (t.bucket() == bucket) return t;
        return null;
    }

    /** {@code 41 s left}, {@code 4.2 s left}, {@code 12 min left}; {@code no time limit} for 0. */
    public static String left(long ms) {
        if (ms <= 0) return "no time limit";
        if (ms < 10_000) return String.format(Locale.ROOT, "%.1f s left", ms / 1000.0);
        if (ms < 600_000) return (ms + 500) / 1000 + " s left";
        return (ms + 30_000) / 60_000 + " min left";
    }

    /** {@code draining 3 (41 s left, 1520 packets)}: a drain, its time left and the packets it answered. */
    public static String drainText(TimedBucket t) {
        return drainText(t, null);
    }

    /** {@code draining 3 (41 s left, 12 connections, 1520 packets)}; without the connections when null (not counted). */
    public static String drainText(TimedBucket t, Integer connections) {
        return "draining " + t.bucket() + " (" + left(t.expiresMs()) + ", " + held(connections) + t.packets() + " packets)";
    }

    /** {@code 12 connections, }, {@code 1 connection, }; empty for null (not counted). */
    public static String held(Integer connections) {
        if (connections == null) return "";
        return connections + (connections == 1 ? " connection, " : " connections, ");
    }

    /** {@code guarded 7 (43 s left)}, with the mid-stream packets it dropped when there were any. */
    public static String guardText(TimedBucket t) {
        return "guarded " + t.bucket() + " (" + left(t.expiresMs())
                + (t.packets() > 0 ? ", " + t.packets() + " mid-stream packets dropped" : "") + ")";
    }

    /** One line a drain, then one a guard, in bucket order (none when there are neither). */
    public static List<String> lines(ClusterState st) {
        return lines(st, HeldConnections.NONE, new HashSet<>());
    }

    /**
     * One line a drain with the connections it still holds, one a guard, in bucket order; then,
     * when the drains' connections could not be counted, why, unless {@code said} (the reasons
     * this output already gave, to which it is added) has it: a reason is said once an output.
     */
    public static List<String> lines(ClusterState st, HeldConnections held, Set<String> said) {
        List<String> l = new ArrayList<>();
        InetAddress vip = st.spec().vip();
        for (TimedBucket t : st.draining()) l.add(drainText(t, held.of(vip, t.bucket())));
        for (TimedBucket t : st.guarded()) l.add(guardText(t));
        String why = held.notCounted(vip);
        if (why != null && said.add(why)) l.add(notCounted(why));
        return List.copyOf(l);
    }

    /** {@code connections not counted: WHY}. */
    public static String notCounted(String why) {
        return "connections not counted: " + why;
    }

    /** {@code [{"bucket":3,"expires_ms":41000,"packets":1520,"bytes":81234}, ...]}. */
    public static List<Object> json(List<TimedBucket> l) {
        List<Object> out = new ArrayList<>();
        for (TimedBucket t : l) out.add(json(t));
        return out;
    }

    static Object json(TimedBucket t) {
        return Json.obj("bucket", t.bucket(), "expires_ms", t.expiresMs(), "packets", t.packets(), "bytes", t.bytes());
    }

    /**
     * The drains of {@code st} with the connections each still holds:
     * {@code [{"bucket":3,"expires_ms":41000,"connections":12,"packets":1520,"bytes":81234}, ...]},
     * {@code connections} null when not counted.
     */
    public static List<Object> drainsJson(ClusterState st, HeldConnections held) {
        List<Object> out = new ArrayList<>();
        for (TimedBucket t : st.draining()) {
            out.add(Json.obj("bucket", t.bucket(), "expires_ms", t.expiresMs(), "connections", held.of(st.spec().vip(), t.bucket()),
                    "packets", t.packets(), "bytes", t.bytes()));
        }
        return out;
    }
}
