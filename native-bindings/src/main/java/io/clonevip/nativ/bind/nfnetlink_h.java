package io.clonevip.nativ.bind;

/**
 * Macros of {@code linux/netfilter/nfnetlink.h} used by clonevip (hand-written in jextract's shape:
 * see package doc).
 */
@SuppressWarnings("checkstyle:TypeName")
public final class nfnetlink_h {
    private nfnetlink_h() {}

    // ---- version and subsystems ----
    public static int NFNETLINK_V0() { return 0; }
    public static int NFNL_SUBSYS_NONE() { return 0; }
    public static int NFNL_SUBSYS_NFTABLES() { return 10; }

    // ---- batches ----
    public static int NFNL_MSG_BATCH_BEGIN() { return 16; }
    public static int NFNL_MSG_BATCH_END() { return 17; }
    public static int NFNL_BATCH_GENID() { return 1; }

    // ---- multicast groups ----
    public static int NFNLGRP_NFTABLES() { return 7; }
}
