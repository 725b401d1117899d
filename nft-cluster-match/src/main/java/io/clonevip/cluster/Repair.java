package io.clonevip.cluster;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The resident daemon's latest repair of one cluster IP: when, by whom, what it found departed
 * from the desired state, how long after the change the kernel held the desired state again,
 * and how many repairs it made since the state was recorded.
 *
 * @param at       when the repair was applied
 * @param by       who repaired (e.g. {@code clonevip-agentd pid 1234})
 * @param found    the departures found, joined with "; "
 * @param healMicros microseconds from the notification of the change to the repair's commit
 * @param count    repairs of this VIP by this process so far
 */
public record Repair(Instant at, String by, String found, long healMicros, long count) {
    String format() {
        return "at=" + at + "\nby=" + oneLine(by) + "\nfound=" + oneLine(found) + "\nheal_us=" + healMicros + "\ncount=" + count + "\n";
    }

    private static String oneLine(String s) { return s.replace('\n', ' '); }

    static Repair parse(String text) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) kv.put(line.substring(0, eq), line.substring(eq + 1));
        }
        try {
            return new Repair(Instant.parse(kv.get("at")), kv.getOrDefault("by", "?"), kv.getOrDefault("found", ""),
                    Long.parseLong(kv.getOrDefault("heal_us", "0")), Long.parseLong(kv.getOrDefault("count", "0")));
        } catch (RuntimeException e) {
            throw new ClusterSpecException("repair record", text.strip(), "at=, by=, found=, heal_us=, count= lines");
        }
    }
}
