package io.clonevip.lab.e2e;

/**
 * One connection of a {@link ConnectionPool}: how it ended, or that it is still open.
 *
 * @param pool         the pool's label
 * @param slot         the pool slot that held it
 * @param bucket       its hash bucket (that of its source port)
 * @param port         its source port
 * @param node         the member that answered its first query ({@code @@hostname})
 * @param connectionId the server's id of the session ({@code CONNECTION_ID()}, processlist {@code ID})
 * @param opened       when it was opened, ms since the run's start
 * @param closed       when it was closed, ms, or -1 while open
 * @param end          how it ended
 * @param queries      queries it answered
 * @param otherNode    queries answered by a node other than {@code node} (a connection answered by two nodes)
 */
public record PoolConnection(String pool, int slot, int bucket, int port, String node, long connectionId, long opened,
                             long closed, End end, int queries, int otherNode) {

    /** How a pooled connection ended. */
    public enum End {
        /** still open */
        OPEN,
        /** a query failed on it: the pool dropped it and opened another (a reconnect) */
        BROKEN,
        /** older than the pool's max lifetime: closed between two queries and replaced */
        RETIRED,
        /** closed with the pool at the end of the run */
        CLOSED
    }

    /** Whether it was open at {@code t} ms. */
    public boolean openAt(long t) {
        return opened <= t && (closed < 0 || closed > t);
    }
}
