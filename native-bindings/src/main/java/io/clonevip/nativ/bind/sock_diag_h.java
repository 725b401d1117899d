package io.clonevip.nativ.bind;

/**
 * Macros of {@code linux/sock_diag.h} used by clonevip: the two request types of
 * NETLINK_SOCK_DIAG (hand-written in jextract's shape: see package doc).
 */
@SuppressWarnings("checkstyle:TypeName")
public final class sock_diag_h {
    private sock_diag_h() {}

    /** Dump the sockets of one family (or look one up): body {@link inet_diag_req_v2} for inet sockets. */
    public static int SOCK_DIAG_BY_FAMILY() { return 20; }
    /** Destroy one socket (CONFIG_INET_DIAG_DESTROY; needs CAP_NET_ADMIN): TCP aborts it with a reset. */
    public static int SOCK_DESTROY() { return 21; }
}
