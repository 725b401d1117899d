package io.clonevip.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Rewrites a JMH JSON result file without the raw per-iteration data and sample histograms
 * (megabytes in sample-time mode); scores, errors, percentiles and profiler results stay.
 * Run by {@code bench/run-jmh.sh}. Usage: JmhCompact FILE
 */
public final class JmhCompact {
    private JmhCompact() {}

    public static void main(String[] args) throws IOException {
        Path p = Path.of(args[0]);
        Object root = Json.parse(Files.readString(p));
        for (Object o : Json.arr(root)) {
            Map<String, Object> r = Json.obj(o);
            strip(r.get("primaryMetric"));
            if (r.get("secondaryMetrics") instanceof Map<?, ?> sec) for (Object m : sec.values()) strip(m);
        }
        Files.writeString(p, Json.write(root));
    }

    private static void strip(Object metric) {
        if (metric instanceof Map<?, ?> m) {
            m.remove("rawData");
            m.remove("rawDataHistogram");
        }
    }
}
