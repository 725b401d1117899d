package io.clonevip.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The generated blocks of docs/measurements/benchmarks.md (markdown tables) and their SVG figures. */
final class ReportSections {
    private final Path dir;
    private final List<JmhResult> jmh;
    private final Map<String, Object> jmhMeta;
    private final Map<String, Object> dataplaneMeta;
    private final Map<String, Object> bucketMeta;
    private int figures;

    ReportSections(Path dir, List<JmhResult> jmh, Map<String, Object> jmhMeta, Map<String, Object> dataplaneMeta,
                   Map<String, Object> bucketMeta) {
        this.dir = dir;
        this.jmh = jmh;
        this.jmhMeta = jmhMeta;
        this.dataplaneMeta = dataplaneMeta;
        this.bucketMeta = bucketMeta;
    }

    int figures() { return figures; }

    private static String f(String fmt, Object... a) { return String.format(Locale.ROOT, fmt, a); }

    static String measured(Map<String, Object> m) {
        if (m == null) return "_Not measured yet._";
        return f("_Measured at commit `%s` on %s (kernel %s, %s; load average after the run %s)._", m.get("commit"), m.get("date"),
                m.get("kernel"), m.get("jdk"), m.getOrDefault("loadavg", "not recorded"));
    }

    static String subtitle(Map<String, Object> m) {
        return m == null ? "" : f("commit %s, %s, %s CPUs, kernel %s", m.get("commit"), m.get("date"), num(m, "nproc"), m.get("kernel"));
    }

    private static String num(Map<String, Object> m, String k) {
        return m.get(k) instanceof Double d ? f("%.0f", d) : String.valueOf(m.get(k));
    }

    private void figure(String name, SvgBarChart chart) {
        try {
            Files.writeString(dir.resolve(name), chart.render());
            figures++;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + name + ": " + e.getMessage());
        }
    }

    /** Time with a readable unit. */
    static String time(double ns) {
        if (ns < 1e3) return f("%.1f ns", ns);
        if (ns < 1e6) return f("%.2f µs", ns / 1e3);
        return f("%.2f ms", ns / 1e6);
    }

    static String alloc(double b) {
        if (Double.isNaN(b)) return "n/a";
        return b < 0.5 ? "0" : f("%.0f", b);
    }

    private List<JmhResult> of(String benchClass) {
        return jmh.stream().filter(r -> r.benchClass().equals(benchClass)).toList();
    }

    String machine() {
        Map<String, Object> m = jmhMeta != null ? jmhMeta : dataplaneMeta != null ? dataplaneMeta : bucketMeta;
        if (m == null) return "_No run yet._";
        return f("| | |%n|---|---|%n| CPUs (nproc) | %s (%s) |%n| memory | %s |%n| kernel | %s |%n| JDK | %s |%n| nft | %s |%n",
                num(m, "nproc"), m.get("cpu"), m.get("memory"), m.get("kernel"), m.get("jdk"), m.get("nft"));
    }

    String netlink() {
        List<JmhResult> rows = new java.util.ArrayList<>(of("NetlinkEncodeBench"));
        rows.addAll(of("DumpDecodeBench"));
        if (rows.isEmpty()) return "_Not measured yet (bench/run-jmh.sh)._";
        StringBuilder sb = new StringBuilder(measured(jmhMeta)).append("\n\n| benchmark | time per op (median) | mean ± 99.9% | allocated per op (B) |\n|---|---|---|---|\n");
        SvgBarChart c = new SvgBarChart("Netlink encode / decode: time per operation (µs, log scale)", subtitle(jmhMeta), true);
        for (JmhResult r : rows) {
            sb.append(f("| %s | %s (%s) | %s ± %s | %s |%n", r.name(), time(r.typicalNanos()), r.typicalLabel(),
                    time(r.nanos()), time(r.toNanos(r.error())), alloc(r.allocPerOp())));
            c.bar(r.method(), r.typicalNanos() / 1e3, time(r.typicalNanos()), r.benchClass().equals("DumpDecodeBench") ? 1 : 0);
        }
        figure("netlink.svg", c);
        return sb.append("\n![netlink](bench/netlink.svg)\n").toString();
    }

    String predictor() {
        List<JmhResult> rows = of("BucketPredictorBench");
        if (rows.isEmpty()) return "_Not measured yet (bench/run-jmh.sh)._";
        StringBuilder sb = new StringBuilder(measured(jmhMeta)).append("\n\n| hash mode | buckets per second (median of iterations) | mean ± 99.9% | ns per bucket (median) | allocated per op (B) |\n|---|---|---|---|---|\n");
        SvgBarChart c = new SvgBarChart("BucketPredictor.bucketIpv4: million buckets per second", subtitle(jmhMeta), false);
        for (JmhResult r : rows) {
            sb.append(f("| %s | %.1f M | %.1f M ± %.1f M | %.2f | %s |%n", r.param("mode"), r.typical() / 1e6, r.score() / 1e6, r.error() / 1e6,
                    1e9 / r.typical(), alloc(r.allocPerOp())));
            c.bar(r.param("mode"), r.typical() / 1e6, f("%.0f M/s", r.typical() / 1e6), 2);
        }
        figure("predictor.svg", c);
        return sb.append("\n![predictor](bench/predictor.svg)\n").toString();
    }

    String monitor() {
        List<JmhResult> dec = of("DecisionBench");
        List<JmhResult> chk = of("MonitorCheckBench");
        if (dec.isEmpty() && chk.isEmpty()) return "_Not measured yet (bench/run-jmh.sh)._";
        StringBuilder sb = new StringBuilder(measured(jmhMeta)).append("\n\n");
        if (!dec.isEmpty()) {
            sb.append("| cluster type | DecisionTable.evaluate (median of iterations) | mean ± 99.9% | allocated per op (B) | target < 1 µs, 0 B |\n|---|---|---|---|---|\n");
            for (JmhResult r : dec) {
                boolean met = r.typicalNanos() < 1000 && r.allocPerOp() < 0.5;
                sb.append(f("| %s | %s | %s ± %s | %s | %s |%n", r.param("clusterType"), time(r.typicalNanos()), time(r.nanos()), time(r.toNanos(r.error())),
                        alloc(r.allocPerOp()), met ? "met" : "**missed**"));
            }
        }
        if (!chk.isEmpty()) {
            SvgBarChart c = new SvgBarChart("mysql_monitor: one check against local MariaDB (median µs, log scale)", subtitle(jmhMeta), true);
            sb.append("\nMedians of the sampled times per check:\n\n| cluster type | check, kept connection | check, new connection | the check's SQL via plain JDBC, kept | SELECT 1, kept connection | kept / SELECT 1 (target ≤ 1.5) | new / kept | allocated per kept check (B) |\n|---|---|---|---|---|---|---|---|\n");
            for (String type : chk.stream().map(r -> r.param("cluster")).distinct().toList()) {
                JmhResult kept = find(chk, "checkKeptConnection", type);
                JmhResult fresh = find(chk, "checkNewConnection", type);
                JmhResult one = find(chk, "selectOneKeptConnection", type);
                JmhResult same = find(chk, "sameSqlKeptConnection", type);
                double q = same == null ? Double.NaN : same.typicalNanos();
                double k = kept == null ? Double.NaN : kept.typicalNanos();
                double n = fresh == null ? Double.NaN : fresh.typicalNanos();
                double s = one == null ? Double.NaN : one.typicalNanos();
                sb.append(f("| %s | %s | %s | %s | %s | %.2f%s | %.1f | %s |%n", type, time(k), time(n), time(q), time(s), k / s,
                        k / s <= 1.5 ? " (met)" : " (**missed**)", n / k, kept == null ? "n/a" : alloc(kept.allocPerOp())));
                c.bar(type + ": check, kept connection", k / 1e3, time(k), 0);
                c.bar(type + ": check, new connection", n / 1e3, time(n), 1);
                c.bar(type + ": same SQL, plain JDBC", q / 1e3, time(q), 3);
                c.bar(type + ": SELECT 1, kept connection", s / 1e3, time(s), 2);
            }
            figure("monitor.svg", c);
            sb.append("\n![monitor](bench/monitor.svg)\n");
        }
        return sb.toString();
    }

    /**
     * The candidate statements per monitor mode ({@code bench/sql-candidates.sh}): one table per
     * set, in the order measured; {@code jsons} are the sets' result files (missing = null).
     */
    static String sqlCandidates(Map<String, Object> meta, List<String> jsons) {
        if (jsons.stream().allMatch(j -> j == null)) return "_Not measured yet (bench/sql-candidates.sh)._";
        StringBuilder sb = new StringBuilder(measured(meta)).append('\n');
        for (String j : jsons) {
            if (j == null) continue;
            Map<String, Object> set = Json.obj(Json.parse(j));
            List<Object> rows = Json.arr(set.get("candidates"));
            sb.append(f("%n**%s** (%s; %.0f calls per statement):%n%n", set.get("set"), set.get("server"), Json.num(Json.obj(rows.get(0)), "calls")));
            sb.append("| statement | gives | µs, median (p25–p75) | / SELECT 1 | server CPU µs per call |\n|---|---|---|---|---|\n");
            for (Object o : rows) {
                Map<String, Object> r = Json.obj(o);
                Object cpu = r.get("serverCpuUs");
                sb.append(f("| %s | %s | %.1f (%.1f–%.1f) | %.2f | %s |%n", r.get("name"), r.get("gives"), Json.num(r, "medianUs"),
                        Json.num(r, "p25Us"), Json.num(r, "p75Us"), Json.num(r, "ratio"), cpu instanceof Double d ? f("%.0f", d) : "n/a"));
            }
        }
        return sb.toString();
    }

    private static JmhResult find(List<JmhResult> l, String method, String type) {
        return l.stream().filter(r -> r.method().equals(method) && r.param("cluster").equals(type)).findFirst().orElse(null);
    }

    String dataplane(String json) {
        if (json == null) return "_Not measured yet (bench/dataplane.sh)._";
        Map<String, Object> d = Json.obj(Json.parse(json));
        StringBuilder sb = new StringBuilder(measured(dataplaneMeta)).append(f(" %s rounds of %s s per configuration, %s source ports.%n%n",
                num(d, "rounds"), d.get("seconds"), num(d, "sockets")));
        sb.append("| configuration | rules' cost per packet per node, from CPU time | same from packets/s | CPU time per packet, whole path | packets/s reaching each node: median (best) | samples (pkt/s, by round) |\n|---|---|---|---|---|---|\n");
        SvgBarChart c = new SvgBarChart("Data plane: the rules' cost per packet per node (µs, from CPU time)", subtitle(dataplaneMeta), false);
        int colour = 0;
        for (Object o : Json.arr(d.get("configs"))) {
            Map<String, Object> r = Json.obj(o);
            String name = String.valueOf(r.get("config"));
            sb.append(f("| %s | %.3f µs | %.3f µs | %.2f µs | %.0f (%.0f) | %s |%n", name, Json.num(r, "costUsFromCpu"),
                    Json.num(r, "costUsPerPacketPerNode"), Json.num(r, "cpuNsPerPacket") / 1000, Json.num(r, "pps"), Json.num(r, "bestPps"),
                    Json.arr(r.get("samplesPps")).stream().map(v -> f("%.0f", (Double) v)).toList()));
            colour++;
            if (!name.equals("none")) c.bar(name, Json.num(r, "costUsFromCpu"), f("%.2f µs", Json.num(r, "costUsFromCpu")), colour);
        }
        List<String> splits = d.keySet().stream().filter(k -> k.startsWith("split")).toList();
        if (!splits.isEmpty()) {
            sb.append("\nOwner and non-owner, from CPU time (per packet: one owner and two non-owners; the `-nonowner` runs give"
                    + " every node no bucket, so each drops every packet):\n\n| layout | owner, per packet | non-owner, per packet | whole path with the rules / without |\n|---|---|---|---|\n");
            for (String k : splits) {
                Map<String, Object> r = Json.obj(d.get(k));
                sb.append(f("| %s | %.3f µs | %.3f µs | %.3f |%n", splitLabel(k),
                        Json.num(r, "ownerUs"), Json.num(r, "nonOwnerUs"), Json.num(r, "wholePathRatioToNone")));
            }
        }
        if (d.get("ownerAgainstV2") != null && !Json.arr(d.get("ownerAgainstV2")).isEmpty()) {
            sb.append("\nOwners only (every node serves every bucket: `-owner`, every packet `ct state new`, as a flow nobody answers;"
                    + " `-est`, every flow answered once before the flood, every packet `established`, as a TCP connection's after its"
                    + " handshake): the owner's cost per packet against layout v2's, paired by round (negative: cheaper than v2):\n\n"
                    + "| configuration | against | median | quartiles |\n|---|---|---|---|\n");
            for (Object o : Json.arr(d.get("ownerAgainstV2"))) {
                Map<String, Object> r = Json.obj(o);
                sb.append(f("| %s | %s | %+.3f µs | %+.3f … %+.3f µs |%n", r.get("config"), r.get("against"),
                        Json.num(r, "medianUs"), Json.num(r, "q1Us"), Json.num(r, "q3Us")));
            }
        }
        sb.append(f("%nWith clonevip's ruleset the owners' bucket counters summed over the 3 nodes came to %.4f (default mode) and %.4f (clusterip-compatible) of the packets each node received (1 = every packet accepted by exactly one node).%n",
                Json.num(d, "acceptedShareClonevip"), Json.num(d, "acceptedShareClusteripCompatible")));
        figure("dataplane.svg", c);
        return sb.append("\n![dataplane](bench/dataplane.svg)\n").toString();
    }

    private static String splitLabel(String key) {
        return switch (key) {
            case "splitV2" -> "v2 (conntrack, then drop)";
            case "splitClonevip" -> "clonevip: v4 (early drop before conntrack, serve rule first)";
            case "split-v3" -> "v3 (early drop before conntrack)";
            default -> key.replaceFirst("^split-", "");
        };
    }

    String bucketChange(String json) {
        if (json == null) return "_Not measured yet (bench/bucket-change.sh)._";
        Map<String, Object> d = Json.obj(Json.parse(json));
        StringBuilder sb = new StringBuilder(measured(bucketMeta)).append(f(" %s rounds, medians.%n%n", num(d, "rounds")));
        sb.append("| | add one bucket | remove one bucket | add + remove |\n|---|---|---|---|\n");
        double ca = Json.num(d, "clonevipAddMs"), cr = Json.num(d, "clonevipRemoveMs"), na = Json.num(d, "nftAddMs"), nr = Json.num(d, "nftRemoveMs");
        sb.append(f("| clonevip (in-process netlink, genid-checked) | %.3f ms | %.3f ms | %.3f ms |%n", ca, cr, ca + cr));
        sb.append(f("| `nft add/delete element` | %.3f ms | %.3f ms | %.3f ms |%n", na, nr, na + nr));
        sb.append(f("| ratio clonevip / nft (target ≤ 0.1) | %.3f | %.3f | %.3f |%n", Json.num(d, "ratioAdd"), Json.num(d, "ratioRemove"), Json.num(d, "ratioAddRemove")));
        SvgBarChart c = new SvgBarChart("Bucket change: one element added / removed (ms, median)", subtitle(bucketMeta), false);
        c.bar("clonevip add", ca, f("%.2f ms", ca), 0).bar("nft CLI add", na, f("%.2f ms", na), 1)
                .bar("clonevip remove", cr, f("%.2f ms", cr), 0).bar("nft CLI remove", nr, f("%.2f ms", nr), 1);
        figure("bucket-change.svg", c);
        return sb.append("\n![bucket change](bench/bucket-change.svg)\n").toString();
    }
}
