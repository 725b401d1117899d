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
import io.clonevip.nft.expr.Cmp;
import io.clonevip.nft.expr.Counter;
import io.clonevip.nft.expr.Immediate;
import io.clonevip.nft.expr.Payload;
import io.clonevip.nft.expr.Reg;
import io.clonevip.nft.expr.Verdict;
import io.clonevip.rtnl.IpLiteral;
import io.clonevip.rtnl.MacAddress;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The nf_tables objects of one cluster IP on one node, built from its {@link ClusterIpSpec}: the
 * design proven in {@code design/dataplane.md}. Per VIP clonevip owns the tables named
 * {@link #tableName} (for an IPv4 VIP one {@code inet} and one {@code arp} table, for an IPv6 VIP
 * the {@code inet} table alone) and nothing else; the names inside them are those of a
 * {@link RulesetLayout} ({@link RulesetLayout#CURRENT} unless reading an older table):
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
 * For an IPv6 VIP the same rules read {@code ip6 daddr} and hash {@code ip6 saddr} (16 bytes; {@link
 * PreroutingRules}), {@code cv_pre} accepts neighbour solicitations and advertisements addressed to
 * the VIP before the final drop ({@code ip6 daddr VIP icmpv6 type nd-neighbor-solicit accept}, the
 * same for {@code nd-neighbor-advert}), and instead of the arp table the inet table has the
 * output chain {@code cv_na}, whose two rules put the cluster MAC into the advertisements for the
 * VIP ({@link NeighbourAdvertRewrite}) and the solicitations from it ({@link NeighbourSolicitRewrite})
 * and are built for the NIC's MAC.
 * Bucket k is ct mark k (1..N); mark 0 means not assigned. Replies and related ICMP follow the
 * mark stored in the connection. Layouts before {@link RulesetLayout#V3} have no {@code cv_raw},
 * {@code cv_drain}, {@code cv_guard}, {@code cv_pass} (null here, {@code rawRules} empty) and no
 * guard and drain rules; layouts before {@link RulesetLayout#V4} have no first serve rule.
 *
 * @param arp    the arp table (IPv4; null for IPv6), with {@code out} and {@code arpRule}
 * @param na      the output chain {@code cv_na} (IPv6; null for IPv4), with {@code naRules}: the NA rewrite of
 *                {@link NeighbourAdvertRewrite}, then the NS rewrite of {@link NeighbourSolicitRewrite} (empty for IPv4)
 * @param nicMac  the NIC's MAC that {@code naRules} were built for (IPv6; null for IPv4)
 */
public record ClusterRuleset(ClusterIpSpec spec, RulesetLayout layout, Table inet, Table arp, Chain pre, Chain out,
                             NftSet local, NftSet all, List<AnonSet> anonymous,
                             List<SetElement> allElements, List<Rule> rules, Rule arpRule,
                             Chain raw, NftSet drain, NftSet guard, NftSet pass, List<Rule> rawRules,
                             Chain na, List<Rule> naRules, MacAddress nicMac) {

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
    private static final int NFT_META_L4PROTO = 16;

    /**
     * The name of the tables of {@code vip}: {@code clonevip_198_51_100_100}; for IPv6 from its
     * canonical text ({@code 2001:db8:1::100}: {@code clonevip_2001_db8_1__100}).
     */
    public static String tableName(InetAddress vip) {
        return PREFIX + IpLiteral.format(vip).replace('.', '_').replace(':', '_').replace('%', '_');
    }

    /** Builds the objects for an IPv4 {@code spec}, as this build writes them (an IPv6 VIP needs the NIC's MAC: {@link #of(ClusterIpSpec, MacAddress)}). */
    public static ClusterRuleset of(ClusterIpSpec spec) {
        return of(spec, RulesetLayout.CURRENT, null);
    }

    /** Builds the objects for {@code spec}, as this build writes them; {@code nicMac}: the MAC of the spec's NIC (IPv6; ignored for IPv4). */
    public static ClusterRuleset of(ClusterIpSpec spec, MacAddress nicMac) {
        return of(spec, RulesetLayout.CURRENT, nicMac);
    }

    /** Builds the objects for an IPv4 {@code spec} as {@code layout} names and forms them (older layouts: to read them back). */
    public static ClusterRuleset of(ClusterIpSpec spec, RulesetLayout layout) {
        return of(spec, layout, null);
    }

    /**
     * Builds the objects for {@code spec} as {@code layout} names and forms them; {@code nicMac}, the
     * MAC of the spec's NIC, is needed for an IPv6 VIP (its neighbour advertisement rule) and
     * ignored for IPv4.
     */
    public static ClusterRuleset of(ClusterIpSpec spec, RulesetLayout layout, MacAddress nicMac) {
        boolean v6 = spec.vip() instanceof Inet6Address;
        if (v6 && nicMac == null) {
            throw new ClusterSpecException("nic", spec.nic(), "a NIC whose MAC is known (an IPv6 VIP's neighbour advertisement rule needs it)");
        }
        String name = tableName(spec.vip());
        Table inet = Table.of(Family.INET, name);
        Chain pre = Chain.base(Family.INET, name, layout.pre(), Hook.PREROUTING, Chain.PRIO_MANGLE, "filter", Verdict.ACCEPT);
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
            anonymous.add(l4Set(name, ID_L4_RAW, PreroutingRules.IPPROTO_TCP, PreroutingRules.IPPROTO_UDP));
            rawRules = List.of(PreroutingRules.earlyDrop(spec, name, layout));
        }
        List<Rule> rules = PreroutingRules.pre(spec, name, layout);
        if (v6) {
            Chain na = NeighbourAdvertRewrite.chain(name, NeighbourAdvertRewrite.CHAIN);
            Inet6Address v6vip = (Inet6Address) spec.vip();
            List<Rule> naRules = List.of(NeighbourAdvertRewrite.rule(name, na.name(), v6vip, spec.clusterMac(), nicMac),
                    NeighbourSolicitRewrite.rule(name, na.name(), v6vip, spec.clusterMac(), nicMac));
            return new ClusterRuleset(spec, layout, inet, null, pre, null, local, all, List.copyOf(anonymous), allElements,
                    rules, null, raw, drain, guard, pass, rawRules, na, naRules, nicMac);
        }
        Table arp = Table.of(Family.ARP, name);
        Chain out = Chain.base(Family.ARP, name, layout.out(), Hook.OUTPUT, Chain.PRIO_FILTER, "filter", Verdict.ACCEPT);
        return new ClusterRuleset(spec, layout, inet, arp, pre, out, local, all, List.copyOf(anonymous), allElements,
                rules, arpRule(spec, name, layout), raw, drain, guard, pass, rawRules, null, List.of(), null);
    }

    /** Whether the VIP is IPv6: the NA rewrite chain instead of the arp table. */
    public boolean ipv6() { return na != null; }

    /** The anonymous sets that {@code pre}'s rules use (those of {@code cv_raw} are sent with {@code cv_raw}). */
    public List<AnonSet> preAnonymous() {
        return anonymous.stream().filter(a -> a.set().id() != ID_L4_RAW).toList();
    }

    /** The anonymous sets that {@code cv_raw}'s rule uses. */
    public List<AnonSet> rawAnonymous() {
        return anonymous.stream().filter(a -> a.set().id() == ID_L4_RAW).toList();
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
        int tcp = PreroutingRules.IPPROTO_TCP, udp = PreroutingRules.IPPROTO_UDP;
        return List.of(l4Set(table, ID_L4, tcp, udp), l4Set(table, ID_L4_INV, tcp, udp));
    }

    /** ARP sent with the VIP as sender address carries the cluster MAC as sender hardware address. */
    static Rule arpRule(ClusterIpSpec spec, String table, RulesetLayout layout) {
        return Rule.of(Family.ARP, table, layout.out(), List.of(
                Payload.load(Payload.NETWORK, 0, 4, Reg.R1), Cmp.eq(Reg.R1, Bytes.of(0x00, 0x01, 0x08, 0x00)),
                Payload.load(Payload.NETWORK, 4, 2, Reg.R1), Cmp.eq(Reg.R1, Bytes.of(0x06, 0x04)),
                Payload.load(Payload.NETWORK, 14, 4, Reg.R1), Cmp.eq(Reg.R1, new Bytes(spec.vip().getAddress())),
                Immediate.data(Reg.R1, new Bytes(spec.clusterMac().bytes())),
                Payload.write(Reg.R1, Payload.NETWORK, 8, 6),
                Counter.zero()));
    }
}
