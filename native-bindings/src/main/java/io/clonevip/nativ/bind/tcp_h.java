package io.clonevip.nativ.bind;

/**
 * The TCP states of {@code netinet/tcp.h} (the kernel's {@code include/net/tcp_states.h}), as
 * sock_diag reports them in {@code idiag_state} and selects them by bit in {@code idiag_states}
 * (hand-written in jextract's shape: see package doc).
 */
@SuppressWarnings("checkstyle:TypeName")
public final class tcp_h {
    private tcp_h() {}

    public static int TCP_ESTABLISHED() { return 1; }
    public static int TCP_SYN_SENT() { return 2; }
    public static int TCP_SYN_RECV() { return 3; }
    public static int TCP_FIN_WAIT1() { return 4; }
    public static int TCP_FIN_WAIT2() { return 5; }
    public static int TCP_TIME_WAIT() { return 6; }
    public static int TCP_CLOSE() { return 7; }
    public static int TCP_CLOSE_WAIT() { return 8; }
    public static int TCP_LAST_ACK() { return 9; }
    public static int TCP_LISTEN() { return 10; }
    public static int TCP_CLOSING() { return 11; }
}
