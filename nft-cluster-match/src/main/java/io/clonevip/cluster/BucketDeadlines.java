package io.clonevip.cluster;

import io.clonevip.cluster.ClusterState.TimedBucket;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Buckets with the wall-clock time at which the kernel ends their element in a set with a
 * timeout ({@code cv_drain}, {@code cv_guard}): what a {@link DesiredState} records of drains
 * and guards. Absolute, so that whoever puts the element back later gives it only the time it
 * has left, and one that has ended is not put back. In the desired-state file:
 * {@code 3@2026-12-07T21:05:23.123Z,5@2026-12-07T21:06:00Z} (ISO-8601 instants, UTC).
 *
 * @param ends bucket → when its element ends, in bucket order
 */
public record BucketDeadlines(SortedMap<Integer, Instant> ends) {
    private static final BucketDeadlines NONE = new BucketDeadlines(new TreeMap<>());

    public BucketDeadlines {
        ends = Collections.unmodifiableSortedMap(new TreeMap<>(ends));
    }

    public static BucketDeadlines none() { return NONE; }

    /** The elements of {@code read} that have a timeout, ending their time left after {@code now}; those without one are left out. */
    static BucketDeadlines of(List<TimedBucket> read, Instant now) {
        SortedMap<Integer, Instant> m = new TreeMap<>();
        for (TimedBucket t : read) if (t.expiresMs() > 0) m.put(t.bucket(), now.plusMillis(t.expiresMs()));
        return new BucketDeadlines(m);
    }

    public boolean isEmpty() { return ends.isEmpty(); }

    public boolean contains(int bucket) { return ends.containsKey(bucket); }

    /**
     * Milliseconds left at {@code now} of each bucket that has at least {@code minMs} left, in
     * bucket order: the timeouts to write when putting the elements back.
     */
    public Map<Integer, Long> left(Instant now, long minMs) {
        SortedMap<Integer, Long> m = new TreeMap<>();
        for (var e : ends.entrySet()) {
            long ms = e.getValue().toEpochMilli() - now.toEpochMilli();
            if (ms >= minMs) m.put(e.getKey(), ms);
        }
        return Collections.unmodifiableSortedMap(m);
    }

    /** Whether every end has passed at {@code now} (true when empty). */
    public boolean allEnded(Instant now) {
        for (Instant end : ends.values()) if (end.isAfter(now)) return false;
        return true;
    }

    /** The file form, e.g. {@code 3@2026-12-07T21:05:23.123Z,5@2026-12-07T21:06:00Z}; empty when none. */
    String format() {
        StringBuilder sb = new StringBuilder();
        for (var e : ends.entrySet()) {
            if (!sb.isEmpty()) sb.append(',');
            sb.append(e.getKey()).append('@').append(e.getValue());
        }
        return sb.toString();
    }

    /** Reads {@link #format()}'s text for a cluster IP of {@code total} buckets; {@code what} names the line in errors. */
    static BucketDeadlines parse(String what, String text, int total) {
        SortedMap<Integer, Instant> m = new TreeMap<>();
        if (text == null || text.isBlank()) return new BucketDeadlines(m);
        for (String raw : text.split(",", -1)) {
            String item = raw.strip();
            int at = item.indexOf('@');
            if (at <= 0) throw new ClusterSpecException(what, item, "BUCKET@INSTANT items, e.g. 3@2026-12-07T21:05:23.123Z");
            int bucket;
            Instant end;
            try {
                bucket = Integer.parseInt(item.substring(0, at).strip());
                end = Instant.parse(item.substring(at + 1).strip());
            } catch (NumberFormatException | DateTimeException e) {
                throw new ClusterSpecException(what, item, "BUCKET@INSTANT items, e.g. 3@2026-12-07T21:05:23.123Z");
            }
            BucketSet.of(total, bucket); // 1..total, or an error naming it
            m.put(bucket, end);
        }
        return new BucketDeadlines(m);
    }
}
