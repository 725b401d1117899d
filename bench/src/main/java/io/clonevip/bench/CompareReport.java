package io.clonevip.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The generated blocks of {@code docs/measurements/compare.md} and its figures
 * ({@code docs/measurements/bench/compare-*.svg}) from {@code docs/measurements/bench/compare.json}
 * and its {@code .meta.json} (written by bench/compare.sh). Only the text between
 * {@code <!-- BEGIN generated:NAME -->} and {@code <!-- END generated:NAME -->} is replaced, as in
 * {@link BenchReport}; the figures are {@link CompareFigures}'. Usage: CompareReport [DIR] (default docs/measurements)
 */
public final class CompareReport {
    private CompareReport() {}

    static final String DIRECT = "direct to node1";

    public static void main(String[] args) throws IOException {
        Path docs = Path.of(args.length > 0 ? args[0] : "docs/measurements");
        Path dir = docs.resolve("bench");
        Path md = docs.resolve("compare.md");
        String json = BenchReport.read(dir, "compare.json");
        if (json == null) throw new IllegalStateException("no " + dir.resolve("compare.json") + ": run bench/compare.sh first");
        Map<String, Object> r = Json.obj(Json.parse(json));
        Map<String, Object> meta = BenchReport.meta(dir, "compare");
        String doc = Files.readString(md);
        List<Map<String, Object>> cells = list(r.get("latency"));
        doc = BenchReport.replace(doc, "machine", machine(r, meta));
        doc = BenchReport.replace(doc, "latency", latency(cells));
        doc = BenchReport.replace(doc, "added", added(cells));
        doc = BenchReport.replace(doc, "cpu", cpu(cells));
        doc = BenchReport.replace(doc, "sharing", sharing(cells));
        doc = BenchReport.replace(doc, "health", health(list(r.get("health"))));
        doc = BenchReport.replace(doc, "failover", failover(list(r.get("failover"))));
        Files.writeString(md, doc);
        int figures = CompareFigures.write(dir, cells, list(r.get("health")), meta);
        System.out.println("report: " + md + " and " + figures + " figure(s) in " + dir);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object o) {
        if (o == null) return List.of();
        List<Map<String, Object>> l = new ArrayList<>();
        for (Object e : Json.arr(o)) l.add((Map<String, Object>) e);
        return l;
    }

    static String f(String fmt, Object... a) {
        return String.format(Locale.ROOT, fmt, a);
    }

    static double d(Map<String, Object> m, String k) {
        return m.get(k) instanceof Double v ? v : Double.NaN;
    }

    static String machine(Map<String, Object> r, Map<String, Object> meta) {
        StringBuilder b = new StringBuilder(ReportSections.measured(meta)).append("\n\n| | |\n|---|---|\n");
        if (meta != null) {
            b.append(f("| CPUs (nproc) | %.0f (%s) |%n", d(meta, "nproc"), meta.get("cpu")));
            b.append(f("| memory | %s |%n| kernel | %s |%n", meta.get("memory"), meta.get("kernel")));
        }
        for (String k : List.of("haproxy", "keepalived", "mariadb", "galera")) {
            if (r.get(k) != null) b.append(f("| %s | %s |%n", k, r.get(k)));
        }
        b.append(f("| run | %.0f round(s) of every cell (setups in order, then in reverse order; samples pooled), %.0f s per cell after "
                + "%.0f s warm-up; concurrencies %s; health windows of %.0f s |%n",
                r.get("rounds") instanceof Double rounds ? rounds : 1.0, d(r, "seconds"), d(r, "warmup"), Json.arr(r.get("concurrency")).stream().map(c -> f("%.0f", (Double) c)).toList(),
                d(r, "healthSeconds")));
        return b.toString();
    }

    static Set<String> setups(List<Map<String, Object>> cells) {
        Set<String> s = new LinkedHashSet<>();
        cells.forEach(c -> s.add((String) c.get("setup")));
        return s;
    }

    static Set<String> workloads(List<Map<String, Object>> cells) {
        Set<String> s = new LinkedHashSet<>();
        cells.forEach(c -> s.add((String) c.get("workload")));
        return s;
    }

    static List<Double> concurrencies(List<Map<String, Object>> cells) {
        return cells.stream().map(c -> d(c, "concurrency")).distinct().sorted().toList();
    }

    static Map<String, Object> cell(List<Map<String, Object>> cells, String setup, String workload, double c) {
        return cells.stream().filter(x -> setup.equals(x.get("setup")) && workload.equals(x.get("workload")) && d(x, "concurrency") == c)
                .findFirst().orElse(null);
    }

    static String latency(List<Map<String, Object>> cells) {
        if (cells.isEmpty()) return "_Not measured yet._";
        StringBuilder b = new StringBuilder();
        for (String w : workloads(cells)) {
            b.append("**").append(w).append("** — p50 / p99 latency per query (µs), queries per second\n\n| setup |");
            for (double c : concurrencies(cells)) b.append(f(" %.0f client%s |", c, c == 1 ? "" : "s"));
            b.append("\n|---|").append("---|".repeat(concurrencies(cells).size())).append('\n');
            for (String s : setups(cells)) {
                b.append("| ").append(s).append(" |");
                for (double c : concurrencies(cells)) {
                    Map<String, Object> x = cell(cells, s, w, c);
                    b.append(x == null ? " — |" : f(" %.0f / %.0f µs, %.0f q/s%s |", d(x, "p50us"), d(x, "p99us"), d(x, "qps"),
                            d(x, "failed") > 0 ? f(" (%.0f failed)", d(x, "failed")) : ""));
                }
                b.append('\n');
            }
            b.append('\n');
        }
        return b.toString().stripTrailing();
    }

    static String added(List<Map<String, Object>> cells) {
        if (cells.isEmpty()) return "_Not measured yet._";
        StringBuilder b = new StringBuilder("Latency added to the direct floor at p50 (p99), µs, and throughput as a share of the direct "
                + "floor's, same workload and concurrency:\n\n| setup |");
        List<String[]> cols = new ArrayList<>();
        for (String w : workloads(cells)) {
            for (double c : concurrencies(cells)) {
                cols.add(new String[] {w, Double.toString(c)});
                b.append(f(" %s, %.0f |", w.startsWith("new") ? "new conn." : "pool", c));
            }
        }
        b.append("\n|---|").append("---|".repeat(cols.size())).append('\n');
        for (String s : setups(cells)) {
            if (s.equals(DIRECT)) continue;
            b.append("| ").append(s).append(" |");
            for (String[] col : cols) {
                Map<String, Object> x = cell(cells, s, col[0], Double.parseDouble(col[1]));
                Map<String, Object> base = cell(cells, DIRECT, col[0], Double.parseDouble(col[1]));
                b.append(x == null || base == null ? " — |" : f(" %+.0f (%+.0f), %.0f %% |", d(x, "p50us") - d(base, "p50us"),
                        d(x, "p99us") - d(base, "p99us"), 100 * d(x, "qps") / d(base, "qps")));
            }
            b.append('\n');
        }
        return b.toString().stripTrailing();
    }

    @SuppressWarnings("unchecked")
    static double cpu(Map<String, Object> x, String k) {
        return d((Map<String, Object>) x.get("cpu"), k);
    }

    static String cpu(List<Map<String, Object>> cells) {
        if (cells.isEmpty()) return "_Not measured yet._";
        List<Double> cs = concurrencies(cells);
        double lo = cs.getFirst(), hi = cs.getLast();
        StringBuilder b = new StringBuilder(f("CPU time per answered query (µs, summed over both CPUs) with %.0f and with %.0f client threads: "
                + "the machine's busy time (user + system + softirq of everything running, the lab's Pacemaker and checkers included), and of it "
                + "the HAProxy processes (user + system), the client JVM and the three mariadbd; and how busy the 2 CPUs were with %.0f client threads.%n%n",
                lo, hi, hi));
        b.append(f("| setup | workload | machine, %.0f | HAProxy, %.0f | client, %.0f | mariadbd, %.0f | machine, %.0f | HAProxy, %.0f | CPUs busy, %.0f |%n",
                lo, lo, lo, lo, hi, hi, hi));
        b.append("|---|---|---|---|---|---|---|---|---|\n");
        for (String s : setups(cells)) {
            for (String w : workloads(cells)) {
                Map<String, Object> a = cell(cells, s, w, lo), z = cell(cells, s, w, hi);
                if (a == null || z == null) continue;
                double qa = d(a, "ok"), qz = d(z, "ok");
                b.append(f("| %s | %s | %.0f | %s | %.0f | %.0f | %.0f | %.0f | %.0f %% |%n", s, w.startsWith("new") ? "new conn." : "pool",
                        1000 * cpu(a, "machineBusyMs") / qa, haproxy(a, qa), 1000 * cpu(a, "clientMs") / qa,
                        1000 * cpu(a, "mariadbdMs") / qa, 1000 * cpu(z, "machineBusyMs") / qz, 1000 * cpu(z, "haproxyMs") / qz,
                        100 * cpu(z, "machineBusyMs") / cpu(z, "machineTotalMs")));
            }
        }
        return b.toString().stripTrailing();
    }

    /** HAProxy's CPU per query, µs, as user + system when both were recorded. */
    static String haproxy(Map<String, Object> x, double q) {
        double u = cpu(x, "haproxyUserMs"), sys = cpu(x, "haproxySysMs");
        if (Double.isNaN(u)) return f("%.0f", 1000 * cpu(x, "haproxyMs") / q);
        return u + sys == 0 ? "0" : f("%.0f (%.0f + %.0f)", 1000 * (u + sys) / q, 1000 * u / q, 1000 * sys / q);
    }

    @SuppressWarnings("unchecked")
    static String shares(Map<String, Object> x) {
        if (x == null) return "—";
        Map<String, Object> nodes = (Map<String, Object>) x.get("nodes");
        double total = nodes.values().stream().mapToDouble(v -> (Double) v).sum();
        List<String> l = new ArrayList<>();
        for (String n : List.of("node1", "node2", "node3")) {
            l.add(f("%.0f", 100 * (nodes.get(n) instanceof Double v ? v : 0) / total));
        }
        return String.join(" / ", l);
    }

    static String sharing(List<Map<String, Object>> cells) {
        if (cells.isEmpty()) return "_Not measured yet._";
        List<Double> cs = concurrencies(cells);
        StringBuilder b = new StringBuilder("Share of the answered queries per node, node1 / node2 / node3 (%):\n\n| setup |");
        List<String[]> cols = new ArrayList<>();
        for (String w : workloads(cells)) {
            for (double c : cs) {
                cols.add(new String[] {w, Double.toString(c)});
                b.append(f(" %s, %.0f |", w.startsWith("new") ? "new conn." : "pool", c));
            }
        }
        b.append("\n|---|").append("---|".repeat(cols.size())).append('\n');
        for (String s : setups(cells)) {
            b.append("| ").append(s).append(" |");
            for (String[] col : cols) b.append(' ').append(shares(cell(cells, s, col[0], Double.parseDouble(col[1])))).append(" |");
            b.append('\n');
        }
        return b.toString().stripTrailing();
    }

    static double avg(Map<String, Object> m, String k) {
        return m.get(k) == null ? Double.NaN : Json.arr(m.get(k)).stream().mapToDouble(v -> (Double) v).average().orElse(Double.NaN);
    }

    static String health(List<Map<String, Object>> windows) {
        if (windows.isEmpty()) return "_Not measured yet._";
        double idleCpu = windows.stream().filter(w -> "nothing checks".equals(w.get("name"))).mapToDouble(w -> avg(w, "mariadbdCpuMsPerMin"))
                .findFirst().orElse(Double.NaN);
        StringBuilder b = new StringBuilder("Per database node, averaged over the three (the figures are per minute; "
                + "mariadbd's CPU also as the difference to the window where nothing checks); the checkers' own CPU summed over "
                + "every instance (with the scripts they fork):\n\n"
                + "| what checks | new connections / min / node | statements / min / node | mariadbd CPU ms / min / node (over nothing) | checkers' CPU ms / min |\n"
                + "|---|---|---|---|---|\n");
        for (Map<String, Object> w : windows) {
            double cpu = avg(w, "mariadbdCpuMsPerMin");
            b.append(f("| %s | %.0f | %.0f | %.0f (%+.0f) | %.0f%s |%n", w.get("name"), avg(w, "connectionsPerMin"), avg(w, "questionsPerMin"),
                    cpu, cpu - idleCpu, d(w, "checkerCpuMsPerMin"), w.get("checker") == null || ((String) w.get("checker")).isEmpty() ? ""
                            : " (" + w.get("checker") + (w.get("agentdCpuMsPerMin") instanceof Double a
                            ? f("; clonevip-agentd serving Pacemaker's monitor operations: %.0f more", a) : "") + ")"));
        }
        return b.toString().stripTrailing();
    }

    static String s(double ms) {
        return ms < 0 ? "—" : f("%.1f", ms / 1000);
    }

    @SuppressWarnings("unchecked")
    static String failover(List<Map<String, Object>> cases) {
        if (cases.isEmpty()) return "_Not measured yet._";
        StringBuilder b = new StringBuilder("""
                Times in seconds from the event. "System" is the failover as the setup itself reports it (Pacemaker's placement, \
                HAProxy's server state, the VRRP VIP's holder); "last failure" is when the last failed query ended; "last answer by \
                node1" is the start of its last answered query. "Twice" counts client ports whose SYN got SYN-ACKs with two \
                different sequence numbers (two servers answered one connection), out of the SYN-ACKs captured.

                | setup | event | queries | failed | last failure | system | last answer by node1 | answered twice / SYN-ACKs | answered after the event |
                |---|---|---|---|---|---|---|---|---|
                """);
        for (Map<String, Object> c : cases) {
            Map<String, Object> nodes = (Map<String, Object>) c.get("answeredAfter");
            List<String> n = new ArrayList<>();
            nodes.forEach((k, v) -> n.add(f("%s %.0f", k, (Double) v)));
            String extra = c.get("firstOkAfterRepairMs") instanceof Double ok
                    ? f("; booted again at %s, first answer %.1f s later", s(d(c, "repairMs")), ok / 1000) : "";
            if (d(c, "affectedAnswersInLastSecond") > 0) extra += f("; node1 still answered %.0f in the last second", d(c, "affectedAnswersInLastSecond"));
            b.append(f("| %s | %s | %.0f | %.0f | %s | %s | %s | %.0f / %.0f | %s%s |%n", c.get("setup"), c.get("name"), d(c, "queries"),
                    d(c, "failed"), s(d(c, "lastFailedMs")), s(d(c, "systemMs")), s(d(c, "lastAffectedAnswerMs")), d(c, "answeredTwice"),
                    d(c, "synAcks"), String.join(", ", n), extra));
        }
        List<String> errors = new ArrayList<>(new LinkedHashSet<>(cases.stream()
                .flatMap(c -> c.get("errors") == null ? java.util.stream.Stream.empty() : Json.arr(c.get("errors")).stream().map(e -> (String) e))
                .toList()));
        if (!errors.isEmpty()) b.append("\nWhat the failed queries said: ").append(String.join("; ", errors.stream().map(e -> "`" + e + "`").toList())).append('.');
        return b.toString().stripTrailing();
    }
}
