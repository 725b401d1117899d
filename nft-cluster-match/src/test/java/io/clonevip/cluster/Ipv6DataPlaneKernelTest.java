package io.clonevip.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.cluster.hash.BucketPredictor;
import io.clonevip.nativ.NetNs;
import io.clonevip.nativ.bind.rtnetlink_h;
import io.clonevip.rtnl.Neighbour;
import io.clonevip.testkit.Poll;
import io.clonevip.testkit.net.VethLab;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The production ruleset of an IPv6 VIP against real traffic, in namespaces the test creates: a
 * node holding the VIP ({@link ClusterIpNode#apply}, buckets 1-6 of 12) and a peer with 32
 * addresses on the link that resolves the VIP (to the cluster MAC) and sends UDP datagrams, TCP
 * SYNs and ICMPv6 echo requests from each. Every flow whose bucket ({@link BucketPredictor}) the
 * node serves has a conntrack entry marked with that bucket; every other flow has none (TCP and
 * UDP dropped in {@code cv_raw} before conntrack, ICMPv6 by the final drop before its entry is
 * confirmed). And neighbour discovery addressed to the VIP (a unicast NUD probe) is answered.
 */
class Ipv6DataPlaneKernelTest {
    static final String VIP = "2001:db8:1::100";
    static final BucketSet LOCAL = BucketSet.parse("1-6", 12);
    static final int SOURCES = 32;
    private static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

    /**
     * One line per flow, "proto src sport dport": UDP sends a datagram from src:sport, TCP starts a
     * connection from src:sport (closed half a second later), ICMP sends
     * an echo request from src (identifier sport).
     */
    private static final String SENDER = """
            import socket, struct, sys, time
            VIP = sys.argv[1]
            held = []
            for line in sys.stdin:
                proto, src, sport, dport = line.split()
                if proto == 'udp':
                    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
                    s.bind((src, int(sport)))
                    s.sendto(b'x', (VIP, int(dport)))
                    s.close()
                elif proto == 'tcp':
                    s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
                    s.setblocking(False)
                    s.bind((src, int(sport)))
                    s.connect_ex((VIP, int(dport)))
                    held.append(s)
                else:
                    s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
                    s.bind((src, 0))
                    s.sendto(struct.pack('!BBHHH', 128, 0, 0, int(sport), 1), (VIP, 0))
                    s.close()
            time.sleep(0.5)
            for s in held:
                s.close()
            """;

    private record Flow(String proto, InetAddress src, int sport, int dport) {
        int protocol() {
            return switch (proto) {
                case "udp" -> BucketPredictor.IPPROTO_UDP;
                case "tcp" -> BucketPredictor.IPPROTO_TCP;
                default -> BucketPredictor.IPPROTO_ICMPV6;
            };
        }

        /** The key conntrack's line gives: protocol, source and source port (ICMPv6: the echo identifier). */
        String key() { return proto + " " + src.getHostAddress() + " " + sport; }
    }

    static ClusterIpSpec spec(HashMode mode) {
        return ClusterIpSpec.builder().vip(VIP).nic(VethLab.NODE_IF).buckets(12).hashMode(mode.keyword()).seed(0x6e2d5a17L).build();
    }

    static VethLab lab(String tag, ClusterIpSpec spec) throws Exception {
        VethLab lab = VethLab.create(tag);
        try {
            for (int i = 0; i < SOURCES; i++) {
                lab.peer.ip("addr", "add", "2001:db8:1::" + Integer.toHexString(0x1000 + i) + "/64", "dev", VethLab.PEER_IF, "nodad");
            }
            NetNs.run(lab.node.name(), () -> { try (ClusterIpNode n = ClusterIpNode.open()) { n.apply(spec, VipAddress.of(64), LOCAL); } });
            return lab;
        } catch (Exception | Error e) {
            lab.close();
            throw e;
        }
    }

    @ParameterizedTest
    @MethodSource("io.clonevip.cluster.ProductionGolden#ipv6Modes")
    void eachFlowIsMarkedWithThePredictedBucketOrDroppedWhenNotServed(HashMode mode) throws Exception {
        ClusterIpSpec spec = spec(mode);
        BucketPredictor predictor = BucketPredictor.of(spec);
        SplittableRandom random = new SplittableRandom();
        Map<String, Flow> flows = new HashMap<>();
        StringBuilder send = new StringBuilder();
        int[] dports = {3306, 4567, 5432, 443};
        for (int i = 0; i < 160; i++) {
            String proto = i % 8 == 0 ? "icmp" : i % 8 < 4 ? "tcp" : "udp";
            InetAddress src = InetAddress.ofLiteral("2001:db8:1::" + Integer.toHexString(0x1000 + random.nextInt(SOURCES)));
            int sport = proto.equals("icmp") ? 1 + random.nextInt(65535) : 1024 + random.nextInt(64512);
            Flow f = new Flow(proto, src, sport, proto.equals("icmp") ? 0 : dports[random.nextInt(dports.length)]);
            if (flows.putIfAbsent(f.key(), f) == null) {
                send.append(proto).append(' ').append(src.getHostAddress()).append(' ').append(sport).append(' ').append(f.dport()).append('\n');
            }
        }
        try (VethLab lab = lab("v6dp", spec); Listeners listeners = Listeners.on(lab, dports)) {
            var sent = lab.peer.exec(new String[] {"sh", "-c", "printf '%s' \"$0\" | " + PYTHON + " -c \"$1\" " + VIP, send.toString(), SENDER});
            assertEquals(0, sent.exit(), sent.err());
            Set<String> served = new HashSet<>();
            for (Flow f : flows.values()) if (LOCAL.contains(predictor.bucket(f.src(), f.protocol(), f.sport(), f.dport()))) served.add(f.key());
            Map<String, Long> marks = new HashMap<>();
            // /proc/net/nf_conntrack read in several read(2) calls can skip entries: read until every served flow is seen
            Poll.until("every served flow in conntrack", Duration.ofSeconds(10), () -> {
                marks.putAll(conntrack(lab));
                return marks.keySet().containsAll(served) ? java.util.Optional.of(true) : java.util.Optional.empty();
            }, () -> "missing " + served.stream().filter(k -> !marks.containsKey(k)).toList() + "\nseen " + marks
                    + "\nsender: " + sent.out() + sent.err() + "\n" + lab.node.execOk("cat", "/proc/net/nf_conntrack"));
            int checked = 0;
            for (Flow f : flows.values()) {
                int bucket = predictor.bucket(f.src(), f.protocol(), f.sport(), f.dport());
                Long mark = marks.get(f.key());
                if (LOCAL.contains(bucket)) {
                    assertEquals(bucket, mark == null ? -1 : mark, () -> "flow " + f + " (" + mode.keyword() + ")");
                    checked++;
                } else {
                    assertEquals(null, mark, () -> "flow " + f + " of bucket " + bucket + ", not served: no conntrack entry");
                }
            }
            assertTrue(checked > 30 && checked < flows.size() - 30, checked + " of " + flows.size() + " flows served");
            // the node answered clients it had no neighbour entry for: it solicited them from the VIP, and
            // the peer's entry for the VIP keeps the cluster MAC (without cv_na's NS rule: the node's own MAC)
            Neighbour vip = NeighbourAdvertKernelTest.neighbour(lab.peer, VethLab.PEER_IF, spec.vip()).orElseThrow();
            assertEquals(NeighbourAdvertKernelTest.mac(spec.clusterMac().toString()), vip.lladdr(), "the peer's entry for the VIP: " + vip);
            assertEquals(0, NeighbourAdvertKernelTest.snmp6(lab.peer, "Icmp6InCsumErrors"), "the rewritten solicitations' checksums hold");
            long resolved = lab.node.execOk("ip", "-6", "neigh", "show", "dev", VethLab.NODE_IF).lines()
                    .filter(l -> l.startsWith("2001:db8:1::10") && l.contains("lladdr")).count();
            assertTrue(resolved > 1, "the node resolved the clients it answered: " + resolved);
            List<Long> counters = NeighbourAdvertKernelTest.counters(lab.node, ClusterRuleset.tableName(spec.vip()));
            assertTrue(counters.get(counters.size() - 1) > 0, "cv_na's NS rule rewrote the node's solicitations: " + counters);
            System.out.println(mode.keyword() + ": " + checked + " served flows marked with the predicted bucket, "
                    + (flows.size() - checked) + " unserved without a conntrack entry");
        }
    }

    /**
     * TCP listeners on the VIP in the node: a served SYN is answered and its connection stays in
     * conntrack (an entry whose only reply is a reset is deleted at once).
     */
    private record Listeners(List<ServerSocket> sockets) implements AutoCloseable {
        static Listeners on(VethLab lab, int[] ports) throws Exception {
            return new Listeners(NetNs.call(lab.node.name(), () -> {
                List<ServerSocket> l = new ArrayList<>();
                for (int p : ports) l.add(new ServerSocket(p, 512, InetAddress.ofLiteral(VIP)));
                return l;
            }));
        }

        @Override
        public void close() throws IOException {
            for (ServerSocket s : sockets) s.close();
        }
    }

    /** {@code proto src sport} → ct mark of every conntrack entry of the node whose destination is the VIP. */
    private static Map<String, Long> conntrack(VethLab lab) {
        Map<String, Long> out = new HashMap<>();
        for (String line : lab.node.execOk("cat", "/proc/net/nf_conntrack").split("\n")) {
            String[] t = line.trim().split("\\s+");
            if (t.length < 4 || !t[0].equals("ipv6") || !InetAddress.ofLiteral(field(t, "dst=")).equals(InetAddress.ofLiteral(VIP))) continue;
            String proto = t[2].equals("icmpv6") ? "icmp" : t[2];
            String port = proto.equals("icmp") ? field(t, "id=") : field(t, "sport=");
            out.put(proto + " " + InetAddress.ofLiteral(field(t, "src=")).getHostAddress() + " " + port, Long.parseLong(field(t, "mark=")));
        }
        return out;
    }

    /** The first value of {@code name} in a conntrack line's tokens: the original direction. */
    private static String field(String[] tokens, String name) {
        for (String token : tokens) if (token.startsWith(name)) return token.substring(name.length());
        throw new AssertionError("no " + name + " in " + String.join(" ", tokens));
    }

    /** Sends an ICMPv6 packet too big from argv[1] to the VIP about a datagram the VIP sent to argv[2] (port argv[4]) from port argv[3]. */
    private static final String TOO_BIG = """
            import socket, struct, sys
            VIP = sys.argv[5]
            router, client, sport, dport = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
            a = lambda x: socket.inet_pton(socket.AF_INET6, x)
            inner = struct.pack('!IHBB', 0x60000000, 9, 17, 64) + a(VIP) + a(client) + struct.pack('!HHHH', sport, dport, 9, 0) + b'x'
            s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
            s.bind((router, 0))
            s.sendto(struct.pack('!BBHI', 2, 0, 0, 1280) + inner, (VIP, 0))
            """;

    /**
     * An ICMPv6 error about a flow (here a packet too big, from an address whose own hash is a
     * bucket the node does not serve) follows the flow: conntrack relates it to the flow's entry,
     * it carries the flow's mark, and the node accepts it when it serves the flow's bucket; about a
     * flow of another bucket (no entry here) it is dropped. Counted by the node's
     * {@code Icmp6InPktTooBigs}, which only what passed prerouting reaches.
     */
    @Test
    void anIcmpv6ErrorFollowsItsFlow() throws Exception {
        ClusterIpSpec spec = spec(HashMode.DEFAULT);
        BucketPredictor predictor = BucketPredictor.of(spec);
        try (VethLab lab = lab("v6err", spec)) {
            InetAddress router = null, served = null, other = null;
            int sport = 40000, dport = 3306;
            for (int i = 0; i < SOURCES; i++) {
                InetAddress a = InetAddress.ofLiteral("2001:db8:1::" + Integer.toHexString(0x1000 + i));
                if (router == null && !LOCAL.contains(predictor.bucket(a, BucketPredictor.IPPROTO_ICMPV6, 0, 0))) router = a;
                else if (served == null && LOCAL.contains(predictor.bucket(a, BucketPredictor.IPPROTO_UDP, sport, dport))) served = a;
                else if (other == null && !LOCAL.contains(predictor.bucket(a, BucketPredictor.IPPROTO_UDP, sport, dport))) other = a;
            }
            assertTrue(router != null && served != null && other != null, "addresses for each role");
            for (InetAddress c : List.of(served, other)) udpFrom(lab, c, sport, dport);
            String key = "udp " + served.getHostAddress() + " " + sport;
            Poll.until("the served flow in conntrack", Duration.ofSeconds(5), () -> conntrack(lab).containsKey(key));
            long before = NeighbourAdvertKernelTest.snmp6(lab.node, "Icmp6InPktTooBigs");
            tooBig(lab, router, served, sport, dport);
            Poll.until("the error about the served flow reaches ICMPv6", Duration.ofSeconds(5),
                    () -> NeighbourAdvertKernelTest.snmp6(lab.node, "Icmp6InPktTooBigs") >= before + 1);
            // the other flow's error, then the served flow's again: the link delivers them in order,
            // so once the second served one is counted the other one would have been too
            tooBig(lab, router, other, sport, dport);
            tooBig(lab, router, served, sport, dport);
            Poll.until("the second error about the served flow reaches ICMPv6", Duration.ofSeconds(5),
                    () -> NeighbourAdvertKernelTest.snmp6(lab.node, "Icmp6InPktTooBigs") >= before + 2);
            assertEquals(before + 2, NeighbourAdvertKernelTest.snmp6(lab.node, "Icmp6InPktTooBigs"), "the other flow's error was dropped");
        }
    }

    private static void tooBig(VethLab lab, InetAddress router, InetAddress client, int clientPort, int vipPort) {
        var r = lab.peer.exec(PYTHON, "-c", TOO_BIG, router.getHostAddress(), client.getHostAddress(), String.valueOf(vipPort),
                String.valueOf(clientPort), VIP);
        assertEquals(0, r.exit(), r.err());
    }

    private static void udpFrom(VethLab lab, InetAddress src, int sport, int dport) {
        var r = lab.peer.exec(PYTHON, "-c", "import socket,sys; s=socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); "
                + "s.bind((sys.argv[1], int(sys.argv[2]))); s.sendto(b'x', (sys.argv[3], int(sys.argv[4])))",
                src.getHostAddress(), String.valueOf(sport), VIP, String.valueOf(dport));
        assertEquals(0, r.exit(), r.err());
    }

    /**
     * Neighbour discovery addressed to the VIP is untracked by conntrack (no mark, no state), so
     * without its own accept rules it would reach the final drop: a peer's unicast NUD probe of the
     * VIP would go unanswered and its entry would fail. With them the probe is answered and the entry
     * keeps the cluster MAC.
     */
    @Test
    void aUnicastNudProbeOfTheVipIsAnswered() throws Exception {
        ClusterIpSpec spec = spec(HashMode.DEFAULT);
        try (VethLab lab = lab("v6nud", spec)) {
            String dev = VethLab.PEER_IF;
            NeighbourAdvertKernelTest.sysctl(lab.peer, "net.ipv6.neigh." + dev + ".delay_first_probe_time", "1");
            NeighbourAdvertKernelTest.sysctl(lab.peer, "net.ipv6.neigh." + dev + ".base_reachable_time_ms", "3000");
            InetAddress vip = spec.vip();
            NeighbourAdvertKernelTest.send(lab.peer, vip, 7001, 1);
            Neighbour first = NeighbourAdvertKernelTest.resolved(lab.peer, dev, vip);
            assertEquals(NeighbourAdvertKernelTest.mac(spec.clusterMac().toString()), first.lladdr(), "resolved to the cluster MAC: " + first);
            Poll.until("the peer's entry goes stale", Duration.ofSeconds(20),
                    () -> NeighbourAdvertKernelTest.neighbour(lab.peer, dev, vip).filter(n -> n.state() == rtnetlink_h.NUD_STALE()),
                    () -> String.valueOf(NeighbourAdvertKernelTest.neighbour(lab.peer, dev, vip)));
            long probes = NeighbourAdvertKernelTest.snmp6(lab.peer, "Icmp6OutNeighborSolicits");
            long drops = finalDrops(lab);
            NeighbourAdvertKernelTest.send(lab.peer, vip, 7001, 1); // STALE -> DELAY -> (1 s) PROBE: a unicast solicitation
            Neighbour probed = Poll.until("a unicast probe confirms the entry", Duration.ofSeconds(10),
                    () -> NeighbourAdvertKernelTest.neighbour(lab.peer, dev, vip).filter(n -> n.state() == rtnetlink_h.NUD_REACHABLE()),
                    () -> String.valueOf(NeighbourAdvertKernelTest.neighbour(lab.peer, dev, vip)));
            assertEquals(NeighbourAdvertKernelTest.mac(spec.clusterMac().toString()), probed.lladdr(), "after the probe: " + probed);
            assertTrue(NeighbourAdvertKernelTest.snmp6(lab.peer, "Icmp6OutNeighborSolicits") > probes, "the peer sent a probe");
            assertTrue(finalDrops(lab) - drops <= 1, "the probe did not reach the final drop (the datagram may: its bucket may not be served)");
        }
    }

    /** Packets counted by cv_pre's final drop. */
    static long finalDrops(VethLab lab) {
        String chain = lab.node.execOk("nft", "list", "chain", "inet", ClusterRuleset.tableName(InetAddress.ofLiteral(VIP)), "cv_pre");
        for (String line : chain.lines().toList()) {
            if (!line.contains("comment \"clonevip")) continue;
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("counter packets (\\d+)").matcher(line);
            assertTrue(m.find(), line);
            return Long.parseLong(m.group(1));
        }
        throw new AssertionError("no final drop in " + chain);
    }
}
