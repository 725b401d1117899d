package io.clonevip.netctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.cluster.hash.BucketPredictor;
import io.clonevip.lab.net.Flow;
import io.clonevip.lab.net.NetLab;
import io.clonevip.lab.net.TrafficClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * netctl for an IPv6 VIP ({@link NetctlLabTest}'s counterpart): the IPv6 {@link NetLab} (three
 * nodes joined agent-style to {@code 2001:db8:1::100}, node i holding buckets i and i+3 of 6, a
 * client on the bridge and one routed behind a router). {@code status}, {@code which},
 * {@code buckets} and {@code watch}, text and JSON, print the VIP in its short form and agree with
 * the node that really answered; bad requests are usage errors and change nothing. Each test
 * leaves the buckets as it found them.
 */
class NetctlIpv6LabTest extends NetctlLabCase {
    static final String VIP = "2001:db8:1::100";

    NetctlIpv6LabTest() {
        super(VIP);
    }

    @Test
    @Order(1)
    void statusOfAnIpv6Vip() {
        for (int i = 1; i <= 3; i++) {
            assertAsSetUp(i, "33:33:00:00:01:00");
        }
        Cli all = on(2, "status");
        assertEquals(0, all.exit(), all.toString());
        assertTrue(all.out().startsWith("VIP              NIC             MODE               HASH\n"
                + "2001:db8:1::100  eth0            clone N=6          sourceip-sourceport\n"
                + "  seed " + StatusView.seedHex(spec.seed()) + "  mac 33:33:00:00:01:00  address yes  multicast joined\n"
                + "  local 2,5 (2 of 6)\n"), all.out());
        assertTrue(all.out().contains("problems: none"), all.out());
        // any text form of the VIP names it
        assertEquals(0, on(2, "status", "2001:0DB8:1:0:0:0:0:100").exit());
        Cli unknown = on(1, "status", "2001:db8:1::101");
        assertEquals(ExitCodes.NOT_FOUND, unknown.exit(), unknown.toString());
        assertTrue(unknown.err().contains("no cluster IP configured for 2001:db8:1::101"), unknown.toString());
    }

    /** For every flow, direct and routed, exactly one node's {@code which} says it serves it, and that node answered. */
    @Test
    @Order(2)
    void whichAgreesWithTheAnsweringNode() throws Exception {
        int checked = 0;
        for (String ns : List.of(lab.client(), lab.remote())) {
            List<Flow> flows = new ArrayList<>(client(ns).tcp(ports(20000, 30)));
            flows.addAll(client(ns).udp(ports(30000, 30)));
            String c = lab.address(ns);
            for (Flow f : flows) {
                assertTrue(f.answered(), ns + ": " + f);
                String proto = f.proto() == Flow.Proto.TCP ? "tcp" : "udp";
                List<String> serving = new ArrayList<>();
                long bucket = -1;
                for (int i = 1; i <= 3; i++) {
                    Cli r = on(i, "which", VIP, "[" + c + "]:" + f.sourcePort(), "--proto", proto, "--json");
                    assertEquals(0, r.exit(), r.toString());
                    Map<String, Object> j = JsonText.object(r.out());
                    assertEquals(VIP, j.get("vip"));
                    assertEquals(c, j.get("client"));
                    if (bucket >= 0) assertEquals(bucket, j.get("bucket"), "same bucket on every node");
                    bucket = (Long) j.get("bucket");
                    if (Boolean.TRUE.equals(j.get("served_here"))) serving.add("n" + i);
                }
                assertEquals(List.of(f.answeredBy()), serving, ns + ": " + f + " bucket " + bucket);
                checked++;
            }
        }
        assertEquals(120, checked);
        String c = lab.address(lab.client());
        Cli text = on(1, "which", VIP, "[" + c + "]:20000");
        assertTrue(text.out().matches("(?s)tcp \\[2001:db8:1::50\\]:20000 -> 2001:db8:1::100: bucket [1-6] of 6 .*"), text.out());
        int b = BucketPredictor.of(spec).bucket(lab.clientAddress(), BucketPredictor.IPPROTO_ICMPV6, 0, 0);
        Cli icmp = on(1, "which", VIP, c, "--proto", "icmp");
        assertTrue(icmp.out().startsWith("icmp 2001:db8:1::50 -> 2001:db8:1::100: bucket " + b + " of 6"), icmp.out());
        assertTrue(icmp.out().contains("this node " + (b == 1 || b == 4 ? "serves" : "does not serve") + " bucket " + b), icmp.out());
    }

    /** Moving a bucket with netctl moves exactly its flows, direct and routed. */
    @Test
    @Order(3)
    void bucketMovesAreVisibleToTraffic() throws Exception {
        assertBucket1MoveFollowedByTraffic(
                out -> assertEquals("2001:db8:1::100: local buckets 1-2,5 (3 of 6)\n  map [##..#.]\n  added 1\n", out),
                List.of(lab.client(), lab.remote()), 60);
    }

    @Test
    @Order(4)
    void badRequestsChangeNothing() {
        String before = unchanging(on(1, "status", "--json").out());
        String[][] bad = {{"buckets", "add", VIP, "7"}, {"buckets", "del", VIP, "2,x"}, {"buckets", "add", "2001:db8:1::101", "2"},
                {"buckets", "add", "fe80::100", "2"}, {"buckets", "set", "2001:db8:1::100%eth0", "1"},
                {"buckets", "undrain", "ff02::1", "1"}, {"which", "fe80::100", "[2001:db8:1::50]:1"},
                {"which", VIP, "[fe80::50]:1"}, {"which", VIP, "198.51.100.50:1"}, {"which", "2001:db8:1::101", "[2001:db8:1::50]:1"},
                {"status", "fe80::100"}, {"watch", "::ffff:198.51.100.100", "--count", "1"}};
        int[] codes = {2, 2, 3, 2, 2, 2, 2, 2, 2, 3, 2, 2};
        for (int k = 0; k < bad.length; k++) {
            Cli r = on(1, bad[k]);
            assertEquals(codes[k], r.exit(), String.join(" ", bad[k]) + ": " + r);
            assertTrue(r.out().isEmpty() && r.err().startsWith("netctl: ") && !r.err().contains("\tat "), r.toString());
        }
        assertEquals("netctl: bucket 7 is outside 1..6: 2001:db8:1::100 has N=6 buckets; nothing changed\n",
                on(1, "buckets", "add", VIP, "7").err());
        assertTrue(on(1, "buckets", "add", "2001:db8:1::101", "2").err().contains("2001:db8:1::101"));
        assertTrue(on(1, "which", "fe80::100", "[2001:db8:1::50]:1").err().startsWith("netctl: VIP 'fe80::100' is a link-local address"));
        assertEquals(before, unchanging(on(1, "status", "--json").out()));
    }

    @Test
    @Order(5)
    @SuppressWarnings("unchecked")
    void watchShowsRatesWhileTrafficFlows() throws Exception {
        assertWatchCountsTraffic(client(lab.remote()));
        Cli plain = on(1, "watch", "--count", "2", "--interval", "100ms");
        assertEquals(0, plain.exit(), plain.toString());
        assertTrue(plain.out().contains("2001:db8:1::100  eth0  N=6  sourceip-sourceport  local 1,4"), plain.out());
        Cli status = on(1, "status");
        assertEquals(0, status.exit(), status.toString());
        System.out.println("# netctl status (node 1, after the traffic)\n" + status.out() + "# netctl watch\n" + plain.out()); // docs/reference/netctl.md's IPv6 example
    }

    /** A damaged node: status names the missing address and neighbour advertisement chain; the agent's next join repairs it. */
    @Test
    @Order(6)
    @SuppressWarnings("unchecked")
    void statusReportsProblems() throws Exception {
        String ns = lab.node(3);
        String table = io.clonevip.cluster.ClusterRuleset.tableName(joined.vip());
        assertTrue(lab.exec(ns, "nft", "delete", "chain", "inet", table, "cv_na").ok());
        assertTrue(lab.exec(ns, "ip", "-6", "addr", "del", VIP + "/64", "dev", "eth0").ok());
        try {
            List<Object> problems = node3Problems("    - chain cv_na missing");
            assertTrue(problems.stream().anyMatch(p -> p.toString().startsWith("chain cv_na missing")), problems.toString());
        } finally {
            joined.join(3, 3);
        }
        assertNode3Repaired();
    }

    /**
     * A planned move of bucket 1 (n2 joins it guarded, n1 drains it) with three TCP connections of
     * the bucket held from the client: n1's {@code status} and {@code which} count them over
     * sock_diag's AF_INET6 dump, n2's shows the guard, {@code buckets undrain} closes them.
     */
    @Test
    @Order(7)
    @SuppressWarnings("unchecked")
    void aDrainCountsTheIpv6ConnectionsItHolds() throws Exception {
        BucketPredictor p = BucketPredictor.of(spec);
        TrafficClient c = client(lab.client());
        List<TrafficClient.Held> held = new ArrayList<>();
        try {
            for (int sp = 45000; held.size() < 3 && sp < 46000; sp++) {
                if (p.bucket(lab.clientAddress(), BucketPredictor.IPPROTO_TCP, sp, PORT) == 1) held.add(c.hold(sp));
            }
            assertEquals(3, held.size());
            joined.join(2, 1, 60_000);
            joined.drain(1, 1, 60_000);
            for (TrafficClient.Held h : held) assertEquals("n1", h.ping(), "the draining node still answers its connections");
            Map<String, Object> s1 = status(1);
            List<Object> draining = (List<Object>) s1.get("draining");
            assertEquals(1, draining.size(), s1.toString());
            assertEquals(1L, ((Map<String, Object>) draining.get(0)).get("bucket"));
            assertEquals(3L, ((Map<String, Object>) draining.get(0)).get("connections"), s1.toString());
            assertEquals("draining", ((Map<String, Object>) ((List<Object>) s1.get("counters")).get(0)).get("state"));
            Cli text = on(1, "status", VIP);
            assertTrue(text.out().matches("(?s).*\n  draining 1 \\(\\d+ s left, 3 connections, \\d+ packets\\)\n.*"), text.out());
            Cli which = on(1, "which", VIP, "[" + lab.address(lab.client()) + "]:" + held.get(0).sourcePort());
            assertTrue(which.out().contains("this node drains bucket 1: it answers only the bucket's established connections (")
                    && which.out().contains(", 3 connections, "), which.out());
            List<Object> guarded = (List<Object>) status(2).get("guarded");
            assertEquals(1L, ((Map<String, Object>) guarded.get(0)).get("bucket"), guarded.toString());
            Cli undrain = on(1, "buckets", "undrain", VIP, "1");
            assertEquals(0, undrain.exit(), undrain.toString());
            assertTrue(undrain.out().startsWith("2001:db8:1::100: local buckets 4 (1 of 6)\n  ended: draining 1 ("), undrain.out());
            assertTrue(undrain.out().contains("\n  closed 3 TCP connections of bucket 1\n"), undrain.out());
            assertEquals(0, on(2, "buckets", "unguard", VIP, "1").exit());
        } finally {
            for (TrafficClient.Held h : held) h.close();
            assertEquals(0, on(1, "buckets", "set", VIP, "1,4").exit());
            assertEquals(0, on(2, "buckets", "set", VIP, "2,5").exit());
        }
        assertEquals(List.of(1L, 4L), status(1).get("local_buckets"));
        assertEquals(List.of(), status(1).get("draining"));
        assertEquals(List.of(2L, 5L), status(2).get("local_buckets"));
        assertEquals(List.of(), status(2).get("guarded"));
    }
}
