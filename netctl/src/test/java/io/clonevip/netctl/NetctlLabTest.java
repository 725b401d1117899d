package io.clonevip.netctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.cluster.ClusterIpNode;
import io.clonevip.lab.net.Flow;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * netctl against a real namespace lab: three nodes set up the way the agent does (one
 * {@link ClusterIpNode#join} per clone instance, node i holding buckets i and i+3 of 6), a
 * client, TCP/UDP responders. Each test leaves the buckets as it found them.
 */
class NetctlLabTest extends NetctlLabCase {
    static final String VIP = "198.51.100.100";

    NetctlLabTest() {
        super(VIP);
    }

    @Test
    @Order(1)
    @SuppressWarnings("unchecked")
    void statusAfterAgentStyleSetup() {
        for (int i = 1; i <= 3; i++) {
            Map<String, Object> s = assertAsSetUp(i, spec.clusterMac().toString());
            List<Object> counters = (List<Object>) s.get("counters");
            assertEquals(N, counters.size());
            Map<String, Object> own = (Map<String, Object>) counters.get(i - 1);
            assertEquals(true, own.get("local"));
            assertTrue(own.get("packets") instanceof Long, own.toString());
            Map<String, Object> other = (Map<String, Object>) counters.get(i % 3);
            assertEquals(false, other.get("local"));
            assertEquals(null, other.get("packets"));
        }
        Cli all = on(2, "status");
        assertEquals(0, all.exit(), all.toString());
        assertTrue(all.out().contains("198.51.100.100   eth0            clone N=6"), all.out());
        assertTrue(all.out().contains("local 2,5 (2 of 6)"), all.out());
        assertTrue(all.out().contains("map   [.#..#.]"), all.out());
        assertTrue(all.out().contains("problems: none"), all.out());
        Cli unknown = on(1, "status", "198.51.100.101");
        assertEquals(ExitCodes.NOT_FOUND, unknown.exit(), unknown.toString());
        assertTrue(unknown.err().contains("no cluster IP configured for 198.51.100.101"), unknown.toString());
        Cli none = Cli.run("--netns", lab.client(), "status");
        assertEquals(0, none.exit(), none.toString());
        assertEquals("no cluster IP configured on this node\n", none.out());
        assertEquals("{\"cluster_ips\":[],\"desired\":[]}\n", Cli.run("--netns", lab.client(), "status", "--json").out());
    }

    /** For every flow exactly one node's {@code which} says it serves it, and that node answered. */
    @Test
    @Order(2)
    void whichAgreesWithTheAnsweringNode() throws Exception {
        List<Flow> flows = new ArrayList<>(client(lab.client()).tcp(ports(20000, 70)));
        flows.addAll(client(lab.client()).udp(ports(30000, 70)));
        String c = lab.address(lab.client());
        for (Flow f : flows) {
            assertTrue(f.answered(), f.toString());
            String proto = f.proto() == Flow.Proto.TCP ? "tcp" : "udp";
            List<String> serving = new ArrayList<>();
            long bucket = -1;
            for (int i = 1; i <= 3; i++) {
                Cli r = on(i, "which", VIP, c + ":" + f.sourcePort(), "--proto", proto, "--json");
                assertEquals(0, r.exit(), r.toString());
                Map<String, Object> j = JsonText.object(r.out());
                if (bucket >= 0) assertEquals(bucket, j.get("bucket"), "same bucket on every node");
                bucket = (Long) j.get("bucket");
                if (Boolean.TRUE.equals(j.get("served_here"))) serving.add("n" + i);
            }
            assertEquals(List.of(f.answeredBy()), serving, f + " bucket " + bucket);
        }
        Cli text = on(1, "which", VIP, c + ":20000");
        assertTrue(text.out().matches("(?s)tcp " + c.replace(".", "\\.") + ":20000 -> 198\\.51\\.100\\.100: bucket [1-6] of 6 .*"), text.out());
    }

    /** Moving a bucket with netctl moves exactly its flows; bad requests change nothing. */
    @Test
    @Order(3)
    void bucketMovesAreVisibleToTraffic() throws Exception {
        assertBucket1MoveFollowedByTraffic(
                out -> assertTrue(out.contains("local buckets 1-2,5 (3 of 6)") && out.contains("added 1"), out),
                List.of(lab.client()), 90);
    }

    @Test
    @Order(4)
    void badRequestsChangeNothing() {
        String before = on(1, "status", "--json").out();
        String[][] bad = {{"buckets", "add", VIP, "0"}, {"buckets", "add", VIP, "7"}, {"buckets", "set", VIP, "1-7"},
                {"buckets", "del", VIP, "2,x"}, {"buckets", "add", "198.51.100.101", "2"}, {"buckets", "set", VIP, "4-1"},
                {"buckets", "add", "198.51.100.1000", "2"}};
        int[] codes = {2, 2, 2, 2, 3, 2, 2};
        for (int k = 0; k < bad.length; k++) {
            Cli r = on(1, bad[k]);
            assertEquals(codes[k], r.exit(), String.join(" ", bad[k]) + ": " + r);
            assertTrue(r.out().isEmpty() && !r.err().contains("\tat "), r.toString());
        }
        Cli out = on(1, "buckets", "add", VIP, "7");
        assertEquals("netctl: bucket 7 is outside 1..6: 198.51.100.100 has N=6 buckets; nothing changed\n", out.err());
        Cli which = on(1, "which", "198.51.100.101", "198.51.100.50:1");
        assertEquals(ExitCodes.NOT_FOUND, which.exit(), which.toString());
        assertEquals(unchanging(before), unchanging(on(1, "status", "--json").out()));
    }

    @Test
    @Order(5)
    @SuppressWarnings("unchecked")
    void watchShowsRatesWhileTrafficFlows() throws Exception {
        assertWatchCountsTraffic(client(lab.client()));
        Cli ansi = on(1, "watch", "--count", "2", "--interval", "100ms", "--ansi");
        assertEquals(0, ansi.exit(), ansi.toString());
        assertTrue(ansi.out().startsWith("\033[?25l\033[2J\033[H"), "hides the cursor, clears: " + ansi.out());
        assertTrue(ansi.out().endsWith("\033[?25h"), "cursor restored at the end");
        assertEquals(2, ansi.out().split("\033\\[H", -1).length - 1, "two frames redrawn in place");
        Cli plain = on(1, "watch", "--count", "2", "--interval", "100ms");
        assertTrue(!plain.out().contains("\033"), "no escapes when not a terminal");
        assertEquals(2, plain.out().split("netctl watch ", -1).length - 1, plain.out());
        assertTrue(plain.out().contains("198.51.100.100  eth0  N=6  sourceip-sourceport  local 1,4"), plain.out());
    }

    /** Without CAP_NET_ADMIN every kernel command ends with exit 4 and a clear message; nothing changes. */
    @Test
    @Order(6)
    void withoutCapNetAdminExit4() throws Exception {
        List<String> setpriv = List.of("setpriv", "--bounding-set=-net_admin", "--inh-caps=-net_admin");
        String before = on(3, "status", "--json").out();
        Cli add = Cli.child(setpriv, "--netns", lab.node(3), "buckets", "add", VIP, "1");
        assertEquals(ExitCodes.PERMISSION, add.exit(), add.toString());
        assertTrue(add.err().startsWith("netctl: permission denied: netctl needs root (CAP_NET_ADMIN)"), add.toString());
        assertTrue(add.err().contains("nothing was changed") && !add.err().contains("\tat "), add.toString());
        Cli st = Cli.child(setpriv, "--netns", lab.node(3), "status");
        assertEquals(ExitCodes.PERMISSION, st.exit(), st.toString());
        Cli ns = Cli.child(List.of("setpriv", "--bounding-set=-sys_admin,-net_admin", "--inh-caps=-sys_admin,-net_admin"),
                "--netns", lab.node(3), "buckets", "del", VIP, "3");
        assertEquals(ExitCodes.PERMISSION, ns.exit(), ns.toString());
        assertTrue(ns.err().contains("CAP_SYS_ADMIN for --netns"), ns.toString());
        assertEquals(unchanging(before), unchanging(on(3, "status", "--json").out()));
        Cli offline = Cli.child(setpriv, "which", VIP, "198.51.100.50:1", "--buckets", "6");
        assertEquals(0, offline.exit(), "which --buckets needs no privilege: " + offline);
    }

    /** A damaged node: status names every problem (text and JSON); the agent's next join repairs it. */
    @Test
    @Order(7)
    @SuppressWarnings("unchecked")
    void statusReportsProblems() throws Exception {
        String ns = lab.node(3);
        String table = io.clonevip.cluster.ClusterRuleset.tableName(InetAddress.getByName(VIP));
        assertTrue(lab.exec(ns, "nft", "delete", "table", "arp", table).ok());
        assertTrue(lab.exec(ns, "ip", "addr", "del", VIP + "/24", "dev", "eth0").ok());
        try {
            List<Object> problems = node3Problems("    - arp table missing");
            assertTrue(problems.contains("arp table missing (ARP replies would carry the NIC's own MAC)"), problems.toString());
        } finally {
            joined.join(3, 3);
        }
        assertNode3Repaired();
    }
}
