package io.clonevip.sockdiag;

/** What {@link TcpSockets#destroy} did; the failures a caller cannot plan for are exceptions. */
public enum DestroyOutcome {
    /** The kernel aborted the socket: it is gone and the peer was sent a reset. */
    DESTROYED,
    /**
     * Nothing to do: the socket closed meanwhile (ENOENT), or its address and ports now belong
     * to another socket (ESTALE: the cookie no longer matches), which is left alone.
     */
    GONE,
    /** The kernel cannot destroy sockets: built without {@code CONFIG_INET_DIAG_DESTROY} (EOPNOTSUPP). */
    UNSUPPORTED
}
