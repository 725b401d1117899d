package io.clonevip.lab.e2e;

/**
 * A query of a {@link ConnectionPool} that failed: on an open connection (which is then
 * broken), or the connect of a new one.
 *
 * @param pool    the pool's label
 * @param slot    the pool slot
 * @param bucket  the bucket of the connection's source port
 * @param port    the source port
 * @param at      when the query (or connect) started, ms since the run's start
 * @param node    the member the connection had been answered by; null for a connect
 * @param error   the exception's class and SQL state and the innermost cause, short
 */
public record PoolFailure(String pool, int slot, int bucket, int port, long at, String node, String error) {

    /** Whether the connect of a new connection failed (else a query on an open one). */
    public boolean connect() {
        return node == null;
    }
}
