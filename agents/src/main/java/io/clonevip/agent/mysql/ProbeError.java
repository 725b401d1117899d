package io.clonevip.agent.mysql;

/** Why a probe got no usable answer from the server; {@link #NONE} when it did. */
public enum ProbeError {
    NONE,
    /** The pid file names no running process (checked only when {@code pid} is set). */
    NOT_RUNNING,
    /** Connection refused, no such socket, host unreachable, connection lost. */
    UNREACHABLE,
    /** Connect, handshake or query did not complete within connect_timeout / query_timeout. */
    TIMEOUT,
    /** Error 1045 and friends: wrong user or password, or no right to connect. */
    ACCESS_DENIED,
    /** Error 1040: max_connections reached. */
    TOO_MANY_CONNECTIONS,
    /** Error 1047: the Galera node is not prepared for application use (non-Primary, not ready). */
    WSREP_NOT_READY,
    /** Any other failure of the monitor queries (e.g. a missing privilege for SHOW SLAVE STATUS). */
    QUERY_FAILED
}
