package io.clonevip.nft;

import io.clonevip.nativ.bind.netfilter_h;

/**
 * Base-chain hooks (NFTA_HOOK_HOOKNUM). The number depends on the family: inet/ip/ip6/bridge use
 * NF_INET_*, arp uses NF_ARP_* ({@code output} is 1 there, 3 in inet), netdev NF_NETDEV_*.
 */
public enum Hook {
    PREROUTING("prerouting"),
    INPUT("input"),
    FORWARD("forward"),
    OUTPUT("output"),
    POSTROUTING("postrouting"),
    INGRESS("ingress"),
    EGRESS("egress");

    private final String nftName;

    Hook(String nftName) { this.nftName = nftName; }

    public String nftName() { return nftName; }

    /** The hook number in {@code family}; IllegalArgumentException where the hook does not exist. */
    public int number(Family family) {
        int n = switch (family) {
            case ARP -> switch (this) {
                case INPUT -> netfilter_h.NF_ARP_IN();
                case OUTPUT -> netfilter_h.NF_ARP_OUT();
                case FORWARD -> netfilter_h.NF_ARP_FORWARD();
                default -> -1;
            };
            case NETDEV -> switch (this) {
                case INGRESS -> netfilter_h.NF_NETDEV_INGRESS();
                case EGRESS -> netfilter_h.NF_NETDEV_EGRESS();
                default -> -1;
            };
            default -> switch (this) {
                case PREROUTING -> netfilter_h.NF_INET_PRE_ROUTING();
                case INPUT -> netfilter_h.NF_INET_LOCAL_IN();
                case FORWARD -> netfilter_h.NF_INET_FORWARD();
                case OUTPUT -> netfilter_h.NF_INET_LOCAL_OUT();
                case POSTROUTING -> netfilter_h.NF_INET_POST_ROUTING();
                case INGRESS -> netfilter_h.NF_INET_INGRESS();
                case EGRESS -> -1;
            };
        };
        if (n < 0) throw new IllegalArgumentException("no hook " + nftName + " in family " + family.nftName());
        return n;
    }

    /** The hook of {@code number} in {@code family}; IllegalArgumentException if none. */
    public static Hook valueOf(Family family, int number) {
        for (Hook h : values()) {
            try {
                if (h.number(family) == number) return h;
            } catch (IllegalArgumentException e) {
                // not a hook of this family
            }
        }
        throw new IllegalArgumentException("unknown hook " + number + " in family " + family.nftName());
    }
}
