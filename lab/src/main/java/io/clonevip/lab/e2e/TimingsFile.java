package io.clonevip.lab.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A run's timings as tab-separated lines appended to a file (what docs/measurements/e2e.md's tables are made
 * from): label, transition, median, min, max, count, the values (ms, comma-separated), plus one
 * line per run for the client queries ({@code queries}: total, failed, failed outside moving
 * buckets, violations), one with /proc/loadavg at the end of the run and, with the run's
 * {@link AgentdTally}, execd's execution times of the VIP clone's starts and stops (a timing line)
 * and, when the nodes ran clonevip-agentd, one {@code agentd} line: actions it served, Pacemaker's
 * starts/stops of the VIP clone, how many of those ran in a JVM of their own, requests refused or
 * given up.
 */
public final class TimingsFile {

    private TimingsFile() {
    }

    /** The timing line of the VIP clone's start/stop execution times. */
    static final String EXEC_ROW = "VIP start/stop: execd's execution time";

    public static void append(Path file, String label, ScenarioResult r) throws IOException {
        append(file, label, r, null, false);
    }

    /** As above, with the run's tally (null: none) and whether its nodes ran agentd. */
    public static void append(Path file, String label, ScenarioResult r, AgentdTally tally, boolean agentd)
            throws IOException {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, List<Long>> e : r.orderedTimings()) {
            List<Long> v = e.getValue();
            s.append(String.join("\t", label, e.getKey(), Long.toString(ScenarioResult.median(v)),
                    Long.toString(v.stream().mapToLong(Long::longValue).min().orElse(-1)),
                    Long.toString(v.stream().mapToLong(Long::longValue).max().orElse(-1)), Integer.toString(v.size()),
                    v.stream().map(String::valueOf).collect(Collectors.joining(",")))).append('\n');
        }
        long failed = r.queries().stream().filter(q -> !q.ok()).count();
        long outside = r.phases().stream().mapToLong(p -> p.failed() - p.failedInMovingBuckets()).sum();
        s.append(String.join("\t", label, "queries", Integer.toString(r.queries().size()), Long.toString(failed),
                Long.toString(outside), Integer.toString(r.violations().size()), "")).append('\n');
        String load = "?";
        try {
            load = Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            // not Linux: no load figure
        }
        s.append(String.join("\t", label, "loadavg at the end", load, "", "", "", "")).append('\n');
        if (tally != null && !tally.execMillis().isEmpty()) {
            List<Long> v = tally.execMillis();
            s.append(String.join("\t", label, EXEC_ROW, Long.toString(ScenarioResult.median(v)),
                    Long.toString(v.stream().mapToLong(Long::longValue).min().orElse(-1)),
                    Long.toString(v.stream().mapToLong(Long::longValue).max().orElse(-1)), Integer.toString(v.size()),
                    v.stream().map(String::valueOf).collect(Collectors.joining(",")))).append('\n');
        }
        if (tally != null && agentd) {
            s.append(String.join("\t", label, "agentd", Integer.toString(tally.servedTotal()),
                    Integer.toString(tally.startsStops()), Integer.toString(tally.notServed().size()),
                    Integer.toString(tally.refused() + tally.gaveUp()), "")).append('\n');
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, s, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
