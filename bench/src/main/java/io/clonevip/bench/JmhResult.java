package io.clonevip.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One benchmark result of JMH's JSON: {@code Class.method}, its parameters, the primary score
 * with its 99.9% error and unit, and the allocation per operation from {@code -prof gc}
 * (NaN when the profiler was not on), and the median ({@code p50}, same unit as the score): of
 * the samples in sample-time mode, of the iteration scores otherwise. The median resists the
 * disturbed iterations and preempted samples of a shared machine better than the mean.
 */
record JmhResult(String name, Map<String, String> params, String mode, double score, double error, String unit, double allocPerOp,
                 double p50) {

    static List<JmhResult> parse(String json) {
        List<JmhResult> out = new ArrayList<>();
        for (Object o : Json.arr(Json.parse(json))) {
            Map<String, Object> r = Json.obj(o);
            String full = (String) r.get("benchmark");
            String[] parts = full.split("\\.");
            String name = parts[parts.length - 2] + "." + parts[parts.length - 1];
            Map<String, String> params = new LinkedHashMap<>();
            if (r.get("params") instanceof Map<?, ?> p) p.forEach((k, v) -> params.put((String) k, String.valueOf(v)));
            Map<String, Object> pm = Json.obj(r.get("primaryMetric"));
            out.add(new JmhResult(name, params, (String) r.get("mode"), (Double) pm.get("score"), pm.get("scoreError") instanceof Double d ? d : Double.NaN,
                    (String) pm.get("scoreUnit"), Json.num(r, "secondaryMetrics", "gc.alloc.rate.norm", "score"),
                    Json.num(pm, "scorePercentiles", "50.0")));
        }
        return out;
    }

    /** The benchmark class, e.g. {@code NetlinkEncodeBench}. */
    String benchClass() { return name.substring(0, name.indexOf('.')); }

    String method() { return name.substring(name.indexOf('.') + 1); }

    String param(String k) { return params.getOrDefault(k, ""); }

    /** The score in nanoseconds per operation (time units) or NaN for throughput scores. */
    double nanos() { return toNanos(score); }

    /** The median in nanoseconds (the mean when JMH gave no percentiles). */
    double typicalNanos() { return Double.isNaN(p50) ? nanos() : toNanos(p50); }

    /** The median score (the mean when JMH gave no percentiles), in the score's unit. */
    double typical() { return Double.isNaN(p50) ? score : p50; }

    /** What {@link #typical} is: "median of samples", "median of iterations" or "mean". */
    String typicalLabel() {
        if (Double.isNaN(p50)) return "mean";
        return "sample".equals(mode) ? "median of samples" : "median of iterations";
    }

    double toNanos(double v) {
        return switch (unit) {
            case "ns/op" -> v;
            case "us/op" -> v * 1e3;
            case "ms/op" -> v * 1e6;
            case "s/op" -> v * 1e9;
            default -> Double.NaN;
        };
    }
}
