package io.clonevip.agent.mysql;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One heartbeat as {@link StatusFile} writes it, read back by the monitor and start actions.
 * Numbers are read only when they are plain digits; a line that is missing or malformed reads
 * as absent, never as a failure of its own.
 */
record Heartbeat(Map<String, String> lines) {

    /** The heartbeat in {@code file}; empty when there is none (yet) or it cannot be read. */
    static Optional<Heartbeat> read(Path file) {
        try {
            Map<String, String> kv = new HashMap<>();
            for (String l : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
                int eq = l.indexOf('=');
                if (eq > 0) {
                    kv.putIfAbsent(l.substring(0, eq), l.substring(eq + 1));
                }
            }
            return Optional.of(new Heartbeat(Map.copyOf(kv)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A count: digits only (at most 18), else empty. */
    OptionalLong count(String key) {
        String v = lines.getOrDefault(key, "");
        return v.matches("[0-9]{1,18}") ? OptionalLong.of(Long.parseLong(v)) : OptionalLong.empty();
    }

    /** A value the daemon recorded ({@code -1}: its last write failed), as text; empty when absent. */
    Optional<String> text(String key) {
        return Optional.ofNullable(lines.get(key));
    }

    /** Epoch seconds of the check this heartbeat records. */
    OptionalLong checkedAt() {
        return count("checked_at");
    }

    /**
     * Why this heartbeat is not fresh at {@code nowSeconds} (older than its stale_after
     * bound, or without the two numbers); empty when it is fresh.
     */
    Optional<String> staleness(long nowSeconds, Path file) {
        OptionalLong checked = checkedAt();
        OptionalLong bound = count("stale_after");
        if (checked.isEmpty() || bound.isEmpty()) {
            return Optional.of("no heartbeat in " + file + " yet");
        }
        long age = nowSeconds - checked.getAsLong();
        if (age > bound.getAsLong()) {
            return Optional.of("mysql_monitor heartbeat is " + age + "s old (bound " + bound.getAsLong() + "s)");
        }
        return Optional.empty();
    }

    /** Whether it carries the attribute record of the level-10 monitor (older daemons' do not). */
    boolean hasAttributeRecord() {
        return lines.containsKey("reader_attribute") && lines.containsKey("want_reader") && count("republished").isPresent();
    }
}
