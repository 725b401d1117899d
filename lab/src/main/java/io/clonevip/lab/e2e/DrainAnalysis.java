package io.clonevip.lab.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What each {@link MoveEvent} did to one {@link ConnectionPool}: the buckets that changed owner
 * and how often (crm_mon samples of the {@link Timeline}; an intermediate placement counts as a
 * second move), the pool's connections broken, its failed queries and retirements, its new
 * connections in the moved buckets and whether the buckets' new owners answered them, and the
 * server sessions left without a client. An event's window runs from it to the next event (the
 * last: to its count).
 */
final class DrainAnalysis {

    /**
     * One event's figures for one pool.
     *
     * @param moves            moved bucket -> how many times it changed owner in the window
     * @param openInMoved      the pool's connections open at the event in the buckets it moved
     * @param broken           connections broken in the window (a failed query on an open connection)
     * @param brokenInMoved    of those, in buckets the event moved
     * @param brokenAfter      ms from the event to the median break of those, or -1 for none
     * @param failedQueries    failed queries, connects included
     * @param retired          connections retired (max lifetime) in the window
     * @param newInMoved       connections opened in a moved bucket once crm_mon no longer showed it on its owner
     *                         at the event
     * @param newByOwner       of those, answered by a new owner (not the old one; one that crm_mon showed with the
     *                         bucket in the window)
     * @param orphans          the pool's server sessions without a client when the event was counted
     * @param countedAfter     ms from the event to the count
     */
    record EventFigures(String event, Map<Integer, Integer> moves, int openInMoved, int broken, int brokenInMoved,
                        long brokenAfter, int failedQueries, int retired, int newInMoved, int newByOwner, int orphans, long countedAfter) {
        EventFigures {
            moves = Map.copyOf(moves);
        }
    }

    private DrainAnalysis() {
    }

    static List<EventFigures> of(List<MoveEvent> events, Timeline tl, ConnectionPool.Options pool,
                                 List<PoolConnection> connections, List<PoolFailure> failures) {
        List<EventFigures> figures = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            MoveEvent e = events.get(i);
            long from = e.at();
            long to = i + 1 < events.size() ? events.get(i + 1).at() : e.counted() + 1;
            Map<Integer, Integer> moves = moves(tl, from, to);
            Set<Integer> moved = moves.keySet();
            int open = 0;
            int broken = 0;
            int brokenInMoved = 0;
            List<Long> breaks = new ArrayList<>();
            int retired = 0;
            int fresh = 0;
            int byOwner = 0;
            for (PoolConnection c : connections) {
                if (c.openAt(from) && moved.contains(c.bucket())) {
                    open++;
                }
                boolean closedHere = c.closed() >= from && c.closed() < to;
                if (closedHere && c.end() == PoolConnection.End.BROKEN) {
                    broken++;
                    if (moved.contains(c.bucket())) {
                        brokenInMoved++;
                        breaks.add(c.closed() - from);
                    }
                }
                if (closedHere && c.end() == PoolConnection.End.RETIRED) {
                    retired++;
                }
                if (moved.contains(c.bucket()) && c.opened() < to) {
                    String old = tl.sampleAt(from).map(x -> x.owners().get(c.bucket())).orElse(null);
                    long left = left(tl, c.bucket(), old, from, to);
                    if (c.opened() >= left) {
                        fresh++;
                        byOwner += !c.node().equals(old) && owners(tl, c.bucket(), left - 1, to).contains(c.node()) ? 1 : 0;
                    }
                }
            }
            int failed = (int) failures.stream().filter(f -> f.at() >= from && f.at() < to).count();
            int orphans = (int) e.orphans().stream().filter(s -> s.port() >= pool.firstPort() && s.port() <= pool.lastPort()).count();
            figures.add(new EventFigures(e.name(), moves, open, broken, brokenInMoved,
                    breaks.isEmpty() ? -1 : ScenarioResult.median(breaks), failed, retired, fresh, byOwner, orphans,
                    e.counted() - e.at()));
        }
        return figures;
    }

    /**
     * Buckets whose owner changed between {@code from} and {@code to} ms -> how many times: the
     * owners of the last sample before {@code from} and of every sample up to {@code to}, a bucket
     * not running (stopped, or its start in flight) skipped.
     */
    static Map<Integer, Integer> moves(Timeline tl, long from, long to) {
        Map<Integer, String> owner = new TreeMap<>(tl.sampleAt(from).map(Timeline.Sample::owners).orElse(Map.of()));
        Map<Integer, Integer> moves = new TreeMap<>();
        for (Timeline.Sample s : tl.samples()) {
            if (s.at() <= from || s.at() >= to) {
                continue;
            }
            s.owners().forEach((b, n) -> {
                String was = owner.put(b, n);
                if (was != null && !was.equals(n)) {
                    moves.merge(b, 1, Integer::sum);
                }
            });
        }
        return moves;
    }

    /** The first sample after {@code from} (before {@code to}) that does not show {@code bucket} on {@code owner}. */
    static long left(Timeline tl, int bucket, String owner, long from, long to) {
        for (Timeline.Sample s : tl.samples()) {
            if (s.at() > from && s.at() < to && !Objects.equals(owner, s.owners().get(bucket))) {
                return s.at();
            }
        }
        return Long.MAX_VALUE;
    }

    /** The nodes that samples after {@code from} (before {@code to}) show running {@code bucket}. */
    static Set<String> owners(Timeline tl, int bucket, long from, long to) {
        Set<String> owners = new TreeSet<>();
        for (Timeline.Sample s : tl.samples()) {
            String o = s.owners().get(bucket);
            if (s.at() > from && s.at() < to && o != null) {
                owners.add(o);
            }
        }
        return owners;
    }
}
