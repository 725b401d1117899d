package io.clonevip.lab.e2e;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The load run's figures per window of time (docs/measurements/load-e2e.md): how many queries, their
 * p50/p99 duration, failures, the share answered by node1, and node1's buckets (least and most seen).
 */
final class LoadFigures {

    /** A named window [from, to) in ms since the run's origin. */
    record Window(String name, long from, long to) {
    }

    private LoadFigures() {
    }

    static String header() {
        return "| window | s | queries | p50 ms | p99 ms | failed | answered by node1 | node1's buckets (min–max) |\n"
                + "|---|---|---|---|---|---|---|---|";
    }

    static String row(Window w, List<LoadClient.LoadQuery> queries, List<LoadSample> samples) {
        List<LoadClient.LoadQuery> in = queries.stream().filter(q -> q.startMillis() >= w.from() && q.startMillis() < w.to())
                .toList();
        double[] ms = in.stream().filter(LoadClient.LoadQuery::ok).mapToDouble(LoadClient.LoadQuery::millis).sorted().toArray();
        long failed = in.stream().filter(q -> !q.ok()).count();
        long byNode1 = in.stream().filter(q -> "node1".equals(q.answeredBy())).count();
        int[] b1 = samples.stream().filter(s -> s.atMillis() >= w.from() && s.atMillis() < w.to())
                .mapToInt(s -> s.buckets()[0]).toArray();
        return String.format(Locale.ROOT, "| %s | %.0f | %d | %.1f | %.1f | %d | %.0f %% | %s |", w.name(),
                (w.to() - w.from()) / 1000.0, in.size(), quantile(ms, 0.5), quantile(ms, 0.99), failed,
                in.isEmpty() ? 0.0 : 100.0 * byNode1 / in.size(),
                b1.length == 0 ? "–" : Arrays.stream(b1).min().getAsInt() + "–" + Arrays.stream(b1).max().getAsInt());
    }

    /** The nearest-rank {@code q} quantile of ascending {@code sorted}, NaN when empty. */
    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length); // the nearest-rank percentile
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }
}
