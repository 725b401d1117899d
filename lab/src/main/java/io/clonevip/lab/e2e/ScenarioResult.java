package io.clonevip.lab.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a {@link Scenario} run saw: the timeline, every client query, the timings of each
 * transition (ms, one entry per repetition) and every rule that was broken.
 */
public final class ScenarioResult {

    /** Client queries of one phase: answers per node, failures, failures outside moving buckets. */
    public record Phase(String name, long from, long to, Map<String, Integer> answeredBy, int failed,
                        int failedInMovingBuckets, int wrongNode) {
        public int total() {
            return answeredBy.values().stream().mapToInt(Integer::intValue).sum() + failed;
        }
    }

    private final Timeline timeline;
    private final int buckets;
    private final Map<String, List<Long>> timings = new LinkedHashMap<>();
    private final List<Phase> phases = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private List<Query> queries = List.of();

    ScenarioResult(Timeline timeline, int buckets) {
        this.timeline = timeline;
        this.buckets = buckets;
    }

    void timing(String what, long ms) {
        timings.computeIfAbsent(what, k -> new ArrayList<>()).add(ms);
    }

    void phase(Phase p) {
        phases.add(p);
    }

    void replacePhases(List<Phase> computed) {
        phases.clear();
        phases.addAll(computed);
    }

    void violation(String v) {
        violations.add(v);
    }

    void note(String n) {
        notes.add(n);
    }

    void queries(List<Query> q) {
        queries = List.copyOf(q);
    }

    public Timeline timeline() {
        return timeline;
    }

    public int buckets() {
        return buckets;
    }

    public Map<String, List<Long>> timings() {
        return Map.copyOf(timings);
    }

    /** Timings in the order they were first recorded. */
    public List<Map.Entry<String, List<Long>>> orderedTimings() {
        return List.copyOf(timings.entrySet());
    }

    public List<Phase> phases() {
        return List.copyOf(phases);
    }

    public List<String> violations() {
        return List.copyOf(violations);
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }

    public List<Query> queries() {
        return queries;
    }

    /** Median of a list of timings. */
    public static long median(List<Long> values) {
        List<Long> s = new ArrayList<>(values);
        s.sort(Long::compare);
        int n = s.size();
        return n == 0 ? -1 : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** Failed queries by error kind. */
    public Map<String, Integer> failureKinds() {
        Map<String, Integer> kinds = new TreeMap<>();
        for (Query q : queries) {
            if (!q.ok()) {
                kinds.merge(q.error(), 1, Integer::sum);
            }
        }
        return kinds;
    }
}
