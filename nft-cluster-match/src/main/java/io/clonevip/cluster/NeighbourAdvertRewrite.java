package io.clonevip.cluster;

import io.clonevip.nativ.bind.nf_tables_h;
import io.clonevip.nft.Bytes;
import io.clonevip.nft.Chain;
import io.clonevip.nft.Family;
import io.clonevip.nft.Hook;
import io.clonevip.nft.Rule;
import io.clonevip.nft.expr.Cmp;
import io.clonevip.nft.expr.Counter;
import io.clonevip.nft.expr.Expr;
import io.clonevip.nft.expr.Immediate;
import io.clonevip.nft.expr.Meta;
import io.clonevip.nft.expr.Payload;
import io.clonevip.nft.expr.Reg;
import io.clonevip.nft.expr.Verdict;
import java.net.Inet6Address;
import java.util.List;

/**
 * IPv6's counterpart of {@link ClusterRuleset}'s ARP rule: every neighbour advertisement this
 * node sends for the VIP carries the cluster MAC in its target link-layer address option, so
 * that routers and clients resolve the VIP to the MAC all nodes receive. Linux builds the NA
 * (solicited, or unsolicited on a link change) in {@code ndisc_send_na} with the NIC's MAC and
 * its ICMPv6 checksum already computed, and sends it through the {@code NF_INET_LOCAL_OUT} hook
 * ({@code ndisc_send_skb}); this rule, in an {@code output} base chain of the VIP's {@code inet}
 * table, overwrites the 6 bytes and has the kernel fix the ICMPv6 checksum incrementally
 * ({@code NFT_PAYLOAD_CSUM_INET} at the checksum's offset; the pseudo-header is unchanged, so no
 * {@code NFT_PAYLOAD_L4CSUM_PSEUDOHDR}). Proven against the kernel in
 * {@code NeighbourAdvertKernelTest}; docs/developer/ipv6-nd.md has the findings.
 * <pre>
 * chain cv_na { type filter hook output priority filter; policy accept;
 *   meta nfproto ipv6 meta l4proto ipv6-icmp icmpv6 type nd-neighbor-advert @th,64,128 VIP
 *   &#64;th,192,16 0x0201 @th,208,48 set MAC (checksum type inet at @th,16) counter }
 * </pre>
 * Matched: ICMPv6 type 136 (NA) whose target is the VIP, with a target link-layer
 * address option of 8 bytes (type 2, length 1) right after the fixed part, as Linux writes it
 * for Ethernet. An NA without the option (Linux's answer to a unicast NUD probe) is left alone:
 * the load at offset 24 fails and the rule does not match. Everything is read and written
 * relative to the transport header, the one base whose checksum fix-up the kernel keeps
 * allowing for any offset (netfilter's 2026 restriction of network-header and link-layer
 * writes does not touch it).
 *
 * <p>The {@code nft} CLI cannot write this rule: it sends no checksum attributes for a raw
 * payload write, so {@code nft -f} of a listing re-creates the rule without the fix and the
 * NAs leave with a wrong checksum (receivers drop them; see the kernel test).
 */
public final class NeighbourAdvertRewrite {
    /** A name for the output chain in the VIP's inet table (the IPv4 counterpart lives in the arp table). */
    public static final String CHAIN = "cv_na";
    static final int IPPROTO_ICMPV6 = 58;
    /** ICMPv6 type 136: neighbour advertisement. */
    static final Bytes TYPE_NA = Bytes.of(136);
    /** Offset of the ICMPv6 checksum from the start of the ICMPv6 header. */
    static final int CHECKSUM_OFFSET = 2;
    /** Offset of the target address (after type, code, checksum, flags and reserved). */
    static final int TARGET_OFFSET = 8;
    /** Offset of the first option (after the 16-byte target). */
    static final int OPTION_OFFSET = 24;
    /** Option type 2 (target link-layer address), length 1 (8 bytes: a 6-byte MAC). */
    static final Bytes TARGET_LL_OPTION = Bytes.of(2, 1);
    /** Offset of the MAC inside the NA: the option's type and length bytes come first. */
    static final int MAC_OFFSET = OPTION_OFFSET + 2;

    private NeighbourAdvertRewrite() {}

    /** {@code chain NAME { type filter hook output priority filter; policy accept; }} in the inet table {@code table}. */
    public static Chain chain(String table, String name) {
        return Chain.base(Family.INET, table, name, Hook.OUTPUT, Chain.PRIO_FILTER, "filter", Verdict.ACCEPT);
    }

    /** The rule for {@code vip} and {@code mac} in chain {@code chain} of the inet table {@code table}. */
    public static Rule rule(String table, String chain, Inet6Address vip, ClusterMac mac) {
        return Rule.of(Family.INET, table, chain, exprs(vip, mac));
    }

    /** The expressions: match an NA for {@code vip} with a target link-layer address option, write {@code mac} into it, count. */
    public static List<Expr> exprs(Inet6Address vip, ClusterMac mac) {
        return List.of(
                Meta.load(Meta.NFPROTO, Reg.R1), Cmp.eq(Reg.R1, Bytes.of(Family.IP6.number())),
                Meta.load(Meta.L4PROTO, Reg.R1), Cmp.eq(Reg.R1, Bytes.of(IPPROTO_ICMPV6)),
                Payload.load(Payload.TRANSPORT, 0, 1, Reg.R1), Cmp.eq(Reg.R1, TYPE_NA),
                Payload.load(Payload.TRANSPORT, TARGET_OFFSET, 16, Reg.R1), Cmp.eq(Reg.R1, new Bytes(vip.getAddress())),
                Payload.load(Payload.TRANSPORT, OPTION_OFFSET, 2, Reg.R1), Cmp.eq(Reg.R1, TARGET_LL_OPTION),
                Immediate.data(Reg.R1, new Bytes(mac.bytes())),
                new Payload(-1, Reg.R1, Payload.TRANSPORT, MAC_OFFSET, 6, nf_tables_h.NFT_PAYLOAD_CSUM_INET(), CHECKSUM_OFFSET, 0),
                Counter.zero());
    }
}
