package io.clonevip.nft;

import io.clonevip.nativ.bind.netfilter_h;

/** nf_tables table families (NFPROTO_*, sent in {@code nfgenmsg.nfgen_family}), with nft's names. */
public enum Family {
    INET(netfilter_h.NFPROTO_INET(), "inet"),
    IP(netfilter_h.NFPROTO_IPV4(), "ip"),
    ARP(netfilter_h.NFPROTO_ARP(), "arp"),
    NETDEV(netfilter_h.NFPROTO_NETDEV(), "netdev"),
    BRIDGE(netfilter_h.NFPROTO_BRIDGE(), "bridge"),
    IP6(netfilter_h.NFPROTO_IPV6(), "ip6");

    private final int number;
    private final String nftName;

    Family(int number, String nftName) {
        this.number = number;
        this.nftName = nftName;
    }

    /** The NFPROTO_* value. */
    public int number() { return number; }

    /** The word nft uses ({@code table inet cluster}). */
    public String nftName() { return nftName; }

    /** The family of an NFPROTO_* value; IllegalArgumentException for others. */
    public static Family valueOf(int number) {
        for (Family f : values()) if (f.number == number) return f;
        throw new IllegalArgumentException("unknown nf_tables family " + number);
    }
}
