package io.clonevip.netctl;

import io.clonevip.cluster.BucketSet;
import io.clonevip.cluster.ClusterIpSpec;
import io.clonevip.cluster.ClusterState;
import io.clonevip.cluster.NodeStatus;
import io.clonevip.cluster.RulesetLayout;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code netctl status} output: the compact human table and the stable JSON shape (documented in
 * docs/reference/netctl.md; keys are only ever added).
 */
public final class StatusView {
    private StatusView() {}

    /** Up to this N the human table lists every bucket; above it only local and draining buckets and buckets with new connections. */
    static final int ALL_ROWS_UP_TO = 64;

    /** Whether a table of N > {@link #ALL_ROWS_UP_TO} lists {@code bucket}: local, draining, or with new connections. */
    static boolean listed(ClusterState st, int bucket, boolean fresh) {
        return st.spec().buckets() <= ALL_ROWS_UP_TO || fresh || !DrainView.column(st, bucket).equals("-");
    }

    /** {@code clone} when the buckets are shared out (N > 1), {@code single} when one node serves the VIP whole. */
    public static String mode(ClusterIpSpec spec) { return spec.buckets() > 1 ? "clone" : "single"; }

    /**
     * Notes about what the kernel or nft cannot print back faithfully: nft 1.0.6 hides the
     * byteorder before jhash of the clusterip-compatible modes (the reader handles it), and tables
     * of the oldest {@link RulesetLayout} (V1) carry names that nft refuses to read back (those of
     * V2 and V3 read back: they are only replaced by the next write).
     */
    static List<String> listingNotes(NodeStatus s) {
        List<String> notes = new ArrayList<>(2);
        if (!s.state().spec().hashMode().listsFaithfully()) {
            notes.add("nft list ruleset prints the " + s.state().spec().hashMode() + " hash rule without its byteorder step"
                    + " (it reads like the plain hash): restored from that text (nft -f) it hashes differently, which this"
                    + " status then reports as a rule differing from the spec; the next start or netctl migrate --apply rewrites it");
        }
        if (!s.state().layout().restoresWithNft()) {
            notes.add("tables written by an older clonevip (layout " + s.state().layout() + ": set " + s.state().layout().all()
                    + ", chain " + s.state().layout().out() + "), whose listing nft cannot read back (nft -f fails on it, and"
                    + " with it the whole file); the next start, stop or bucket change rewrites them in one transaction");
        }
        return List.copyOf(notes);
    }

    public static String human(List<NodeStatus> all) { return human(all, List.of(), HeldConnections.NONE); }

    /**
     * With the node's desired states ({@link DesiredView}): under each cluster IP, and a block per
     * VIP whose tables are missing; a drain's line with the connections it still holds ({@code held}).
     */
    public static String human(List<NodeStatus> all, List<DesiredView> desired, HeldConnections held) {
        if (all.isEmpty() && desired.isEmpty()) return "no cluster IP configured on this node\n";
        StringBuilder sb = new StringBuilder();
        Set<String> said = new HashSet<>();
        for (NodeStatus s : all) {
            if (!sb.isEmpty()) sb.append('\n');
            human(sb, s, held, said);
            for (DesiredView d : desired) if (d.vip().equals(s.state().spec().vip())) sb.append(d.human());
        }
        for (DesiredView d : desired) {
            if (d.kernel() != null) continue;
            if (!sb.isEmpty()) sb.append('\n');
            sb.append(d.humanMissing());
        }
        return sb.toString();
    }

    private static void human(StringBuilder sb, NodeStatus s, HeldConnections held, Set<String> said) {
        ClusterState st = s.state();
        ClusterIpSpec spec = st.spec();
        String vip = Endpoint.text(spec.vip());
        String columns = "%-" + Math.max(16, vip.length() + 1) + "s %-15s %-18s %s%n"; // an IPv6 VIP may be longer than 16
        sb.append(String.format(columns, "VIP", "NIC", "MODE", "HASH"));
        sb.append(String.format(columns, vip, spec.nic(),
                mode(spec) + " N=" + spec.buckets(), spec.hashMode().keyword()));
        sb.append(String.format("  seed %s  mac %s  address %s  multicast %s%n", seedHex(spec.seed()), spec.clusterMac(),
                s.addressPresent() ? "yes" : "NO", s.multicastJoined() ? "joined" : "NOT JOINED"));
        sb.append(String.format("  local %s (%d of %d)%n", st.local().isEmpty() ? "none" : st.local().format(),
                st.local().size(), spec.buckets()));
        for (String l : DrainView.lines(st, held, said)) sb.append("  ").append(l).append('\n');
        sb.append("  map   ").append(BucketMap.render(st.local()).replace("\n", "\n      ")).append('\n');
        sb.append(String.format("  %6s %5s %12s %14s %10s%n", "BUCKET", "LOCAL", "PACKETS", "BYTES", "NEW-CONNS"));
        long[] fresh = st.newConnections();
        for (int b = 1; b <= spec.buckets(); b++) {
            long nc = b <= fresh.length ? fresh[b - 1] : 0;
            if (!listed(st, b, nc != 0)) continue;
            ClusterState.BucketCounter c = counter(st, b);
            sb.append(String.format("  %6d %5s %12s %14s %10d%n", b, DrainView.column(st, b),
                    c == null ? "-" : Long.toString(c.packets()), c == null ? "-" : Long.toString(c.bytes()), nc));
        }
        if (spec.buckets() > ALL_ROWS_UP_TO) sb.append("  (buckets neither local, draining nor with new connections not listed)\n");
        for (String n : listingNotes(s)) sb.append("  listing: ").append(n).append('\n');
        if (s.problems().isEmpty()) {
            sb.append("  problems: none\n");
        } else {
            sb.append("  problems:\n");
            for (String p : s.problems()) sb.append("    - ").append(p).append('\n');
        }
    }

    /** The packets and bytes this node answered for {@code bucket}: a local bucket's, a draining one's; null for others. */
    static ClusterState.BucketCounter counter(ClusterState st, int bucket) {
        for (ClusterState.BucketCounter c : st.localCounters()) if (c.bucket() == bucket) return c;
        ClusterState.TimedBucket t = DrainView.find(st.draining(), bucket);
        return t == null ? null : new ClusterState.BucketCounter(bucket, t.packets(), t.bytes());
    }

    public static String seedHex(long seed) { return String.format("0x%08x", seed); }

    /** {@code {"cluster_ips":[...]}}. */
    public static String json(List<NodeStatus> all) { return json(all, List.of(), HeldConnections.NONE); }

    /** {@code {"cluster_ips":[...],"desired":[...]}}: the desired states with their departures and last repair. */
    public static String json(List<NodeStatus> all, List<DesiredView> desired, HeldConnections held) {
        List<Object> ips = new ArrayList<>();
        for (NodeStatus s : all) ips.add(json(s, held));
        List<Object> d = new ArrayList<>();
        for (DesiredView v : desired) d.add(v.json());
        return Json.write(Json.obj("cluster_ips", ips, "desired", d));
    }

    static Map<String, Object> json(NodeStatus s, HeldConnections held) {
        ClusterState st = s.state();
        ClusterIpSpec spec = st.spec();
        List<Object> buckets = new ArrayList<>();
        long[] fresh = st.newConnections();
        for (int b = 1; b <= spec.buckets(); b++) {
            ClusterState.BucketCounter c = counter(st, b);
            buckets.add(Json.obj("bucket", b, "local", st.local().contains(b),
                    "packets", c == null ? null : c.packets(), "bytes", c == null ? null : c.bytes(),
                    "new_connections", b <= fresh.length ? fresh[b - 1] : 0L, "state", DrainView.state(st, b)));
        }
        return Json.obj("vip", Endpoint.text(spec.vip()), "nic", spec.nic(), "mode", mode(spec),
                "hash_mode", spec.hashMode().keyword(), "seed", spec.seed(), "seed_hex", seedHex(spec.seed()),
                "cluster_mac", spec.clusterMac().toString(), "buckets", spec.buckets(),
                "local_buckets", list(st.local()), "local_text", st.local().format(),
                "address_present", s.addressPresent(), "multicast_joined", s.multicastJoined(),
                "whole", s.whole(), "problems", s.problems(), "listing_notes", listingNotes(s),
                "counters", buckets, "draining", DrainView.drainsJson(st, held), "guarded", DrainView.json(st.guarded()),
                "connections_note", held.notCounted(spec.vip()));
    }

    static List<Integer> list(BucketSet set) {
        List<Integer> l = new ArrayList<>();
        for (int b : set) l.add(b);
        return l;
    }
}
