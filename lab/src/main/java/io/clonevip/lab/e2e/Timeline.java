package io.clonevip.lab.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What happened during a scenario run, in ms since its start: labelled events (the scenario's
 * actions and what it observed) and samples of which node ran each VIP bucket (from crm_mon).
 */
public final class Timeline {

    /** An action or observation. */
    public record Event(long at, String label) {
    }

    /**
     * Bucket owners at one moment (buckets not running are absent) and each node's writer
     * attribute ({@code writable_monit}; nodes without it are absent).
     */
    public record Sample(long at, Map<Integer, String> owners, Map<String, String> writable) {
    }

    private final long origin;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<Sample> samples = new CopyOnWriteArrayList<>();

    public Timeline(long originNanos) {
        this.origin = originNanos;
    }

    public long origin() {
        return origin;
    }

    /** ms since the start. */
    public long now() {
        return (System.nanoTime() - origin) / 1_000_000;
    }

    public long event(String label) {
        long t = now();
        events.add(new Event(t, label));
        return t;
    }

    public void sample(long at, Map<Integer, String> owners) {
        sample(at, owners, Map.of());
    }

    public void sample(long at, Map<Integer, String> owners, Map<String, String> writable) {
        samples.add(new Sample(at, Map.copyOf(owners), Map.copyOf(writable)));
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    public List<Sample> samples() {
        List<Sample> s = new ArrayList<>(samples);
        s.sort((a, b) -> Long.compare(a.at(), b.at()));
        return s;
    }

    /** The last sample taken at or before {@code at}. */
    public Optional<Sample> sampleAt(long at) {
        Sample best = null;
        for (Sample s : samples()) {
            if (s.at() <= at) {
                best = s;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * Whether {@code bucket}'s owner was in question between {@code from} and {@code to}: the
     * last sample before {@code from} and the samples up to {@code to} do not all show it
     * running on one and the same node.
     */
    public boolean moving(int bucket, long from, long to) {
        List<Sample> window = new ArrayList<>();
        sampleAt(from).ifPresent(window::add);
        for (Sample s : samples()) {
            if (s.at() > from && s.at() <= to) {
                window.add(s);
            }
        }
        String owner = null;
        for (Sample s : window) {
            String o = s.owners().get(bucket);
            if (o == null || (owner != null && !o.equals(owner))) {
                return true;
            }
            owner = o;
        }
        return owner == null;
    }

    /** The successive distinct instance counts per node seen since {@code from} ms, in samples where all {@code buckets} run. */
    public List<Map<String, Integer>> placementsSince(long from, int buckets) {
        List<Map<String, Integer>> seen = new ArrayList<>();
        for (Timeline.Sample sm : samples()) {
            if (sm.at() < from || sm.owners().size() != buckets) {
                continue;
            }
            Map<String, Integer> per = new TreeMap<>();
            sm.owners().values().forEach(n -> per.merge(n, 1, Integer::sum));
            if (seen.isEmpty() || !seen.getLast().equals(per)) {
                seen.add(per);
            }
        }
        return seen;
    }
}
