package io.clonevip.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One benchmark result of JMH's JSON: {@code Class.method}, its parameters, the primary score
 * with its 99.9% error and unit, and the allocation per operation from {@code -prof gc}
 * (NaN when the profiler was not on).
 */
record JmhResult(String name, Map<String, String> params, double score, double error, String unit, double allocPerOp) {

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
            out.add(new JmhResult(name, params, (Double) pm.get("score"), pm.get("scoreError") instanceof Double d ? d : Double.NaN,
                    (String) pm.get("scoreUnit"), Json.num(r, "secondaryMetrics", "gc.alloc.rate.norm", "score")));
        }
        return out;
    }

    /** The benchmark class, e.g. {@code NetlinkEncodeBench}. */
    String benchClass() { return name.substring(0, name.indexOf('.')); }

    String method() { return name.substring(name.indexOf('.') + 1); }

    String param(String k) { return params.getOrDefault(k, ""); }

    /** The score in nanoseconds per operation (time units) or NaN for throughput scores. */
    double nanos() {
        return switch (unit) {
            case "ns/op" -> score;
            case "us/op" -> score * 1e3;
            case "ms/op" -> score * 1e6;
            case "s/op" -> score * 1e9;
            default -> Double.NaN;
        };
    }
}
