package io.clonevip.lab.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The drain harness's figures on made-up timelines, pools and processlists (no lab). */
class DrainAnalysisTest {

    private static final ConnectionPool.Options POOL =
            new ConnectionPool.Options("persistent", 6, 3, Duration.ofMillis(100), null, 20000, 39999);

    /**
     * Event 1 at 10 s: bucket 1 moves node1 -> node2 (its start in flight 10.5-11 s), bucket 3 moves
     * node1 -> node3 -> node2 (an intermediate placement); event 2 at 30 s: nothing moves.
     */
    private static Timeline timeline() {
        Timeline tl = new Timeline(System.nanoTime());
        for (long t = 0; t <= 50_000; t += 250) {
            if (t < 10_500) {
                tl.sample(t, Map.of(1, "node1", 2, "node2", 3, "node1"));
            } else if (t < 11_000) {
                tl.sample(t, Map.of(2, "node2", 3, "node3"));
            } else if (t < 12_000) {
                tl.sample(t, Map.of(1, "node2", 2, "node2", 3, "node3"));
            } else {
                tl.sample(t, Map.of(1, "node2", 2, "node2", 3, "node2"));
            }
        }
        return tl;
    }

    private static PoolConnection conn(int slot, int bucket, int port, String node, long opened, long closed, PoolConnection.End end) {
        return new PoolConnection("persistent", slot, bucket, port, node, port, opened, closed, end, 10, 0);
    }

    @Test
    void movesCountEachChangeOfOwnerAndSkipStartsInFlight() {
        Timeline tl = timeline();
        assertEquals(Map.of(1, 1, 3, 2), DrainAnalysis.moves(tl, 10_000, 30_000));
        assertEquals(Map.of(), DrainAnalysis.moves(tl, 30_000, 50_000));
        assertEquals(10_500, DrainAnalysis.left(tl, 1, "node1", 10_000, 30_000), "not running from 10.5 s");
        assertEquals(10_500, DrainAnalysis.left(tl, 3, "node1", 10_000, 30_000), "on node3 from 10.5 s");
        assertEquals(Long.MAX_VALUE, DrainAnalysis.left(tl, 2, "node2", 10_000, 30_000));
        assertEquals(java.util.Set.of("node2", "node3"), DrainAnalysis.owners(tl, 3, 10_499, 30_000));
    }

    @Test
    void brokenConnectionsNewOnesAndOrphansPerEvent() {
        Timeline tl = timeline();
        List<PoolConnection> conns = List.of(
                conn(0, 1, 20000, "node1", 1_000, 10_700, PoolConnection.End.BROKEN),   // bucket 1 moved: reset
                conn(1, 2, 20001, "node2", 1_000, -1, PoolConnection.End.OPEN),         // bucket 2 never moved
                conn(2, 3, 20002, "node1", 1_000, 12_500, PoolConnection.End.BROKEN),   // bucket 3 moved
                conn(3, 1, 20003, "node1", 1_000, 25_000, PoolConnection.End.RETIRED),  // survived, then retired
                conn(0, 1, 20010, "node2", 10_800, -1, PoolConnection.End.OPEN),        // reconnect while crm_mon showed the start in flight
                conn(2, 3, 20012, "node2", 12_600, -1, PoolConnection.End.OPEN),        // reconnect to the last owner
                conn(3, 1, 20013, "node1", 25_000, -1, PoolConnection.End.OPEN),        // a new connection answered by the old owner
                conn(4, 2, 20004, "node2", 20_000, 35_000, PoolConnection.End.BROKEN)); // event 2: broken, bucket not moved
        List<PoolFailure> failures = List.of(
                new PoolFailure("persistent", 0, 1, 20000, 10_600, "node1", "SQLException: reset"),
                new PoolFailure("persistent", 0, 1, 20009, 10_700, null, "SQLException: connect timed out"),
                new PoolFailure("persistent", 2, 3, 20002, 12_400, "node1", "SQLException: reset"),
                new PoolFailure("persistent", 4, 2, 20004, 34_000, "node2", "SQLTimeoutException"));
        List<MoveEvent> events = List.of(
                new MoveEvent("desync node1", 10_000, 12_000, 13_000, 20_000, List.of(
                        new ServerSession("node1", 5, 20000, "Sleep", 3), new ServerSession("node1", 7, 20002, "Sleep", 2),
                        new ServerSession("node1", 9, 45000, "Sleep", 2))),   // another pool's port range
                new MoveEvent("resync node1", 30_000, 31_000, 32_000, 40_000, List.of(
                        new ServerSession("node1", 5, 20000, "Sleep", 23))));
        List<DrainAnalysis.EventFigures> f = DrainAnalysis.of(events, tl, POOL, conns, failures);
        DrainAnalysis.EventFigures desync = f.get(0);
        assertEquals(Map.of(1, 1, 3, 2), desync.moves());
        assertEquals(3, desync.openInMoved(), "slots 0, 2 and 3 were open in buckets 1 and 3");
        assertEquals(2, desync.broken());
        assertEquals(2, desync.brokenInMoved());
        assertEquals(1_600, desync.brokenAfter(), "the median of 0.7 s and 2.5 s after the event");
        assertEquals(3, desync.failedQueries());
        assertEquals(1, desync.retired());
        assertEquals(3, desync.newInMoved(), "opened after their bucket left node1: ports 20010, 20012 and 20013");
        assertEquals(2, desync.newByOwner(), "20013 was answered by the old owner");
        assertEquals(2, desync.orphans(), "the other pool's session does not count");
        assertEquals(10_000, desync.countedAfter());
        DrainAnalysis.EventFigures resync = f.get(1);
        assertEquals(Map.of(), resync.moves());
        assertEquals(0, resync.openInMoved());
        assertEquals(1, resync.broken());
        assertEquals(0, resync.brokenInMoved());
        assertEquals(-1, resync.brokenAfter());
        assertEquals(1, resync.failedQueries());
        assertEquals(1, resync.orphans());
    }
}
