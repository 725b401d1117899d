package io.clonevip.cluster;

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
import io.clonevip.rtnl.MacAddress;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;

/**
 * IPv6's counterpart of {@link ClusterRuleset}'s ARP rule: every neighbour advertisement this
 * node sends for the VIP carries the cluster MAC in its target link-layer address option, so
 * that routers and clients resolve the VIP to the MAC all nodes receive. Linux builds the NA
 * (solicited, or unsolicited on a link change) in {@code ndisc_send_na} with the NIC's MAC and
 * its ICMPv6 checksum already computed, and sends it through the {@code NF_INET_LOCAL_OUT} hook
 * ({@code ndisc_send_skb}); this rule, in an {@code output} base chain of the VIP's {@code inet}
 * table, overwrites the NIC's MAC with the cluster MAC and, in the same rule, writes the low 16
 * bits of the NA's Reserved field (zero as Linux sends it; receivers ignore it, RFC 4861 4.4) with
 * the one's-complement negation of the change the new MAC makes to the ICMPv6 sum
 * ({@link #compensation}). The sum is unchanged, so the checksum the kernel computed stays valid:
 * two plain payload writes, no checksum attributes. Proven against the kernel in
 * {@code NeighbourAdvertKernelTest}; docs/developer/ipv6-nd.md has the design and findings.
 * <pre>
 * chain cv_na { type filter hook output priority filter; policy accept;
 *   meta nfproto ipv6 meta l4proto ipv6-icmp icmpv6 type nd-neighbor-advert &#64;th,48,16 0x0
 *   &#64;th,64,128 VIP &#64;th,192,64 0x0201 NIC_MAC &#64;th,48,16 set K &#64;th,208,48 set CLUSTER_MAC counter }
 * </pre>
 * Matched: ICMPv6 type 136 (NA) whose Reserved low bits are zero, whose target is the VIP, with
 * a target link-layer address option of 8 bytes (type 2, length 1) holding the NIC's MAC right
 * after the fixed part, as Linux writes it for Ethernet. Anything else passes untouched: an NA
 * without the option (Linux's answer to a unicast NUD probe; the 8-byte load past the end fails),
 * or with another MAC (the NIC's MAC changed since the rule was written; K would be wrong for it).
 * Everything is read and written relative to the transport header, the one base the kernel
 * keeps allowing writes to at any offset (netfilter's 2026 restriction of network-header and
 * link-layer writes does not touch it). {@code nft list} prints the rule as above and
 * {@code nft -f} of that listing re-creates it byte for byte.
 */
public final class NeighbourAdvertRewrite {
    /** A name for the output chain in the VIP's inet table (the IPv4 counterpart lives in the arp table). */
    public static final String CHAIN = "cv_na";
    static final int IPPROTO_ICMPV6 = 58;
    /** ICMPv6 type 136: neighbour advertisement. */
    static final Bytes TYPE_NA = Bytes.of(136);
    /** Offset of the low 16 bits of the NA's 29-bit Reserved field (after type, code, checksum, flag byte and one reserved byte). */
    static final int RESERVED_LOW_OFFSET = 6;
    /** Offset of the target address (after type, code, checksum, flags and reserved). */
    static final int TARGET_OFFSET = 8;
    /** Offset of the first option (after the 16-byte target). */
    static final int OPTION_OFFSET = 24;
    /** Option type 2: target link-layer address (length 1: 8 bytes, a 6-byte MAC). */
    static final int TARGET_LL_OPTION_TYPE = 2;
    /** Offset of the MAC inside the NA: the option's type and length bytes come first. */
    static final int MAC_OFFSET = OPTION_OFFSET + 2;

    private NeighbourAdvertRewrite() {}

    /** {@code chain NAME { type filter hook output priority filter; policy accept; }} in the inet table {@code table}. */
    public static Chain chain(String table, String name) {
        return Chain.base(Family.INET, table, name, Hook.OUTPUT, Chain.PRIO_FILTER, "filter", Verdict.ACCEPT);
    }

    /** The rule for {@code vip}, {@code mac} and the NIC's MAC {@code nicMac} in chain {@code chain} of the inet table {@code table}. */
    public static Rule rule(String table, String chain, Inet6Address vip, ClusterMac mac, MacAddress nicMac) {
        return Rule.of(Family.INET, table, chain, exprs(vip, mac, nicMac));
    }

    /**
     * The expressions: match an NA for {@code vip} with zero Reserved low bits and a target
     * link-layer address option holding {@code nicMac}, write the {@link #compensation} into the
     * Reserved low bits and {@code mac} into the option, count.
     *
     * @throws IllegalArgumentException if {@code nicMac} is not a 6-byte (Ethernet) MAC
     */
    public static List<Expr> exprs(Inet6Address vip, ClusterMac mac, MacAddress nicMac) {
        List<Expr> match = List.of(
                Meta.load(Meta.NFPROTO, Reg.R1), Cmp.eq(Reg.R1, Bytes.of(Family.IP6.number())),
                Meta.load(Meta.L4PROTO, Reg.R1), Cmp.eq(Reg.R1, Bytes.of(IPPROTO_ICMPV6)),
                Payload.load(Payload.TRANSPORT, 0, 1, Reg.R1), Cmp.eq(Reg.R1, TYPE_NA),
                Payload.load(Payload.TRANSPORT, RESERVED_LOW_OFFSET, 2, Reg.R1), Cmp.eq(Reg.R1, Bytes.of(0, 0)),
                Payload.load(Payload.TRANSPORT, TARGET_OFFSET, 16, Reg.R1), Cmp.eq(Reg.R1, new Bytes(vip.getAddress())));
        return withOptionRewrite(match, TARGET_LL_OPTION_TYPE, mac, nicMac);
    }

    /**
     * {@code match}, then what both ND rewrites end with: the link-layer address option of type
     * {@code optionType} at {@link #OPTION_OFFSET} holding {@code nicMac} matched, the {@link
     * #compensation} written into the Reserved low bits and {@code mac} into the option, a counter.
     *
     * @throws IllegalArgumentException if {@code nicMac} is not a 6-byte (Ethernet) MAC
     */
    static List<Expr> withOptionRewrite(List<Expr> match, int optionType, ClusterMac mac, MacAddress nicMac) {
        int k = compensation(nicMac, mac);
        byte[] option = new byte[8];
        option[0] = (byte) optionType;
        option[1] = 1;
        System.arraycopy(nicMac.bytes(), 0, option, 2, 6);
        List<Expr> exprs = new ArrayList<>(match);
        exprs.addAll(List.of(
                Payload.load(Payload.TRANSPORT, OPTION_OFFSET, 8, Reg.R1), Cmp.eq(Reg.R1, new Bytes(option)),
                Immediate.data(Reg.R1, Bytes.of(k >> 8, k & 0xff)),
                Payload.write(Reg.R1, Payload.TRANSPORT, RESERVED_LOW_OFFSET, 2),
                Immediate.data(Reg.R1, new Bytes(mac.bytes())),
                Payload.write(Reg.R1, Payload.TRANSPORT, MAC_OFFSET, 6),
                Counter.zero()));
        return List.copyOf(exprs);
    }

    /**
     * K, the 16-bit value that keeps the ICMPv6 one's-complement sum unchanged when the three
     * 16-bit words of {@code nicMac} (at the even offset 26) become those of {@code mac} and a zero
     * word becomes K: K = -Δ = ~Δ with Δ = Σ new words - Σ old words (one's complement); 0 when Δ is 0.
     *
     * @throws IllegalArgumentException if {@code nicMac} is not a 6-byte (Ethernet) MAC
     */
    static int compensation(MacAddress nicMac, ClusterMac mac) {
        if (nicMac.length() != 6) {
            throw new IllegalArgumentException("the NIC's MAC " + nicMac + " is not a 6-byte Ethernet address");
        }
        byte[] old = nicMac.bytes();
        byte[] now = mac.bytes();
        int sum = 0;
        for (int i = 0; i < 6; i += 2) {
            sum += word(now, i) + (~word(old, i) & 0xffff); // a - b = a + ~b in one's complement
        }
        while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
        int k = ~sum & 0xffff;
        return k == 0xffff ? 0 : k; // -0 and +0 are the same change: write the zero Linux sent
    }

    private static int word(byte[] b, int i) { return (b[i] & 0xff) << 8 | b[i + 1] & 0xff; }
}
