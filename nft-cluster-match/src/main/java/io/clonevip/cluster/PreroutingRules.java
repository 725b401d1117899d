package io.clonevip.cluster;

import io.clonevip.nft.Bytes;
import io.clonevip.nft.Family;
import io.clonevip.nft.NftSet;
import io.clonevip.nft.Rule;
import io.clonevip.nft.expr.Bitwise;
import io.clonevip.nft.expr.Cmp;
import io.clonevip.nft.expr.Counter;
import io.clonevip.nft.expr.Ct;
import io.clonevip.nft.expr.Expr;
import io.clonevip.nft.expr.Hash;
import io.clonevip.nft.expr.Immediate;
import io.clonevip.nft.expr.Lookup;
import io.clonevip.nft.expr.Meta;
import io.clonevip.nft.expr.NftData;
import io.clonevip.nft.expr.Payload;
import io.clonevip.nft.expr.Reg;
import io.clonevip.nft.expr.Verdict;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of the inet table's two prerouting chains ({@code cv_raw}, {@code cv_pre}) for one
 * spec, as {@link ClusterRuleset} describes them; the same for an IPv4 and an IPv6 VIP but for
 * the {@link NetworkHeader} they read, and, for IPv6 only, the neighbour discovery rules before
 * the final drop (docs/developer/drain.md).
 */
final class PreroutingRules {
    private PreroutingRules() {}

    static final int IPPROTO_TCP = 6;
    static final int IPPROTO_UDP = 17;
    static final int IPPROTO_ICMPV6 = 58;
    /** ICMPv6 types 135 and 136: neighbour solicitation and advertisement. */
    static final int ND_NEIGHBOR_SOLICIT = 135;
    static final int ND_NEIGHBOR_ADVERT = 136;
    /** {@code meta pkttype set host}: the packet type is one byte ({@code linux/if_packet.h}), sent as nft sends it. */
    private static final int PACKET_HOST = 0;
    /** {@code tcp flags & (fin | syn | rst | ack) != syn}: a TCP packet that does not open a connection. */
    private static final int TCP_FLAGS_OFFSET = 13;
    private static final int TCP_FIN_SYN_RST_ACK = 0x01 | 0x02 | 0x04 | 0x10;
    private static final int TCP_SYN = 0x02;

    /**
     * {@code cv_raw}: TCP and UDP for the VIP whose bucket, hashed from the packet as the mark rule
     * hashes a new connection, is not in {@code cv_pass} are dropped before conntrack sees them. A
     * client's packets always travel in its connection's original direction, so the packet's hash
     * is its connection's mark. ICMP (errors follow their flow's mark, not their own hash) and the
     * other protocols still go through conntrack and {@code cv_pre}.
     */
    static Rule earlyDrop(ClusterIpSpec spec, String table, RulesetLayout layout) {
        List<Expr> e = new ArrayList<>(matchVip(spec));
        e.add(Meta.load(Meta.L4PROTO, Reg.R1));
        e.add(Lookup.of(Reg.R1, NftSet.ANONYMOUS_NAME, ClusterRuleset.ID_L4_RAW));
        e.addAll(portHash(spec));
        e.add(Lookup.notIn(Reg.R1, layout.pass(), ClusterRuleset.ID_PASS));
        e.add(Counter.zero());
        e.add(Immediate.verdict(Verdict.DROP));
        return Rule.of(Family.INET, table, layout.raw(), e);
    }

    /** The bucket of a TCP or UDP packet into register 1, exactly as the mark rule of {@code spec}'s hash mode computes it. */
    private static List<Expr> portHash(ClusterIpSpec spec) {
        if (spec.hashMode().clusteripCompatible()) return ClusteripCompatibleRules.portsAt0Hash(spec);
        List<Expr> e = new ArrayList<>(saddrAndPorts(spec));
        e.add(Hash.jhash(Reg.R2, NetworkHeader.of(spec.vip()).keyLength(ports(spec)), spec.buckets(), (int) spec.seed(), 1, Reg.R1));
        return e;
    }

    /** How many port words the key of a TCP or UDP packet has in {@code spec}'s (non-clusterip) hash mode. */
    private static int ports(ClusterIpSpec spec) {
        return switch (spec.hashMode()) {
            case SOURCE_IP_SOURCE_PORT -> 1;
            case SOURCE_IP_SOURCE_PORT_DEST_PORT -> 2;
            default -> 0;
        };
    }

    /** {@code ip saddr [. th sport [. th dport]]} into the registers from 2 on. */
    private static List<Expr> saddrAndPorts(ClusterIpSpec spec) {
        NetworkHeader h = NetworkHeader.of(spec.vip());
        List<Expr> e = new ArrayList<>();
        e.add(h.loadSaddr());
        for (int w = 1; w <= ports(spec); w++) e.add(Payload.load(Payload.TRANSPORT, 2 * (w - 1), 2, h.afterSaddr(w)));
        return e;
    }

    /** {@code ip daddr VIP} or {@code ip6 daddr VIP}. */
    static List<Expr> matchVip(ClusterIpSpec spec) {
        return NetworkHeader.of(spec.vip()).matchDaddr(spec.vip());
    }

    /** {@code ct state new}. */
    static List<Expr> ctStateNew() {
        return List.of(Ct.load(Ct.STATE, Reg.R1),
                Bitwise.and(Reg.R1, Reg.R1, NftData.hostU32(Ct.STATE_NEW)),
                Cmp.neq(Reg.R1, NftData.hostU32(0)));
    }

    private static Rule rule(String table, RulesetLayout layout, List<Expr> exprs) {
        return Rule.of(Family.INET, table, layout.pre(), exprs);
    }

    @SafeVarargs
    private static List<Expr> concat(List<Expr>... parts) {
        List<Expr> all = new ArrayList<>();
        for (List<Expr> p : parts) all.addAll(p);
        return all;
    }

    /** {@code cv_pre}'s rules, in order. */
    static List<Rule> pre(ClusterIpSpec spec, String table, RulesetLayout layout) {
        int n = spec.buckets();
        int seed = (int) spec.seed();
        NetworkHeader h = NetworkHeader.of(spec.vip());
        List<Rule> rules = new ArrayList<>();
        // a connection already marked with a bucket served here: accepted without the ct state new rules
        if (layout.serveFirst()) rules.add(serve(spec, table, layout));
        List<Expr> setMark = List.of(Ct.set(Ct.MARK, Reg.R1));
        List<Expr> saddrOnly = List.of(h.loadSaddr(), Hash.jhash(Reg.R2, h.keyLength(0), n, seed, 1, Reg.R1));
        switch (spec.hashMode()) {
            case SOURCE_IP -> rules.add(rule(table, layout, concat(matchVip(spec), ctStateNew(), saddrOnly, setMark)));
            case SOURCE_IP_SOURCE_PORT, SOURCE_IP_SOURCE_PORT_DEST_PORT -> {
                rules.add(rule(table, layout, concat(matchVip(spec), ctStateNew(),
                        List.of(Meta.load(Meta.L4PROTO, Reg.R1), Lookup.of(Reg.R1, NftSet.ANONYMOUS_NAME, ClusterRuleset.ID_L4)),
                        saddrAndPorts(spec), List.of(Hash.jhash(Reg.R2, h.keyLength(ports(spec)), n, seed, 1, Reg.R1)), setMark)));
                rules.add(rule(table, layout, concat(matchVip(spec), ctStateNew(),
                        List.of(Meta.load(Meta.L4PROTO, Reg.R1), Lookup.notIn(Reg.R1, NftSet.ANONYMOUS_NAME, ClusterRuleset.ID_L4_INV)),
                        saddrOnly, setMark)));
            }
            case CLUSTERIP_COMPATIBLE, CLUSTERIP_COMPATIBLE_SOURCE_IP, CLUSTERIP_COMPATIBLE_SOURCE_IP_SOURCE_PORT_DEST_PORT ->
                    rules.addAll(ClusteripCompatibleRules.of(spec, table, layout, matchVip(spec), ctStateNew(),
                            ClusterRuleset.ID_L4, ClusterRuleset.ID_L4_INV));
        }
        rules.add(rule(table, layout, concat(matchVip(spec), ctStateNew(),
                List.of(Ct.load(Ct.MARK, Reg.R1), Lookup.of(Reg.R1, layout.all(), ClusterRuleset.ID_ALL)))));
        if (layout.drains()) {
            // a TCP packet that does not open a connection, picked up mid-stream by conntrack (nf_conntrack_tcp_loose),
            // of a bucket another node drains: that node answers it; this node's stack would reset it
            rules.add(rule(table, layout, concat(matchVip(spec), ctStateNew(), List.of(
                    Meta.load(Meta.L4PROTO, Reg.R1), Cmp.eq(Reg.R1, Bytes.of(IPPROTO_TCP)),
                    Payload.load(Payload.TRANSPORT, TCP_FLAGS_OFFSET, 1, Reg.R1),
                    Bitwise.masked(Reg.R1, Reg.R1, Bytes.of(TCP_FIN_SYN_RST_ACK)), Cmp.neq(Reg.R1, Bytes.of(TCP_SYN)),
                    Ct.load(Ct.MARK, Reg.R1), Lookup.of(Reg.R1, layout.guard(), ClusterRuleset.ID_GUARD),
                    Immediate.verdict(Verdict.DROP)))));
        }
        rules.add(serve(spec, table, layout));
        if (layout.drains()) {
            // the connections this node still serves of a bucket it drains; a new one goes to the new owner
            rules.add(rule(table, layout, concat(matchVip(spec), List.of(
                    Ct.load(Ct.STATE, Reg.R1), Bitwise.and(Reg.R1, Reg.R1, NftData.hostU32(Ct.STATE_ESTABLISHED_RELATED)),
                    Cmp.neq(Reg.R1, NftData.hostU32(0)),
                    Ct.load(Ct.MARK, Reg.R1), Lookup.of(Reg.R1, layout.drain(), ClusterRuleset.ID_DRAIN),
                    Immediate.data(Reg.R1, Bytes.of(PACKET_HOST)), Meta.set(Meta.PKTTYPE, Reg.R1),
                    Immediate.verdict(Verdict.ACCEPT)))));
        }
        if (spec.vip() instanceof Inet6Address) {
            // neighbour discovery addressed to the VIP (conntrack leaves it untracked: no mark, no state): every node answers
            rules.add(rule(table, layout, neighbourDiscovery(spec, ND_NEIGHBOR_SOLICIT)));
            rules.add(rule(table, layout, neighbourDiscovery(spec, ND_NEIGHBOR_ADVERT)));
        }
        rules.add(rule(table, layout, concat(matchVip(spec), List.of(Counter.zero(), Immediate.verdict(Verdict.DROP))))
                .withComment(SpecComment.format(spec, layout)));
        return rules;
    }

    /** {@code ip6 daddr VIP icmpv6 type TYPE accept}. */
    private static List<Expr> neighbourDiscovery(ClusterIpSpec spec, int type) {
        return concat(matchVip(spec), List.of(
                Meta.load(Meta.L4PROTO, Reg.R1), Cmp.eq(Reg.R1, Bytes.of(IPPROTO_ICMPV6)),
                Payload.load(Payload.TRANSPORT, 0, 1, Reg.R1), Cmp.eq(Reg.R1, Bytes.of(type)),
                Immediate.verdict(Verdict.ACCEPT)));
    }

    /** {@code ip daddr VIP ct mark @cv_local meta pkttype set host counter accept}: a packet of a bucket this node serves. */
    private static Rule serve(ClusterIpSpec spec, String table, RulesetLayout layout) {
        return rule(table, layout, concat(matchVip(spec), List.of(
                Ct.load(Ct.MARK, Reg.R1), Lookup.of(Reg.R1, layout.local(), ClusterRuleset.ID_LOCAL),
                Immediate.data(Reg.R1, Bytes.of(PACKET_HOST)), Meta.set(Meta.PKTTYPE, Reg.R1),
                Counter.zero(), Immediate.verdict(Verdict.ACCEPT))));
    }
}
