package io.clonevip.nativ.bind;

/**
 * Macros of {@code linux/netfilter_ipv4/ip_tables.h}, {@code linux/netfilter/x_tables.h} and
 * {@code linux/netfilter.h} that the legacy iptables ABI needs (hand-written in jextract's shape:
 * see package doc). The function-like macros ({@code XT_ALIGN}, {@code ipt_get_target}) have no
 * jextract counterpart; {@link #XT_ALIGN(long)} is the one kept, as a plain method.
 */
@SuppressWarnings("checkstyle:TypeName")
public final class ip_tables_h {
    private ip_tables_h() {}

    public static int SOL_IP() { return 0; }
    public static int IPPROTO_RAW() { return 255; }

    public static int IPT_BASE_CTL() { return 64; }
    public static int IPT_SO_SET_REPLACE() { return 64; }
    public static int IPT_SO_SET_ADD_COUNTERS() { return 65; }
    public static int IPT_SO_GET_INFO() { return 64; }
    public static int IPT_SO_GET_ENTRIES() { return 65; }
    public static int IPT_SO_GET_REVISION_MATCH() { return 66; }
    public static int IPT_SO_GET_REVISION_TARGET() { return 67; }

    public static int NF_INET_PRE_ROUTING() { return 0; }
    public static int NF_INET_LOCAL_IN() { return 1; }
    public static int NF_INET_FORWARD() { return 2; }
    public static int NF_INET_LOCAL_OUT() { return 3; }
    public static int NF_INET_POST_ROUTING() { return 4; }
    public static int NF_INET_NUMHOOKS() { return 5; }

    public static int NF_DROP() { return 0; }
    public static int NF_ACCEPT() { return 1; }
    public static int NF_QUEUE() { return 3; }
    public static int NF_REPEAT() { return 4; }
    /** {@code XT_RETURN}: {@code -NF_REPEAT - 1}. */
    public static int XT_RETURN() { return -5; }
    public static int XT_CONTINUE() { return 0xFFFFFFFF; }

    public static int XT_TABLE_MAXNAMELEN() { return 32; }
    public static int XT_EXTENSION_MAXNAMELEN() { return 29; }
    public static int XT_FUNCTION_MAXNAMELEN() { return 30; }
    public static int IFNAMSIZ() { return 16; }
    /** {@code XT_STANDARD_TARGET}: the empty name. */
    public static String XT_STANDARD_TARGET() { return ""; }
    public static String XT_ERROR_TARGET() { return "ERROR"; }

    public static int IPT_F_FRAG() { return 0x01; }
    public static int IPT_F_GOTO() { return 0x02; }

    /** {@code XT_ALIGN(s)}: rounds up to the alignment of {@code struct _xt_align} (8 on x86_64). */
    public static long XT_ALIGN(long size) { return (size + 7) & ~7L; }
}
