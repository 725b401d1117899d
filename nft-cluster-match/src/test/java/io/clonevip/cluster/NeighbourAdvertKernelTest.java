package io.clonevip.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.nativ.NetNs;
import io.clonevip.nativ.bind.libc_h;
import io.clonevip.nativ.bind.nf_tables_h;
import io.clonevip.nativ.bind.rtnetlink_h;
import io.clonevip.netlink.NetlinkConn;
import io.clonevip.nft.Batch;
import io.clonevip.nft.Bytes;
import io.clonevip.nft.Chain;
import io.clonevip.nft.Family;
import io.clonevip.nft.Hook;
import io.clonevip.nft.NftConn;
import io.clonevip.nft.Rule;
import io.clonevip.nft.Table;
import io.clonevip.nft.expr.Cmp;
import io.clonevip.nft.expr.Counter;
import io.clonevip.nft.expr.Expr;
import io.clonevip.nft.expr.Immediate;
import io.clonevip.nft.expr.Meta;
import io.clonevip.nft.expr.Payload;
import io.clonevip.nft.expr.Reg;
import io.clonevip.nft.expr.Verdict;
import io.clonevip.packet.PacketSocket;
import io.clonevip.packet.ReceivedFrame;
import io.clonevip.packet.UnsolicitedNa;
import io.clonevip.rtnl.Links;
import io.clonevip.rtnl.MacAddress;
import io.clonevip.rtnl.MulticastMembership;
import io.clonevip.rtnl.Neighbour;
import io.clonevip.rtnl.Neighbours;
import io.clonevip.rtnl.Rtnetlink;
import io.clonevip.testkit.Cmd;
import io.clonevip.testkit.Poll;
import io.clonevip.testkit.net.TestNetns;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How an IPv6 cluster VIP's neighbour advertisements carry the cluster MAC, proven against the
 * kernel (docs/developer/ipv6-nd.md). A fresh lab per test: a bridge (multicast snooping off) in
 * its own namespace, three nodes that all hold the VIP {@code 2001:db8:1::100/64 nodad}, a client
 * on the same link, and a router (forwarding on) between the link and a remote client on
 * {@code 2001:db8:2::/64}. The neighbour caches are read over rtnetlink ({@link Neighbours}).
 */
class NeighbourAdvertKernelTest {
    static final Inet6Address VIP = (Inet6Address) InetAddress.ofLiteral("2001:db8:1::100");
    static final ClusterMac MAC = ClusterMac.forIpv6(VIP); // 33:33:00:00:01:00
    static final String TABLE = ClusterRuleset.tableName(VIP);
    /** The lab's own counting table on every node: which datagrams for the VIP each node received. */
    static final String COUNT_TABLE = "ndcount";
    static final int NODES = 3;
    static final int CLIENT_PORT = 7001;
    static final int REMOTE_PORT = 7002;
    static final Duration RESOLVED = Duration.ofSeconds(5);

    TestNetns lan;
    final List<TestNetns> nodes = new ArrayList<>();
    TestNetns client;
    TestNetns router;
    TestNetns remote;
    final List<TestNetns> all = new ArrayList<>();

    static String nodeMac(int i) { return "02:00:00:00:01:0" + i; }

    static String nodeAddress(int i) { return "2001:db8:1::1" + i; }

    /** The rewrite for node {@code i} (1-based): its NIC's MAC is matched and compensated. */
    static List<Expr> rewriteOf(int i) { return NeighbourAdvertRewrite.exprs(VIP, MAC, mac(nodeMac(i))); }

    /** Node {@code i}'s rewrite in every node. */
    void rewriteAll() {
        for (int i = 1; i <= NODES; i++) rewrite(nodes.get(i - 1), rewriteOf(i));
    }

    TestNetns ns(String tag) {
        TestNetns n = TestNetns.create(tag);
        all.add(n);
        // no DAD for link-local addresses either: no tentative address while the test runs
        sysctl(n, "net.ipv6.conf.all.accept_dad", "0");
        sysctl(n, "net.ipv6.conf.default.accept_dad", "0");
        return n;
    }

    void port(TestNetns n, String port, String mac) {
        lan.ip("link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", n.name());
        lan.ip("link", "set", port, "master", "br0", "up");
        n.ip("link", "set", "eth0", "address", mac, "up");
    }

    @BeforeEach
    void lab() {
        lan = ns("ndlan");
        lan.ip("link", "add", "br0", "type", "bridge", "mcast_snooping", "0", "stp_state", "0", "forward_delay", "0");
        lan.ip("link", "set", "br0", "up");
        for (int i = 1; i <= NODES; i++) {
            TestNetns n = ns("ndn" + i);
            nodes.add(n);
            port(n, "pn" + i, nodeMac(i));
            n.ip("-6", "addr", "add", nodeAddress(i) + "/64", "dev", "eth0", "nodad");
            n.ip("-6", "addr", "add", VIP.getHostAddress() + "/64", "dev", "eth0", "nodad");
            n.ip("-6", "route", "add", "2001:db8:2::/64", "via", "2001:db8:1::1");
        }
        client = ns("ndc");
        port(client, "pc", "02:00:00:00:02:00");
        client.ip("-6", "addr", "add", "2001:db8:1::200/64", "dev", "eth0", "nodad");
        router = ns("ndr");
        port(router, "pr", "02:00:00:00:03:00");
        sysctl(router, "net.ipv6.conf.all.forwarding", "1");
        router.ip("-6", "addr", "add", "2001:db8:1::1/64", "dev", "eth0", "nodad");
        remote = ns("ndrc");
        router.veth("eth1", remote, "eth0");
        router.ip("link", "set", "eth1", "up");
        router.ip("-6", "addr", "add", "2001:db8:2::1/64", "dev", "eth1", "nodad");
        remote.ip("link", "set", "eth0", "up");
        remote.ip("-6", "addr", "add", "2001:db8:2::2/64", "dev", "eth0", "nodad");
        remote.ip("-6", "route", "add", "default", "via", "2001:db8:2::1");
        for (TestNetns n : nodes) count(n);
    }

    @AfterEach
    void teardown() {
        for (int i = all.size() - 1; i >= 0; i--) all.get(i).close();
    }

    /** Node {@code n} counts the datagrams for the VIP from the client and from the remote client, and joins the cluster MAC. */
    static void count(TestNetns n) {
        Batch b = new Batch().addTable(Table.of(Family.INET, COUNT_TABLE))
                .addChain(Chain.base(Family.INET, COUNT_TABLE, "pre", Hook.PREROUTING, Chain.PRIO_FILTER, "filter", Verdict.ACCEPT));
        for (int port : new int[] {CLIENT_PORT, REMOTE_PORT}) {
            b.addRule(Rule.of(Family.INET, COUNT_TABLE, "pre", List.of(
                    Meta.load(Meta.NFPROTO, Reg.R1), Cmp.eq(Reg.R1, Bytes.of(Family.IP6.number())),
                    Payload.load(Payload.NETWORK, 24, 16, Reg.R1), Cmp.eq(Reg.R1, new Bytes(VIP.getAddress())),
                    Meta.load(Meta.L4PROTO, Reg.R1), Cmp.eq(Reg.R1, Bytes.of(17)),
                    Payload.load(Payload.TRANSPORT, 2, 2, Reg.R1), Cmp.eq(Reg.R1, Bytes.of(port >> 8, port & 0xff)),
                    Counter.zero())));
        }
        apply(n, b);
        run(n, () -> MulticastMembership.join("eth0", MacAddress.of(MAC.bytes())));
    }

    /** The NA rewrite of {@code exprs} on node {@code n}, in the VIP's inet table as production would put it. */
    static void rewrite(TestNetns n, List<Expr> exprs) {
        apply(n, new Batch().addTable(Table.of(Family.INET, TABLE))
                .addChain(NeighbourAdvertRewrite.chain(TABLE, NeighbourAdvertRewrite.CHAIN))
                .addRule(Rule.of(Family.INET, TABLE, NeighbourAdvertRewrite.CHAIN, exprs)));
    }

    static void apply(TestNetns n, Batch b) {
        run(n, () -> {
            try (NftConn c = NftConn.open()) {
                c.apply(b, 0);
            }
        });
    }

    /** The packet counters of the rules of {@code table} on {@code n}, in rule order. */
    static List<Long> counters(TestNetns n, String table) {
        return call(n, () -> {
            try (NftConn c = NftConn.open()) {
                List<Long> out = new ArrayList<>();
                for (Rule r : c.listRules(Family.INET, table)) {
                    for (Expr e : r.exprs()) if (e instanceof Counter k) out.add(k.packets());
                }
                return out;
            }
        });
    }

    /** Sends {@code count} one-byte UDP datagrams from {@code n} to {@code dst}:{@code port}. */
    static void send(TestNetns n, InetAddress dst, int port, int count) {
        run(n, () -> {
            try (DatagramSocket s = new DatagramSocket()) {
                for (int i = 0; i < count; i++) s.send(new DatagramPacket(new byte[] {1}, 1, new InetSocketAddress(dst, port)));
            }
        });
    }

    static Optional<Neighbour> neighbour(TestNetns n, String dev, InetAddress address) {
        return call(n, () -> {
            try (NetlinkConn c = Rtnetlink.open()) {
                return new Neighbours(c).get(new Links(c).byName(dev).index(), address);
            }
        });
    }

    /** Waits until {@code n} has a valid (resolved) entry for {@code address} and returns it. */
    static Neighbour resolved(TestNetns n, String dev, InetAddress address) {
        return Poll.until(n.name() + " resolves " + address.getHostAddress(), RESOLVED,
                () -> neighbour(n, dev, address).filter(Neighbour::isValid),
                () -> String.valueOf(neighbour(n, dev, address)) + "\n" + n.ip("-6", "neigh", "show", "nud", "all"));
    }

    /** Sets {@code key} (sysctl's dotted name) to {@code value} in {@code n}, through /proc/sys as the thread inside sees it. */
    static void sysctl(TestNetns n, String key, String value) {
        run(n, () -> Files.writeString(Path.of("/proc/sys", key.split("\\.")), value));
    }

    static MacAddress mac(String text) {
        return call(null, () -> MacAddress.parse(text));
    }

    /** A counter of {@code /proc/net/snmp6} in {@code n} (e.g. Icmp6InCsumErrors). */
    static long snmp6(TestNetns n, String name) {
        for (String line : n.execOk("cat", "/proc/net/snmp6").split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 2 && f[0].equals(name)) return Long.parseLong(f[1]);
        }
        throw new AssertionError("no " + name + " in /proc/net/snmp6 of " + n.name());
    }

    interface Work<T> {
        T get() throws Exception;
    }

    interface Step {
        void run() throws Exception;
    }

    /** {@code work} inside {@code n} (null: here); a failure fails the test. */
    static <T> T call(TestNetns n, Work<T> work) {
        try {
            return n == null ? work.get() : NetNs.call(n.name(), work::get);
        } catch (Exception e) {
            throw new AssertionError((n == null ? "" : "in " + n.name() + ": ") + e, e);
        }
    }

    static void run(TestNetns n, Step step) {
        call(n, () -> {
            step.run();
            return null;
        });
    }

    @Test
    void solicitedAdvertisementsCarryTheClusterMac() {
        rewriteAll();
        // short reachable time and first-probe delay, for the NUD probe below (set before the entry exists:
        // an entry's running timer keeps the time it was armed with). The reachable time (0.5..1.5 x base)
        // stays above the probe delay: a unicast probe counts as a use of the entry, so with a shorter
        // reachable time an idle entry would go REACHABLE -> DELAY -> PROBE -> REACHABLE forever
        sysctl(client, "net.ipv6.neigh.eth0.delay_first_probe_time", "1");
        sysctl(client, "net.ipv6.neigh.eth0.base_reachable_time_ms", "3000");

        // a client on the link: its kernel multicasts a solicitation, every node answers with the cluster MAC
        send(client, VIP, CLIENT_PORT, 1);
        Neighbour c = resolved(client, "eth0", VIP);
        assertEquals(mac(MAC.toString()), c.lladdr(), "the client's entry for the VIP: " + c);
        // the router resolves the VIP for a remote client's datagram
        send(remote, VIP, REMOTE_PORT, 1);
        Neighbour r = resolved(router, "eth0", VIP);
        assertEquals(mac(MAC.toString()), r.lladdr(), "the router's entry for the VIP: " + r);
        // every node rewrote its answer to both solicitations
        for (TestNetns n : nodes) {
            long rewritten = counters(n, TABLE).get(0);
            assertTrue(rewritten >= 2, n.name() + " rewrote " + rewritten + " advertisements");
        }
        // NAs for another address of a node are untouched
        for (int i = 1; i <= NODES; i++) {
            Neighbour own = resolvedAfterSend(client, InetAddress.ofLiteral(nodeAddress(i)));
            assertEquals(mac(nodeMac(i)), own.lladdr(), "node " + i + "'s own address: " + own);
        }
        // with the cluster MAC in the caches, every node receives every datagram for the VIP, direct and routed
        send(client, VIP, CLIENT_PORT, 4);
        send(remote, VIP, REMOTE_PORT, 4);
        for (TestNetns n : nodes) {
            Poll.until(n.name() + " received 5 + 5 datagrams for the VIP", Duration.ofSeconds(3),
                    () -> Optional.of(counters(n, COUNT_TABLE)).filter(k -> k.equals(List.of(5L, 5L))),
                    () -> String.valueOf(counters(n, COUNT_TABLE)));
        }

        // a unicast NUD probe (solicitation sent to the VIP, i.e. to the cluster MAC) is answered without a
        // target link-layer address option (ndisc_recv_ns: inc_opt only for a multicast solicitation): the
        // entry keeps the cluster MAC and becomes REACHABLE again
        Poll.until("the client's entry goes stale", Duration.ofSeconds(20),
                () -> neighbour(client, "eth0", VIP).filter(n -> n.state() == rtnetlink_h.NUD_STALE()),
                () -> String.valueOf(neighbour(client, "eth0", VIP)));
        long probes = snmp6(client, "Icmp6OutNeighborSolicits");
        List<Long> rewrittenBefore = nodes.stream().map(n -> counters(n, TABLE).get(0)).toList();
        send(client, VIP, CLIENT_PORT, 1); // STALE -> DELAY -> (1 s) PROBE: a unicast solicitation
        Neighbour probed = Poll.until("a unicast probe confirms the entry", Duration.ofSeconds(10),
                () -> neighbour(client, "eth0", VIP).filter(n -> n.state() == rtnetlink_h.NUD_REACHABLE()),
                () -> String.valueOf(neighbour(client, "eth0", VIP)));
        assertEquals(mac(MAC.toString()), probed.lladdr(), "after the probe: " + probed);
        assertTrue(snmp6(client, "Icmp6OutNeighborSolicits") > probes, "the client sent a probe");
        // the answers to the probe carry no option: the rule left them untouched
        assertEquals(rewrittenBefore, nodes.stream().map(n -> counters(n, TABLE).get(0)).toList(), "NAs rewritten during the probe");

        Cmd list = nodes.get(0).exec("nft", "list", "table", "inet", TABLE);
        System.out.println("nft list table inet " + TABLE + " -> exit " + list.exit() + "\n" + list.out() + list.err());
        assertEquals(0, list.exit(), list.err());
    }

    static Neighbour resolvedAfterSend(TestNetns from, InetAddress to) {
        send(from, to, CLIENT_PORT, 1);
        return resolved(from, "eth0", to);
    }

    /** The MAC written without the Reserved compensation: the kernel's checksum is wrong, receivers drop the NA. */
    @Test
    void withoutTheCompensationReceiversDropTheAdvertisement() {
        for (int i = 1; i <= NODES; i++) {
            List<Expr> macOnly = new ArrayList<>(rewriteOf(i));
            int write = indexOfWrite(macOnly);
            assertEquals(NeighbourAdvertRewrite.RESERVED_LOW_OFFSET, ((Payload) macOnly.get(write)).offset());
            macOnly.subList(write - 1, write + 1).clear(); // the immediate K and its write
            rewrite(nodes.get(i - 1), macOnly);
        }
        assertClientDropsTheAdvertisements();
    }

    /** The client's solicitations for the VIP are answered by NAs it drops for their checksum; its entry fails. */
    void assertClientDropsTheAdvertisements() {
        long before = snmp6(client, "Icmp6InCsumErrors");
        send(client, VIP, CLIENT_PORT, 1);
        // three solicitations a second apart (mcast_probes), each answered by three nodes with a wrong checksum
        Poll.until("the client's entry for the VIP fails", Duration.ofSeconds(10),
                () -> neighbour(client, "eth0", VIP).filter(n -> n.state() == rtnetlink_h.NUD_FAILED()),
                () -> String.valueOf(neighbour(client, "eth0", VIP)));
        long dropped = snmp6(client, "Icmp6InCsumErrors") - before;
        assertTrue(dropped >= NODES, "advertisements dropped for their checksum: " + dropped);
        for (TestNetns n : nodes) assertTrue(counters(n, TABLE).get(0) >= 1, n.name() + " rewrote nothing");
    }

    /**
     * The host's own tools restore the rule: after {@code nft list ruleset > f; nft flush ruleset;
     * nft -f f} on every node the kernel holds the same expressions, and a client and a router that
     * never knew the VIP resolve it to the cluster MAC. The NAs they receive carry the cluster MAC,
     * the node's K in the Reserved bits (which Linux ignores) and a valid checksum.
     */
    @Test
    void theRuleSurvivesAnNftListingReloaded() throws Exception {
        rewriteAll();
        String listing = nodes.get(0).execOk("nft", "list", "table", "inet", TABLE);
        assertTrue(listing.contains("icmpv6 type nd-neighbor-advert @th,48,16 0x0 @th,64,128 0x20010db8000100000000000000000100 "
                + "@th,192,64 0x201020000000101 @th,48,16 set 0xcecd @th,208,48 set 0x333300000100 counter packets 0 bytes 0"), listing);
        for (TestNetns n : nodes) reload(n);
        for (int i = 1; i <= NODES; i++) {
            assertEquals(List.of(rewriteOf(i)), rules(nodes.get(i - 1)).stream().map(Rule::exprs).toList(), "node " + i + " after nft -f");
        }
        try (PacketSocket capture = call(client, () -> {
            try (NetlinkConn c = Rtnetlink.open()) {
                return PacketSocket.open(new Links(c).byName("eth0").index(), libc_h.ETH_P_IPV6());
            }
        })) {
            Neighbour c = resolvedAfterSend(client, VIP);
            assertEquals(mac(MAC.toString()), c.lladdr(), "the client's entry for the VIP: " + c);
            send(remote, VIP, REMOTE_PORT, 1);
            Neighbour r = resolved(router, "eth0", VIP);
            assertEquals(mac(MAC.toString()), r.lladdr(), "the router's entry for the VIP: " + r);
            Map<MacAddress, byte[]> nas = advertisements(capture);
            for (int i = 1; i <= NODES; i++) {
                byte[] na = nas.get(mac(nodeMac(i)));
                assertTrue(na != null, "no NA for the VIP from node " + i + " captured: " + nas.keySet());
                int icmp = NeighbourAdvertRewriteTest.ICMP;
                int k = NeighbourAdvertRewrite.compensation(mac(nodeMac(i)), MAC);
                assertTrue(k != 0, "node " + i + " writes a non-zero K");
                assertEquals(k, (na[icmp + 6] & 0xff) << 8 | na[icmp + 7] & 0xff, "node " + i + "'s Reserved low bits");
                assertEquals(mac(MAC.toString()), MacAddress.of(Arrays.copyOfRange(na, icmp + 26, icmp + 32)), "node " + i + "'s TLLA");
                assertEquals(0xffff, NeighbourAdvertRewriteTest.icmpv6Sum(na), "node " + i + "'s NA has a valid checksum");
            }
        }
        for (TestNetns n : nodes) assertTrue(counters(n, TABLE).get(0) >= 2, n.name() + " rewrote " + counters(n, TABLE));
    }

    /**
     * A NIC whose MAC changed after the rule was written: its NAs no longer match (K is only right
     * for the MAC the rule names) and leave untouched with the NIC's MAC and a valid checksum.
     */
    @Test
    void aRuleForAnotherNicMacLeavesTheAdvertisementUntouched() {
        for (TestNetns n : nodes) rewrite(n, NeighbourAdvertRewrite.exprs(VIP, MAC, mac("02:00:00:00:09:09")));
        long errors = snmp6(client, "Icmp6InCsumErrors");
        Neighbour c = resolvedAfterSend(client, VIP);
        assertTrue(List.of(nodeMac(1), nodeMac(2), nodeMac(3)).contains(c.lladdr().toString()), "the client's entry: " + c);
        assertEquals(errors, snmp6(client, "Icmp6InCsumErrors"), "checksum errors");
        for (TestNetns n : nodes) assertEquals(0L, counters(n, TABLE).get(0), n.name() + " rewrote");
    }

    /** The NAs for the VIP with a target link-layer address option {@code capture} queued, by source MAC, until one from each node arrived (2 s at most). */
    static Map<MacAddress, byte[]> advertisements(PacketSocket capture) {
        int icmp = NeighbourAdvertRewriteTest.ICMP;
        Map<MacAddress, byte[]> out = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (out.size() < NODES && System.nanoTime() < deadline) {
            ReceivedFrame f = call(null, () -> capture.receive(Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))));
            if (f == null) break;
            byte[] b = f.bytes();
            if (b.length >= icmp + 32 && (b[icmp] & 0xff) == 136 && Arrays.equals(Arrays.copyOfRange(b, icmp + 8, icmp + 24), VIP.getAddress())) {
                out.putIfAbsent(MacAddress.of(Arrays.copyOfRange(b, 6, 12)), b);
            }
        }
        return out;
    }

    /**
     * Why not the checksum attributes: a rule that writes only the MAC and has the kernel fix the
     * checksum ({@code NFT_PAYLOAD_CSUM_INET}, the first design) works as written, but nft lists it
     * as a raw write and {@code nft -f} of the listing re-creates it without the fix; the NAs then
     * leave with a wrong checksum.
     */
    @Test
    void aChecksumFixRuleReloadedBreaksResolution() {
        for (int i = 1; i <= NODES; i++) rewrite(nodes.get(i - 1), checksumFixRule());
        for (TestNetns n : nodes) reload(n);
        List<Expr> back = rules(nodes.get(0)).get(0).exprs();
        Payload w = (Payload) back.get(indexOfWrite(back));
        assertEquals(nf_tables_h.NFT_PAYLOAD_CSUM_NONE(), w.csumType(), "nft -f re-created the write: " + w);
        assertClientDropsTheAdvertisements();
    }

    /** The first design: match an NA for the VIP with a TLLA option, write the cluster MAC, fix the ICMPv6 checksum at offset 2. */
    static List<Expr> checksumFixRule() {
        return List.of(
                Meta.load(Meta.NFPROTO, Reg.R1), Cmp.eq(Reg.R1, Bytes.of(Family.IP6.number())),
                Meta.load(Meta.L4PROTO, Reg.R1), Cmp.eq(Reg.R1, Bytes.of(58)),
                Payload.load(Payload.TRANSPORT, 0, 1, Reg.R1), Cmp.eq(Reg.R1, Bytes.of(136)),
                Payload.load(Payload.TRANSPORT, 8, 16, Reg.R1), Cmp.eq(Reg.R1, new Bytes(VIP.getAddress())),
                Payload.load(Payload.TRANSPORT, 24, 2, Reg.R1), Cmp.eq(Reg.R1, Bytes.of(2, 1)),
                Immediate.data(Reg.R1, new Bytes(MAC.bytes())),
                new Payload(-1, Reg.R1, Payload.TRANSPORT, 26, 6, nf_tables_h.NFT_PAYLOAD_CSUM_INET(), 2, 0),
                Counter.zero());
    }

    /** {@code nft list ruleset > f; nft flush ruleset; nft -f f} in {@code n}. */
    static void reload(TestNetns n) {
        n.execOk("sh", "-c", "f=$(mktemp) && nft list ruleset > \"$f\" && nft flush ruleset && nft -f \"$f\"; s=$?; rm -f \"$f\"; exit $s");
    }

    /**
     * nft itself sends the golden of {@link NeighbourAdvertRewriteTest} for the rule's text: the
     * rule is what {@code nft -f} makes of its own listing, byte for byte.
     */
    @Test
    void nftWritesTheRuleAsWeDo() {
        String text = "table inet t {\nchain " + NeighbourAdvertRewrite.CHAIN
                + " {\ntype filter hook output priority filter; policy accept;\n" + NeighbourAdvertRewriteTest.NFT_TEXT + "\n}\n}";
        String debug = nodes.get(0).execOk("sh", "-c", "printf '%s\\n' \"$1\" | nft --debug=netlink -f -", "sh", text);
        String exprs = debug.lines().filter(l -> l.startsWith("  [ ")).collect(Collectors.joining("\n"));
        assertEquals(NeighbourAdvertRewriteTest.GOLDEN.stripIndent(), exprs.stripIndent(), debug);
        assertEquals(NeighbourAdvertRewrite.rule("t", NeighbourAdvertRewrite.CHAIN, VIP, MAC, mac(nodeMac(1))).debugString()
                .lines().filter(l -> l.startsWith("  [ ")).collect(Collectors.joining("\n")), exprs);
    }

    static List<Rule> rules(TestNetns n) {
        return call(n, () -> {
            try (NftConn c = NftConn.open()) {
                return c.listRules(Family.INET, TABLE);
            }
        });
    }

    static int indexOfWrite(List<Expr> exprs) {
        for (int i = 0; i < exprs.size(); i++) if (exprs.get(i) instanceof Payload p && p.isWrite()) return i;
        throw new AssertionError("no payload write in " + exprs);
    }

    /**
     * Unsolicited advertisements (the start-up announcement, {@link UnsolicitedNa}) update an
     * entry that exists but create none (accept_untracked_na 0, the default; with 1 a router
     * creates a STALE entry, RFC 9131). Linux takes any multicast MAC as link-layer address.
     */
    @Test
    void unsolicitedAdvertisementsUpdateOnlyExistingEntries() {
        // no rewrite: the client resolves the VIP to one node's own MAC
        Neighbour before = resolvedAfterSend(client, VIP);
        assertFalse(before.lladdr().isMulticast(), "before: " + before);
        TestNetns n1 = nodes.get(0);
        for (String m : List.of(MAC.toString(), "01:00:5e:00:01:00", "33:33:ff:00:01:00")) {
            announce(n1, mac(m));
            Neighbour after = Poll.until("the client's entry takes " + m, Duration.ofSeconds(3),
                    () -> neighbour(client, "eth0", VIP).filter(x -> mac(m).equals(x.lladdr())),
                    () -> String.valueOf(neighbour(client, "eth0", VIP)));
            assertTrue(after.isValid(), "after: " + after);
        }
        // the router has no entry for the VIP: the advertisements created none
        assertEquals(Optional.empty(), neighbour(router, "eth0", VIP));
        // the other nodes, which hold the VIP, ignore an advertisement of their own address (nodad: no DAD failure)
        for (TestNetns n : nodes) assertFalse(n.ip("-6", "addr", "show", "dev", "eth0").contains("dadfailed"), n.name());
        // RFC 9131: a router with accept_untracked_na creates a STALE entry
        sysctl(router, "net.ipv6.conf.eth0.accept_untracked_na", "1");
        announce(n1, mac(MAC.toString()));
        Neighbour r = Poll.until("the router creates an entry", Duration.ofSeconds(3),
                () -> neighbour(router, "eth0", VIP), () -> router.ip("-6", "neigh", "show", "nud", "all"));
        assertEquals(mac(MAC.toString()), r.lladdr());
        assertEquals(rtnetlink_h.NUD_STALE(), r.state(), "router: " + r);
    }

    static void announce(TestNetns n, MacAddress target) {
        run(n, () -> {
            try (NetlinkConn c = Rtnetlink.open()) {
                UnsolicitedNa.of(new Links(c).byName("eth0"), VIP).withTargetMac(target).send(1, Duration.ZERO);
            }
        });
    }

    /**
     * The fallback for a router that refuses a multicast link-layer address: a static (permanent)
     * entry for the VIP with the cluster MAC, which no advertisement overrides. And a node with
     * {@code drop_unicast_in_l2_multicast=1} drops every packet for the VIP (a unicast IPv6
     * destination in a multicast frame) before any nf_tables hook: the default 0 is required.
     */
    @Test
    void aStaticNeighbourWithTheClusterMacReachesEveryNode() {
        router.ip("-6", "neigh", "replace", VIP.getHostAddress(), "lladdr", MAC.toString(), "dev", "eth0", "nud", "permanent");
        announce(nodes.get(0), mac(nodeMac(1))); // override flag, the node's own MAC: ignored for a permanent entry
        TestNetns strict = nodes.get(NODES - 1);
        sysctl(strict, "net.ipv6.conf.eth0.drop_unicast_in_l2_multicast", "1");
        send(remote, VIP, REMOTE_PORT, 3);
        for (TestNetns n : nodes.subList(0, NODES - 1)) {
            Poll.until(n.name() + " received the 3 routed datagrams", Duration.ofSeconds(3),
                    () -> Optional.of(counters(n, COUNT_TABLE)).filter(k -> k.equals(List.of(0L, 3L))),
                    () -> String.valueOf(counters(n, COUNT_TABLE)));
        }
        assertEquals(List.of(0L, 0L), counters(strict, COUNT_TABLE), strict.name() + " with drop_unicast_in_l2_multicast=1");
        Neighbour r = neighbour(router, "eth0", VIP).orElseThrow();
        assertEquals(mac(MAC.toString()), r.lladdr());
        assertEquals(rtnetlink_h.NUD_PERMANENT(), r.state(), "router: " + r);
    }
}
