package io.clonevip.cluster;

import io.clonevip.nft.Bytes;
import io.clonevip.nft.Chain;
import io.clonevip.nft.Family;
import io.clonevip.nft.Hook;
import io.clonevip.nft.NftSet;
import io.clonevip.nft.NftUserdata;
import io.clonevip.nft.Rule;
import io.clonevip.nft.SetElement;
import io.clonevip.nft.Table;
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
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The nf_tables objects of one cluster IP on one node, built from its {@link ClusterIpSpec}: the
 * design proven in {@code design/dataplane.md}. Per VIP clonevip owns two tables named
 * {@link #tableName} (one {@code inet}, one {@code arp}) and nothing else; the names inside them
 * are those of a {@link RulesetLayout} ({@link RulesetLayout#CURRENT} unless reading an older table):
 * <pre>
 * table inet clonevip_198_51_100_100 {
 *   set cv_local { type mark; counter }               # this node's buckets, packets/bytes each
 *   set cv_all { type mark; counter; elements = 1..N } # new connections per bucket, every bucket
 *   set cv_drain { type mark; flags timeout; counter } # buckets this node drains, until the element expires
 *   set cv_guard { type mark; flags timeout; counter } # buckets another node drains: dropped mid-stream pickups
 *   set cv_pass { typeof numgen random mod N offset 1; flags timeout } # cv_local and cv_drain: what reaches conntrack
 *   chain cv_raw { type filter hook prerouting priority raw; policy accept;
 *     ip daddr VIP meta l4proto { tcp, udp } jhash ip saddr . th sport mod N seed S offset 1 != @cv_pass counter drop }
 *   chain cv_pre { type filter hook prerouting priority mangle; policy accept;
 *     ip daddr VIP ct mark @cv_local meta pkttype set host counter accept   # a connection already marked local (from V4)
 *     ip daddr VIP ct state new meta l4proto { tcp, udp } ct mark set jhash ip saddr . th sport mod N seed S offset 1
 *     ip daddr VIP ct state new meta l4proto != { tcp, udp } ct mark set jhash ip saddr mod N seed S offset 1
 *     ip daddr VIP ct state new ct mark @cv_all
 *     ip daddr VIP ct state new meta l4proto tcp tcp flags & (fin | syn | rst | ack) != syn ct mark @cv_guard drop
 *     ip daddr VIP ct mark @cv_local meta pkttype set host counter accept
 *     ip daddr VIP ct state established,related ct mark @cv_drain meta pkttype set host accept
 *     ip daddr VIP counter drop comment "clonevip v4 VIP NIC N HASH S MAC" } }   # the spec: {@link SpecComment}
 * table arp clonevip_198_51_100_100 { chain cv_out { type filter hook output priority filter; policy accept;
 *     arp htype 1 arp ptype ip arp hlen 6 arp plen 4 arp saddr ip VIP arp saddr ether set MAC counter } }
 * </pre>
 * Bucket k is ct mark k (1..N); mark 0 means not assigned. Replies and related ICMP follow the
 * mark stored in the connection. Layouts before {@link RulesetLayout#V3} have no {@code cv_raw},
 * {@code cv_drain}, {@code cv_guard}, {@code cv_pass} (null here, {@code rawRules} empty) and no
 * guard and drain rules; layouts before {@link RulesetLayout#V4} have no first serve rule.
 */
public record ClusterRuleset(ClusterIpSpec spec, RulesetLayout layout, Table inet, Table arp, Chain pre, Chain out,
                             NftSet local, NftSet all, List<AnonSet> anonymous,
                             List<SetElement> allElements, List<Rule> rules, Rule arpRule,
                             Chain raw, NftSet drain, NftSet guard, NftSet pass, List<Rule> rawRules) {

    /** An anonymous constant set ({@code { tcp, udp }}) with its elements; one per rule that uses it. */
    public record AnonSet(NftSet set, List<SetElement> elements) {}

    public static final String PREFIX = "clonevip_";
    /** The current layout's names ({@link RulesetLayout#CURRENT}). */
    public static final String CHAIN_PRE = RulesetLayout.CURRENT.pre();
    public static final String CHAIN_OUT = RulesetLayout.CURRENT.out();
    public static final String SET_LOCAL = RulesetLayout.CURRENT.local();
    public static final String SET_ALL = RulesetLayout.CURRENT.all();
    /** Batch-local set ids, numbered in the order nft numbers the sets of the same text (the named ones, then the anonymous ones by rule). */
    static final int ID_LOCAL = 1;
    static final int ID_ALL = 2;
    static final int ID_DRAIN = 3;
    static final int ID_GUARD = 4;
    static final int ID_PASS = 5;
    /** The early drop rule's own {@code { tcp, udp }}. */
    static final int ID_L4_RAW = 6;
    /** Anonymous {@code { tcp, udp }} sets: one per rule, since a rule binds its anonymous set. */
    static final int ID_L4 = 7;
    static final int ID_L4_INV = 8;
    private static final int IPPROTO_AH = 51;
    /** Protocols whose ports CLUSTERIP reads at transport offset 0 ({@code proto_ports_offset}). */
    private static final int[] PORTS_AT_0 = {6, 17, 33, 50, 132, 136};
    private static final int IPPROTO_TCP = 6;
    private static final int IPPROTO_UDP = 17;
    private static final int NFT_META_L4PROTO = 16;
    /** {@code meta pkttype set host}: the packet type is one byte ({@code linux/if_packet.h}), sent as nft sends it. */
    private static final int PACKET_HOST = 0;
    /** {@code tcp flags & (fin | syn | rst | ack) != syn}: a TCP packet that does not open a connection. */
    private static final int TCP_FLAGS_OFFSET = 13;
    private static final int TCP_FIN_SYN_RST_ACK = 0x01 | 0x02 | 0x04 | 0x10;
    private static final int TCP_SYN = 0x02;

    /** The name of both tables of {@code vip}: {@code clonevip_198_51_100_100}. */
    public static String tableName(InetAddress vip) {
        return PREFIX + vip.getHostAddress().replace('.', '_').replace(':', '_').replace('%', '_');
    }

    /** Builds the objects for {@code spec}, as this build writes them. */
    public static ClusterRuleset of(ClusterIpSpec spec) {
        return of(spec, RulesetLayout.CURRENT);
    }

    /** Builds the objects for {@code spec} as {@code layout} names and forms them (older layouts: to read them back). */
    public static ClusterRuleset of(ClusterIpSpec spec, RulesetLayout layout) {
        if (!(spec.vip() instanceof Inet4Address)) {
            throw new ClusterSpecException("ip", spec.vip().getHostAddress(), "an IPv4 address (the IPv6 data plane is not built yet)");
        }
        String name = tableName(spec.vip());
        Table inet = Table.of(Family.INET, name);
        Table arp = Table.of(Family.ARP, name);
        Chain pre = Chain.base(Family.INET, name, layout.pre(), Hook.PREROUTING, Chain.PRIO_MANGLE, "filter", Verdict.ACCEPT);
        Chain out = Chain.base(Family.ARP, name, layout.out(), Hook.OUTPUT, Chain.PRIO_FILTER, "filter", Verdict.ACCEPT);
        NftSet local = NftSet.marks(Family.INET, name, layout.local(), ID_LOCAL, true);
        NftSet all = NftSet.marks(Family.INET, name, layout.all(), ID_ALL, true);
        if (layout.drains()) { // sized for every bucket: no hash table growth that a dump could race
            local = local.withSize(spec.buckets());
            all = all.withSize(spec.buckets());
        }
        List<AnonSet> anonymous = new ArrayList<>(anonymousSets(spec, name));
        List<SetElement> allElements = new ArrayList<>();
        for (int b = 1; b <= spec.buckets(); b++) allElements.add(SetElement.mark(b));
        Chain raw = null;
        NftSet drain = null, guard = null, pass = null;
        List<Rule> rawRules = List.of();
        if (layout.drains()) {
            raw = Chain.base(Family.INET, name, layout.raw(), Hook.PREROUTING, Chain.PRIO_RAW, "filter", Verdict.ACCEPT);
            drain = NftSet.expiringMarks(Family.INET, name, layout.drain(), ID_DRAIN, true,
                    "buckets this node drains: their established connections until the timeout").withSize(spec.buckets());
            guard = NftSet.expiringMarks(Family.INET, name, layout.guard(), ID_GUARD, true,
                    "buckets another node drains: mid-stream packets are not picked up").withSize(spec.buckets());
            pass = NftSet.expiringNumbers(Family.INET, name, layout.pass(), ID_PASS, spec.buckets(),
                    "buckets this node serves or drains: the others are dropped before conntrack").withSize(spec.buckets());
            anonymous.add(l4Set(name, ID_L4_RAW, IPPROTO_TCP, IPPROTO_UDP));
            rawRules = List.of(earlyDropRule(spec, name, layout));
        }
        return new ClusterRuleset(spec, layout, inet, arp, pre, out, local, all, List.copyOf(anonymous), allElements,
                inetRules(spec, name, layout), arpRule(spec, name, layout), raw, drain, guard, pass, rawRules);
    }

    /** The anonymous sets that {@code pre}'s rules use (those of {@code cv_raw} are sent with {@code cv_raw}). */
    public List<AnonSet> preAnonymous() {
        return anonymous.stream().filter(a -> a.set().id() != ID_L4_RAW).toList();
    }

    /** The anonymous sets that {@code cv_raw}'s rule uses. */
    public List<AnonSet> rawAnonymous() {
        return anonymous.stream().filter(a -> a.set().id() == ID_L4_RAW).toList();
    }

    /**
     * {@code cv_raw}: TCP and UDP for the VIP whose bucket, hashed from the packet as the mark rule
     * hashes a new connection, is not in {@code cv_pass} are dropped before conntrack sees them. A
     * client's packets always travel in its connection's original direction, so the packet's hash
     * is its connection's mark. ICMP (errors follow their flow's mark, not their own hash) and the
     * other protocols still go through conntrack and {@code cv_pre}.
     */
    private static Rule earlyDropRule(ClusterIpSpec spec, String table, RulesetLayout layout) {
        List<Expr> e = new ArrayList<>(matchVip(spec));
        e.add(Meta.load(Meta.L4PROTO, Reg.R1));
        e.add(Lookup.of(Reg.R1, NftSet.ANONYMOUS_NAME, ID_L4_RAW));
        e.addAll(portHash(spec));
        e.add(Lookup.notIn(Reg.R1, layout.pass(), ID_PASS));
        e.add(Counter.zero());
        e.add(Immediate.verdict(Verdict.DROP));
        return Rule.of(Family.INET, table, layout.raw(), e);
    }

    /** The bucket of a TCP or UDP packet into register 1, exactly as the mark rule of {@code spec}'s hash mode computes it. */
    private static List<Expr> portHash(ClusterIpSpec spec) {
        int n = spec.buckets();
        int seed = (int) spec.seed();
        return switch (spec.hashMode()) {
            case SOURCE_IP -> List.of(Payload.load(Payload.NETWORK, 12, 4, Reg.R2), Hash.jhash(Reg.R2, 4, n, seed, 1, Reg.R1));
            case SOURCE_IP_SOURCE_PORT -> List.of(Payload.load(Payload.NETWORK, 12, 4, Reg.R2),
                    Payload.load(Payload.TRANSPORT, 0, 2, Reg.after(Reg.R2, 1)), Hash.jhash(Reg.R2, 8, n, seed, 1, Reg.R1));
            case SOURCE_IP_SOURCE_PORT_DEST_PORT -> List.of(Payload.load(Payload.NETWORK, 12, 4, Reg.R2),
                    Payload.load(Payload.TRANSPORT, 0, 2, Reg.after(Reg.R2, 1)),
                    Payload.load(Payload.TRANSPORT, 2, 2, Reg.after(Reg.R2, 2)), Hash.jhash(Reg.R2, 12, n, seed, 1, Reg.R1));
            case CLUSTERIP_COMPATIBLE, CLUSTERIP_COMPATIBLE_SOURCE_IP, CLUSTERIP_COMPATIBLE_SOURCE_IP_SOURCE_PORT_DEST_PORT ->
                    ClusteripCompatibleRules.portsAt0Hash(spec);
        };
    }

    private static AnonSet l4Set(String table, int id, int... protocols) {
        List<SetElement> el = new ArrayList<>();
        for (int p : protocols) el.add(SetElement.of(Bytes.of(p)));
        return new AnonSet(NftSet.anonymous(Family.INET, table, NftSet.TYPE_INET_PROTOCOL, 1, id, protocols.length,
                NftUserdata.setTypeofMeta(NftUserdata.HOST_ENDIAN, NFT_META_L4PROTO)), List.copyOf(el));
    }

    private static List<AnonSet> anonymousSets(ClusterIpSpec spec, String table) {
        HashMode m = spec.hashMode();
        if (m == HashMode.SOURCE_IP || m == HashMode.CLUSTERIP_COMPATIBLE_SOURCE_IP) return List.of();
        if (m.clusteripCompatible()) {
            int[] withAh = java.util.Arrays.copyOf(PORTS_AT_0, PORTS_AT_0.length + 1);
            withAh[PORTS_AT_0.length] = IPPROTO_AH;
            return List.of(l4Set(table, ID_L4, PORTS_AT_0), l4Set(table, ID_L4_INV, withAh));
        }
        return List.of(l4Set(table, ID_L4, IPPROTO_TCP, IPPROTO_UDP), l4Set(table, ID_L4_INV, IPPROTO_TCP, IPPROTO_UDP));
    }

    private static Bytes vipBytes(ClusterIpSpec spec) {
        return new Bytes(spec.vip().getAddress());
    }

    /** {@code ip daddr VIP}: nfproto ipv4 and the destination address. */
    private static List<Expr> matchVip(ClusterIpSpec spec) {
        return List.of(
                Meta.load(Meta.NFPROTO, Reg.R1), Cmp.eq(Reg.R1, Bytes.of(2)),
                Payload.load(Payload.NETWORK, 16, 4, Reg.R1), Cmp.eq(Reg.R1, vipBytes(spec)));
    }

    /** {@code ct state new}. */
    private static List<Expr> ctStateNew() {
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

    static List<Rule> inetRules(ClusterIpSpec spec, String table, RulesetLayout layout) {
        int n = spec.buckets();
        int seed = (int) spec.seed();
        List<Rule> rules = new ArrayList<>();
        // a connection already marked with a bucket served here: accepted without the ct state new rules
        if (layout.serveFirst()) rules.add(serveRule(spec, table, layout));
        List<Expr> saddr = List.of(Payload.load(Payload.NETWORK, 12, 4, Reg.R2));
        List<Expr> setMark = List.of(Ct.set(Ct.MARK, Reg.R1));
        switch (spec.hashMode()) {
            case SOURCE_IP -> rules.add(rule(table, layout, concat(matchVip(spec), ctStateNew(), saddr,
                    List.of(Hash.jhash(Reg.R2, 4, n, seed, 1, Reg.R1)), setMark)));
            case SOURCE_IP_SOURCE_PORT, SOURCE_IP_SOURCE_PORT_DEST_PORT -> {
                boolean dport = spec.hashMode() == HashMode.SOURCE_IP_SOURCE_PORT_DEST_PORT;
                List<Expr> ports = new ArrayList<>();
                ports.add(Payload.load(Payload.TRANSPORT, 0, 2, Reg.after(Reg.R2, 1)));
                if (dport) ports.add(Payload.load(Payload.TRANSPORT, 2, 2, Reg.after(Reg.R2, 2)));
                rules.add(rule(table, layout, concat(matchVip(spec), ctStateNew(),
                        List.of(Meta.load(Meta.L4PROTO, Reg.R1), Lookup.of(Reg.R1, NftSet.ANONYMOUS_NAME, ID_L4)),
                        saddr, ports, List.of(Hash.jhash(Reg.R2, dport ? 12 : 8, n, seed, 1, Reg.R1)), setMark)));
                rules.add(rule(table, layout, concat(matchVip(spec), ctStateNew(),
                        List.of(Meta.load(Meta.L4PROTO, Reg.R1), Lookup.notIn(Reg.R1, NftSet.ANONYMOUS_NAME, ID_L4_INV)),
                        saddr, List.of(Hash.jhash(Reg.R2, 4, n, seed, 1, Reg.R1)), setMark)));
            }
            case CLUSTERIP_COMPATIBLE, CLUSTERIP_COMPATIBLE_SOURCE_IP, CLUSTERIP_COMPATIBLE_SOURCE_IP_SOURCE_PORT_DEST_PORT ->
                    rules.addAll(ClusteripCompatibleRules.of(spec, table, layout, matchVip(spec), ctStateNew(), ID_L4, ID_L4_INV));
        }
        rules.add(rule(table, layout, concat(matchVip(spec), ctStateNew(),
                List.of(Ct.load(Ct.MARK, Reg.R1), Lookup.of(Reg.R1, layout.all(), ID_ALL)))));
        if (layout.drains()) {
            // a TCP packet that does not open a connection, picked up mid-stream by conntrack (nf_conntrack_tcp_loose),
            // of a bucket another node drains: that node answers it; this node's stack would reset it
            rules.add(rule(table, layout, concat(matchVip(spec), ctStateNew(), List.of(
                    Meta.load(Meta.L4PROTO, Reg.R1), Cmp.eq(Reg.R1, Bytes.of(IPPROTO_TCP)),
                    Payload.load(Payload.TRANSPORT, TCP_FLAGS_OFFSET, 1, Reg.R1),
                    Bitwise.masked(Reg.R1, Reg.R1, Bytes.of(TCP_FIN_SYN_RST_ACK)), Cmp.neq(Reg.R1, Bytes.of(TCP_SYN)),
                    Ct.load(Ct.MARK, Reg.R1), Lookup.of(Reg.R1, layout.guard(), ID_GUARD),
                    Immediate.verdict(Verdict.DROP)))));
        }
        rules.add(serveRule(spec, table, layout));
        if (layout.drains()) {
            // the connections this node still serves of a bucket it drains; a new one goes to the new owner
            rules.add(rule(table, layout, concat(matchVip(spec), List.of(
                    Ct.load(Ct.STATE, Reg.R1), Bitwise.and(Reg.R1, Reg.R1, NftData.hostU32(Ct.STATE_ESTABLISHED_RELATED)),
                    Cmp.neq(Reg.R1, NftData.hostU32(0)),
                    Ct.load(Ct.MARK, Reg.R1), Lookup.of(Reg.R1, layout.drain(), ID_DRAIN),
                    Immediate.data(Reg.R1, Bytes.of(PACKET_HOST)), Meta.set(Meta.PKTTYPE, Reg.R1),
                    Immediate.verdict(Verdict.ACCEPT)))));
        }
        rules.add(rule(table, layout, concat(matchVip(spec), List.of(Counter.zero(), Immediate.verdict(Verdict.DROP))))
                .withComment(SpecComment.format(spec, layout)));
        return rules;
    }

    /** {@code ip daddr VIP ct mark @cv_local meta pkttype set host counter accept}: a packet of a bucket this node serves. */
    private static Rule serveRule(ClusterIpSpec spec, String table, RulesetLayout layout) {
        return rule(table, layout, concat(matchVip(spec), List.of(
                Ct.load(Ct.MARK, Reg.R1), Lookup.of(Reg.R1, layout.local(), ID_LOCAL),
                Immediate.data(Reg.R1, Bytes.of(PACKET_HOST)), Meta.set(Meta.PKTTYPE, Reg.R1),
                Counter.zero(), Immediate.verdict(Verdict.ACCEPT))));
    }

    /** ARP sent with the VIP as sender address carries the cluster MAC as sender hardware address. */
    static Rule arpRule(ClusterIpSpec spec, String table, RulesetLayout layout) {
        return Rule.of(Family.ARP, table, layout.out(), List.of(
                Payload.load(Payload.NETWORK, 0, 4, Reg.R1), Cmp.eq(Reg.R1, Bytes.of(0x00, 0x01, 0x08, 0x00)),
                Payload.load(Payload.NETWORK, 4, 2, Reg.R1), Cmp.eq(Reg.R1, Bytes.of(0x06, 0x04)),
                Payload.load(Payload.NETWORK, 14, 4, Reg.R1), Cmp.eq(Reg.R1, vipBytes(spec)),
                Immediate.data(Reg.R1, new Bytes(spec.clusterMac().bytes())),
                Payload.write(Reg.R1, Payload.NETWORK, 8, 6),
                Counter.zero()));
    }
}
