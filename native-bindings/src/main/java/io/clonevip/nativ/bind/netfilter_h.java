package io.clonevip.nativ.bind;

/**
 * Macros of {@code linux/netfilter.h} and {@code linux/netfilter_arp.h} that nf_tables messages carry:
 * verdicts, hook numbers and protocol families (hand-written in jextract's shape: see package doc).
 */
@SuppressWarnings("checkstyle:TypeName")
public final class netfilter_h {
    private netfilter_h() {}

    // ---- verdicts ----
    public static int NF_DROP() { return 0; }
    public static int NF_ACCEPT() { return 1; }

    // ---- inet hooks ----
    public static int NF_INET_PRE_ROUTING() { return 0; }
    public static int NF_INET_LOCAL_IN() { return 1; }
    public static int NF_INET_FORWARD() { return 2; }
    public static int NF_INET_LOCAL_OUT() { return 3; }
    public static int NF_INET_POST_ROUTING() { return 4; }
    public static int NF_INET_INGRESS() { return 5; }

    // ---- arp hooks ----
    public static int NF_ARP_IN() { return 0; }
    public static int NF_ARP_OUT() { return 1; }
    public static int NF_ARP_FORWARD() { return 2; }

    // ---- netdev hooks ----
    public static int NF_NETDEV_INGRESS() { return 0; }
    public static int NF_NETDEV_EGRESS() { return 1; }

    // ---- families ----
    public static int NFPROTO_UNSPEC() { return 0; }
    public static int NFPROTO_INET() { return 1; }
    public static int NFPROTO_IPV4() { return 2; }
    public static int NFPROTO_ARP() { return 3; }
    public static int NFPROTO_NETDEV() { return 5; }
    public static int NFPROTO_BRIDGE() { return 7; }
    public static int NFPROTO_IPV6() { return 10; }
}
