package io.clonevip.bench;

import static io.clonevip.bench.CompareReport.avg;
import static io.clonevip.bench.CompareReport.cell;
import static io.clonevip.bench.CompareReport.concurrencies;
import static io.clonevip.bench.CompareReport.d;
import static io.clonevip.bench.CompareReport.f;
import static io.clonevip.bench.CompareReport.setups;
import static io.clonevip.bench.CompareReport.workloads;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The figures of {@code docs/measurements/compare.md} ({@code docs/measurements/bench/compare-*.svg}):
 * latency per workload, throughput, health-check connections, from the cells {@link CompareReport} read.
 */
final class CompareFigures {
    private CompareFigures() {}

    /** Writes the figures into {@code dir}; returns how many. */
    static int write(Path dir, List<Map<String, Object>> cells, List<Map<String, Object>> health, Map<String, Object> meta) throws IOException {
        int n = 0;
        String sub = ReportSections.subtitle(meta);
        if (!cells.isEmpty()) {
            List<Double> cs = concurrencies(cells);
            double lo = cs.getFirst(), hi = cs.getLast(); // latency where nothing is CPU-bound; throughput where everything is
            for (String w : workloads(cells)) {
                SvgBarChart c = new SvgBarChart(f("%s, %.0f client%s: p50 and p99 latency (µs, log scale)", w, lo, lo == 1 ? "" : "s"), sub, true);
                int colour = 0;
                for (String s : setups(cells)) {
                    Map<String, Object> x = cell(cells, s, w, lo);
                    if (x == null) continue;
                    c.bar(s + " p50", d(x, "p50us"), f("%.0f µs", d(x, "p50us")), colour);
                    c.bar(s + " p99", d(x, "p99us"), f("%.0f µs", d(x, "p99us")), colour);
                    colour++;
                }
                Files.writeString(dir.resolve(w.startsWith("new") ? "compare-latency-newconn.svg" : "compare-latency-pool.svg"), c.render());
                n++;
            }
            SvgBarChart t = new SvgBarChart(f("Throughput at %.0f clients (queries per second)", hi), sub, true);
            int colour = 0;
            for (String w : workloads(cells)) {
                for (String s : setups(cells)) {
                    Map<String, Object> x = cell(cells, s, w, hi);
                    if (x != null) t.bar((w.startsWith("new") ? "new conn.: " : "pool: ") + s, d(x, "qps"), f("%.0f q/s", d(x, "qps")), colour);
                }
                colour++;
            }
            Files.writeString(dir.resolve("compare-throughput.svg"), t.render());
            n++;
        }
        if (!health.isEmpty()) {
            SvgBarChart h = new SvgBarChart("Health checks: new connections per minute on each database node", sub, false);
            int colour = 0;
            for (Map<String, Object> w : health) {
                h.bar((String) w.get("name"), avg(w, "connectionsPerMin"), f("%.0f / min", avg(w, "connectionsPerMin")), colour++);
            }
            Files.writeString(dir.resolve("compare-health.svg"), h.render());
            n++;
        }
        return n;
    }
}
