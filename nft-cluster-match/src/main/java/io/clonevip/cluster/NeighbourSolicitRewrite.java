package io.clonevip.cluster;

import io.clonevip.nft.Bytes;
import io.clonevip.nft.Family;
import io.clonevip.nft.Rule;
import io.clonevip.nft.expr.Cmp;
import io.clonevip.nft.expr.Expr;
import io.clonevip.nft.expr.Meta;
import io.clonevip.nft.expr.Payload;
import io.clonevip.nft.expr.Reg;
import io.clonevip.rtnl.MacAddress;
import java.net.Inet6Address;
import java.util.List;

/**
 * The other half of IPv4's ARP rule, which rewrites requests as well as replies: every neighbour
 * solicitation this node sends <em>from</em> the VIP carries the cluster MAC in its source
 * link-layer address option. Linux sends one from the VIP whenever a packet from the VIP waits
 * for a neighbour (a reply to a client or router it has no entry for: {@code ndisc_solicit} takes
 * the waiting packet's source), and the solicited host stores the option as the VIP's address
 * ({@code ndisc_recv_ns}: a STALE entry, overriding the one it had): without this rule a client
 * or router that a node answered first sends every later packet for the VIP to that node's own
 * MAC, and only that node sees them (shown in {@code Ipv6DataPlaneKernelTest}).
 * <pre>
 * ip6 saddr VIP icmpv6 type nd-neighbor-solicit &#64;th,48,16 0x0 &#64;th,192,64 0x0101 NIC_MAC
 *   &#64;th,48,16 set K &#64;th,208,48 set CLUSTER_MAC counter
 * </pre>
 * An NS has the NA's layout (type, code, checksum, 32 reserved bits, the 16-byte target, the first
 * option at 24), so the same checksum-neutral pair of writes applies: the cluster MAC over the
 * NIC's in the option (type 1, length 1) and {@link NeighbourAdvertRewrite#compensation K} into the
 * low 16 reserved bits, which Linux sends as zero and receivers ignore (RFC 4861 4.3). A DAD
 * probe (source {@code ::}, no option) and solicitations from the node's other addresses do not
 * match.
 */
public final class NeighbourSolicitRewrite {
    /** ICMPv6 type 135: neighbour solicitation. */
    static final Bytes TYPE_NS = Bytes.of(135);
    /** Option type 1 (source link-layer address), length 1. */
    static final int SOURCE_LL_OPTION = 1;
    /** Offset of the source address in the IPv6 header. */
    static final int SADDR_OFFSET = 8;

    private NeighbourSolicitRewrite() {}

    /** The rule for {@code vip}, {@code mac} and the NIC's MAC {@code nicMac} in chain {@code chain} of the inet table {@code table}. */
    public static Rule rule(String table, String chain, Inet6Address vip, ClusterMac mac, MacAddress nicMac) {
        return Rule.of(Family.INET, table, chain, exprs(vip, mac, nicMac));
    }

    /**
     * The expressions: match an NS from {@code vip} with zero reserved low bits and a source
     * link-layer address option holding {@code nicMac}, write the compensation and {@code mac}, count.
     *
     * @throws IllegalArgumentException if {@code nicMac} is not a 6-byte (Ethernet) MAC
     */
    public static List<Expr> exprs(Inet6Address vip, ClusterMac mac, MacAddress nicMac) {
        List<Expr> match = List.of(
                Meta.load(Meta.NFPROTO, Reg.R1), Cmp.eq(Reg.R1, Bytes.of(Family.IP6.number())),
                Payload.load(Payload.NETWORK, SADDR_OFFSET, 16, Reg.R1), Cmp.eq(Reg.R1, new Bytes(vip.getAddress())),
                Meta.load(Meta.L4PROTO, Reg.R1), Cmp.eq(Reg.R1, Bytes.of(NeighbourAdvertRewrite.IPPROTO_ICMPV6)),
                Payload.load(Payload.TRANSPORT, 0, 1, Reg.R1), Cmp.eq(Reg.R1, TYPE_NS),
                Payload.load(Payload.TRANSPORT, NeighbourAdvertRewrite.RESERVED_LOW_OFFSET, 2, Reg.R1), Cmp.eq(Reg.R1, Bytes.of(0, 0)));
        return NeighbourAdvertRewrite.withOptionRewrite(match, SOURCE_LL_OPTION, mac, nicMac);
    }
}
