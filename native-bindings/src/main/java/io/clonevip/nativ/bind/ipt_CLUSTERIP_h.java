package io.clonevip.nativ.bind;

/** Macros of {@code linux/netfilter_ipv4/ipt_CLUSTERIP.h} (hand-written in jextract's shape: see package doc). */
@SuppressWarnings("checkstyle:TypeName")
public final class ipt_CLUSTERIP_h {
    private ipt_CLUSTERIP_h() {}

    public static int CLUSTERIP_HASHMODE_SIP() { return 0; }
    public static int CLUSTERIP_HASHMODE_SIP_SPT() { return 1; }
    public static int CLUSTERIP_HASHMODE_SIP_SPT_DPT() { return 2; }
    public static int CLUSTERIP_HASHMODE_MAX() { return 2; }
    public static int CLUSTERIP_MAX_NODES() { return 16; }
    public static int CLUSTERIP_FLAG_NEW() { return 0x00000001; }
}
