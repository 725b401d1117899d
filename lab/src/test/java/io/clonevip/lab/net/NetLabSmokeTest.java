package io.clonevip.lab.net;

import io.clonevip.testkit.Cmd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The lab itself, checked with the dataplane design's reference ruleset loaded by the nft CLI
 * (independent of clonevip's encoder): every flow answered by exactly one node, all nodes used.
 */
class NetLabSmokeTest {
    static final String VIP = "198.51.100.100";
    static final String MAC = "01:00:5e:64:64:64";

    static String ruleset(int n, String local) {
        return """
            table arp cvsmokearp {
              chain out {
                type filter hook output priority filter; policy accept;
                arp htype 1 arp ptype ip arp hlen 6 arp plen 4 arp saddr ip %s arp saddr ether set %s
              }
            }
            table inet cvsmoke {
              set local { type mark; elements = { %s } }
              chain pre {
                type filter hook prerouting priority mangle; policy accept;
                ip daddr %s ct state new meta l4proto { tcp, udp } ct mark set jhash ip saddr . th sport mod %d seed 0xc1057e12 offset 1
                ip daddr %s ct state new meta l4proto != { tcp, udp } ct mark set jhash ip saddr mod %d seed 0xc1057e12 offset 1
                ip daddr %s ct mark @local meta pkttype set host counter accept
                ip daddr %s counter drop
              }
            }
            """.formatted(VIP, MAC, local, VIP, n, VIP, n, VIP, VIP);
    }

    @Test
    void referenceRulesetAnswersEveryFlowOnce() throws Exception {
        try (NetLab lab = NetLab.start(3); Responders r = new Responders()) {
            InetAddress vip = InetAddress.getByName(VIP);
            for (int i = 1; i <= 3; i++) {
                String ns = lab.node(i);
                Cmd.ok("ip", "-n", ns, "addr", "add", VIP + "/24", "dev", "eth0");
                Cmd.ok("ip", "-n", ns, "maddr", "add", MAC, "dev", "eth0");
                java.nio.file.Path f = java.nio.file.Files.createTempFile("cvsmoke", ".nft");
                java.nio.file.Files.writeString(f, ruleset(3, String.valueOf(i)));
                Cmd.ok("ip", "netns", "exec", ns, "nft", "-f", f.toString());
                java.nio.file.Files.delete(f);
                r.start(ns, "n" + i, vip, 3306);
            }
            TrafficClient c = new TrafficClient(lab.client(), lab.clientAddress(), vip, 3306, 2000);
            List<Flow> first = c.tcp(List.of(19000, 19001, 19002, 19003));
            assertTrue(first.stream().allMatch(Flow::answered), "precheck: " + first);
            List<Integer> ports = IntStream.range(0, 60).map(i -> 20000 + 37 * i).boxed().toList();
            List<Flow> flows = new ArrayList<>(c.tcp(ports));
            flows.addAll(c.udp(ports));
            for (Flow f : flows) {
                assertTrue(f.answered(), f.toString());
                assertEquals(List.of(f.answeredBy()), r.servedBy(f.proto(), lab.clientAddress(), f.sourcePort()), f.toString());
            }
            assertTrue(r.duplicates().isEmpty(), r.duplicates().toString());
            Map<String, Long> perNode = flows.stream().collect(Collectors.groupingBy(Flow::answeredBy, Collectors.counting()));
            assertEquals(3, perNode.size(), perNode.toString());
        }
    }

    static final String VIP6 = "2001:db8:1::100";
    static final String MAC6 = "33:33:00:00:01:00";

    static String ruleset6(int n, String local) {
        return """
            table inet cvsmoke6 {
              set local { type mark; elements = { %s } }
              chain pre {
                type filter hook prerouting priority mangle; policy accept;
                ip6 daddr %s icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } accept
                ip6 daddr %s ct state new meta l4proto { tcp, udp } ct mark set jhash ip6 saddr . th sport mod %d seed 0xc1057e12 offset 1
                ip6 daddr %s ct state new meta l4proto != { tcp, udp } ct mark set jhash ip6 saddr mod %d seed 0xc1057e12 offset 1
                ip6 daddr %s ct mark @local meta pkttype set host counter accept
                ip6 daddr %s counter drop
              }
            }
            """.formatted(local, VIP6, VIP6, n, VIP6, n, VIP6, VIP6);
    }

    /**
     * The IPv6 lab with the same reference ruleset for IPv6 (plus: neighbour discovery addressed to
     * the VIP passes on every node; conntrack leaves it untracked, mark 0, which the last rule would
     * drop, and a node would never learn the MAC of a client it answers), the client and the router given a
     * static neighbour entry with the cluster MAC (docs/developer/ipv6-nd.md's fallback, so that
     * nothing of clonevip is involved): direct and routed flows answered by exactly one node each.
     */
    @Test
    void referenceRulesetAnswersEveryIpv6FlowOnceDirectAndRouted() throws Exception {
        try (NetLab lab = NetLab.startIpv6(3); Responders r = new Responders()) {
            InetAddress vip = InetAddress.getByName(VIP6);
            for (int i = 1; i <= 3; i++) {
                String ns = lab.node(i);
                Cmd.ok("ip", "-n", ns, "-6", "addr", "add", VIP6 + "/64", "dev", "eth0", "nodad");
                Cmd.ok("ip", "-n", ns, "maddr", "add", MAC6, "dev", "eth0");
                java.nio.file.Path f = java.nio.file.Files.createTempFile("cvsmoke6", ".nft");
                java.nio.file.Files.writeString(f, ruleset6(3, String.valueOf(i)));
                Cmd.ok("ip", "netns", "exec", ns, "nft", "-f", f.toString());
                java.nio.file.Files.delete(f);
                r.start(ns, "n" + i, vip, 3306);
            }
            for (String ns : List.of(lab.client(), lab.router())) {
                Cmd.ok("ip", "-n", ns, "-6", "neigh", "replace", VIP6, "lladdr", MAC6, "dev", "eth0", "nud", "permanent");
            }
            List<Integer> ports = IntStream.range(0, 60).map(i -> 20000 + 37 * i).boxed().toList();
            for (String ns : List.of(lab.client(), lab.remote())) {
                TrafficClient c = new TrafficClient(ns, lab.addressOf(ns), vip, 3306, 2000);
                List<Flow> first = c.tcp(List.of(19000, 19001, 19002, 19003));
                assertTrue(first.stream().allMatch(Flow::answered), ns + ": precheck: " + first);
                List<Flow> flows = new ArrayList<>(c.tcp(ports));
                flows.addAll(c.udp(ports));
                for (Flow f : flows) {
                    assertTrue(f.answered(), ns + ": " + f);
                    assertEquals(List.of(f.answeredBy()), r.servedBy(f.proto(), lab.addressOf(ns), f.sourcePort()), ns + ": " + f);
                }
                Map<String, Long> perNode = flows.stream().collect(Collectors.groupingBy(Flow::answeredBy, Collectors.counting()));
                assertEquals(3, perNode.size(), ns + ": " + perNode);
            }
            assertTrue(r.duplicates().isEmpty(), r.duplicates().toString());
        }
    }
}
