package io.clonevip.nativ.bind;

/** Macros of {@code linux/netlink.h} used by clonevip (hand-written in jextract's shape: see package doc). */
@SuppressWarnings("checkstyle:TypeName")
public final class netlink_h {
    private netlink_h() {}

    public static int NETLINK_ROUTE() { return 0; }
    public static int NETLINK_SOCK_DIAG() { return 4; }
    public static int NETLINK_NETFILTER() { return 12; }

    public static int NLMSG_NOOP() { return 1; }
    public static int NLMSG_ERROR() { return 2; }
    public static int NLMSG_DONE() { return 3; }
    public static int NLMSG_OVERRUN() { return 4; }
    public static int NLMSG_MIN_TYPE() { return 0x10; }

    public static int NLM_F_REQUEST() { return 0x01; }
    public static int NLM_F_MULTI() { return 0x02; }
    public static int NLM_F_ACK() { return 0x04; }
    public static int NLM_F_ECHO() { return 0x08; }
    public static int NLM_F_DUMP_INTR() { return 0x10; }
    public static int NLM_F_DUMP_FILTERED() { return 0x20; }
    public static int NLM_F_ROOT() { return 0x100; }
    public static int NLM_F_MATCH() { return 0x200; }
    public static int NLM_F_DUMP() { return 0x300; }
    public static int NLM_F_REPLACE() { return 0x100; }
    public static int NLM_F_EXCL() { return 0x200; }
    public static int NLM_F_CREATE() { return 0x400; }
    public static int NLM_F_APPEND() { return 0x800; }
    public static int NLM_F_NONREC() { return 0x100; }
    public static int NLM_F_CAPPED() { return 0x100; }
    public static int NLM_F_ACK_TLVS() { return 0x200; }

    public static int NLA_F_NESTED() { return 0x8000; }
    public static int NLA_F_NET_BYTEORDER() { return 0x4000; }
    /** {@code ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER)} as C computes it (an int); its low 16 bits are 0x3fff. */
    public static int NLA_TYPE_MASK() { return ~(NLA_F_NESTED() | NLA_F_NET_BYTEORDER()); }

    public static int NETLINK_ADD_MEMBERSHIP() { return 1; }
    public static int NETLINK_DROP_MEMBERSHIP() { return 2; }
    public static int NETLINK_CAP_ACK() { return 10; }
    public static int NETLINK_EXT_ACK() { return 11; }
    public static int NETLINK_GET_STRICT_CHK() { return 12; }

    public static int NLMSGERR_ATTR_MSG() { return 1; }
    public static int NLMSGERR_ATTR_OFFS() { return 2; }
    public static int NLMSGERR_ATTR_COOKIE() { return 3; }
}
