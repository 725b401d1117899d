package io.clonevip.agent.ipaddr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.pacemaker.LabView;
import io.clonevip.cluster.ClusterRuleset;
import io.clonevip.cluster.ClusterState;
import io.clonevip.cluster.NodeIn;
import io.clonevip.cluster.VipConnections;
import io.clonevip.cluster.hash.BucketPredictor;
import io.clonevip.nativ.NetNs;
import io.clonevip.testkit.net.TcpEcho;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import io.clonevip.testkit.pacemaker.PacemakerLab;
import io.clonevip.pacemaker.AttributeTool;
import io.clonevip.pacemaker.NodeAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The seed blog's cl_cluster_vip with the installed IPaddr3 in a real 3-node Pacemaker cluster
 * (lab/pacemaker/pcmk-lab.sh): every node serves one bucket and publishes
 * {@code p_cluster_vip_clone_count=1}; writable_monit=0 on two nodes moves all buckets to the
 * third (count 3, the others 0); writable again, the {@code -1: p_cluster_vip_clone_count gt 1}
 * rule spreads them back, which the blog's IPaddr3 was written for. Then (issue #17) an IPv6 and
 * an IPv4 clone VIP of the same cluster run together, each answered by its buckets' owners, a
 * bucket of the IPv6 VIP moves, and both stop leaving nothing. One lab (with its client
 * namespace) and one install serve all tests; each removes or stops its resources before the
 * next starts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IPaddr3PacemakerIT {
    private static final Duration MOVE = Duration.ofSeconds(60);

    private InstalledAgents installed;
    private PacemakerLab lab;

    @BeforeAll
    void up() throws Exception {
        installed = InstalledAgents.of("ip3pm");
        lab = PacemakerLab.start(3, true);
    }

    @AfterAll
    void down() throws Exception {
        try (InstalledAgents i = installed; PacemakerLab l = lab) {
            // both closed, the lab first
        }
    }

    /**
     * Primitives whose parameters do not validate (issue #13): start is refused (6), and the stop
     * Pacemaker then runs succeeds, so they end Stopped, not FAILED (blocked) as with a stop that
     * also returned 6 (with fencing on, the node would have been fenced over a typo).
     */
    @Test
    @Order(1)
    void primitivesWhoseParametersDoNotValidateEndStoppedNotBlocked() throws Exception {
        installed.load(lab, """
                primitive p_bad_ip ocf:%1$s:IPaddr3 params ip="999.1.1.1" nic="eth0" op monitor interval="10s"
                primitive p_bad_mask ocf:%1$s:IPaddr3 params ip="198.51.100.101" nic="eth0" cidr_netmask="33" \\
                    op monitor interval="10s"
                clone cl_bad_mask p_bad_mask meta clone-max="2" clone-node-max="2" globally-unique="true"
                """);
        List<String> ids = List.of("p_bad_ip", "p_bad_mask:0", "p_bad_mask:1");
        lab.waitFor("start refused (6), then stopped (0), for " + ids, MOVE, () -> {
            String xml = lab.execOk(1, "crm_mon", "-1", "--inactive", "--output-as=xml");
            return ids.stream().allMatch(id -> ran(xml, id, "start", 6) && ran(xml, id, "stop", 0));
        });
        String xml = lab.execOk(1, "crm_mon", "-1", "--inactive", "--output-as=xml");
        assertFalse(xml.contains("blocked=\"true\""), xml);
        for (String id : ids) {
            assertTrue(Pattern.compile("<resource id=\"" + Pattern.quote(id) + "\"[^>]*role=\"Stopped\"[^>]*failed=\"false\"")
                    .matcher(xml).find(), id + ": " + xml);
        }
        for (int n = 1; n <= 3; n++) {
            assertFalse(lab.execOk(n, "nft", "list", "ruleset").contains("clonevip"), "node" + n);
            assertFalse(lab.execOk(n, "ip", "-o", "addr", "show").contains("198.51.100.101/"), "node" + n);
        }
        lab.execOk(1, "cibadmin", "-D", "-o", "resources", "-X", "<clone id=\"cl_bad_mask\"/>");
        lab.execOk(1, "cibadmin", "-D", "-o", "resources", "-X", "<primitive id=\"p_bad_ip\"/>");
        lab.settle(1);
    }

    /** Whether the history of resource {@code id} on some node shows {@code task} ending with {@code rc}. */
    private static boolean ran(String crmMonXml, String id, String task, int rc) {
        Matcher history = Pattern.compile("<resource_history id=\"" + Pattern.quote(id) + "\".*?</resource_history>",
                Pattern.DOTALL).matcher(crmMonXml);
        Pattern op = Pattern.compile("task=\"" + task + "\"[^>]*rc=\"" + rc + "\"");
        while (history.find()) {
            if (op.matcher(history.group()).find()) {
                return true;
            }
        }
        return false;
    }

    @Test
    @Order(2)
    void cloneCountAttributeSpreadsTheBucketsAgainAfterRecovery() throws Exception {
        for (int n = 1; n <= 3; n++) {
            attrs(lab, n).set("writable_monit", "1");
        }
        installed.load(lab, """
                primitive p_cluster_vip ocf:%s:IPaddr3 \\
                    params ip="198.51.100.100" nic="eth0" \\
                    meta resource-stickiness="0" \\
                    op monitor interval="10s"
                clone cl_cluster_vip p_cluster_vip \\
                    meta clone-max="3" clone-node-max="3" globally-unique="true"
                location loc-distrib-cluster-vip cl_cluster_vip \\
                    rule $id="loc-distrib-cluster-vip-rule" -1: p_cluster_vip_clone_count gt 1
                location loc-enable-cluster-vip cl_cluster_vip \\
                    rule $id="loc-enable-cluster-vip-rule" 2: writable_monit eq 1
                location loc-no-cluster-vip cl_cluster_vip \\
                    rule $id="loc-no-cluster-vip-rule" -inf: not_defined writable_monit or writable_monit eq 0
                """);

        Map<String, String> one = Map.of("node1", "1", "node2", "1", "node3", "1");
        lab.waitFor("one bucket per node, counts 1", MOVE, () -> counts(lab).equals(one)
                && placement(lab).equals(Map.of("node1", 1, "node2", 1, "node3", 1)));
        TreeSet<String> all = new TreeSet<>();
        for (int n = 1; n <= 3; n++) {
            String local = localBuckets(lab, n);
            assertEquals(1, local.split(",").length, "node" + n + ": " + local);
            all.add(local);
        }
        assertEquals(3, all.size(), "three different buckets: " + all);

        attrs(lab, 1).set("writable_monit", "0");
        attrs(lab, 2).set("writable_monit", "0");
        lab.waitFor("all buckets on node3, counts 0/0/3", MOVE, () -> placement(lab).equals(Map.of("node3", 3))
                && counts(lab).equals(Map.of("node1", "0", "node2", "0", "node3", "3")));
        assertEquals("0x00000001,0x00000002,0x00000003", localBuckets(lab, 3));
        assertFalse(lab.execOk(1, "nft", "list", "ruleset").contains("clonevip"), "nothing left on node1");

        attrs(lab, 1).set("writable_monit", "1");
        attrs(lab, 2).set("writable_monit", "1");
        lab.waitFor("buckets spread again, counts 1", MOVE, () -> counts(lab).equals(one)
                && placement(lab).equals(Map.of("node1", 1, "node2", 1, "node3", 1)));
        lab.settle(1);
        assertEquals(one, counts(lab));
        lab.execOk(1, "crm", "resource", "stop", "cl_cluster_vip");
        lab.waitFor("stopped, counts 0", MOVE, () -> placement(lab).isEmpty()
                && counts(lab).equals(Map.of("node1", "0", "node2", "0", "node3", "0")));
        for (int n = 1; n <= 3; n++) {
            assertFalse(lab.execOk(n, "nft", "list", "ruleset").contains("clonevip"), "node" + n);
            assertFalse(lab.execOk(n, "ip", "-o", "addr", "show").contains("198.51.100.100/"), "node" + n);
        }
    }

    private static final int PORT = 3306;
    private static final InetAddress VIP4 = InetAddress.ofLiteral("198.51.100.102");
    private static final InetAddress VIP6 = InetAddress.ofLiteral("2001:db8::100");
    private static final InetAddress CLIENT4 = InetAddress.ofLiteral("198.51.100.250");
    private static final InetAddress CLIENT6 = InetAddress.ofLiteral("2001:db8::250");

    /**
     * Dual stack (issue #17): cl_vip4 (198.51.100.102) and cl_vip6 (2001:db8::100/64) of three
     * buckets each, started together; a database-like echo server listens on [::]:3306 on every
     * node and the lab's client (also 2001:db8::250) connects to both VIPs from many ports: each
     * connection is answered by exactly one node, the one whose ruleset holds the client's bucket.
     * node1 banned from cl_vip6: its bucket moves (drain_limit 0: its connections are cut at once,
     * the others go on), new connections of that bucket reach the new owner. Stopped by Pacemaker:
     * no table, address or cluster MAC membership of ours on any node, counts 0.
     */
    @Test
    @Order(3)
    void anIpv6AndAnIpv4CloneVipAreServedTogetherByTheirBucketsOwners() throws Exception {
        assertTrue(lab.client("ip", "addr", "add", CLIENT6.getHostAddress() + "/64", "dev", "eth0", "nodad").ok());
        List<TcpEcho> servers = new ArrayList<>();
        Map<SocketChannel, Integer> conns = new LinkedHashMap<>();
        try {
            for (int n = 1; n <= 3; n++) {
                servers.add(TcpEcho.serve(NetNs.call(lab.nodeNamespace(n),
                        () -> TcpEcho.listen(new InetSocketAddress(InetAddress.ofLiteral("::"), PORT), true))));
            }
            pcsLinesVerify();
            installed.load(lab, """
                    primitive p_vip4 ocf:%1$s:IPaddr3 params ip="198.51.100.102" nic="eth0" cidr_netmask="24" \\
                        drain_limit="0" meta resource-stickiness="0" op monitor interval="10s"
                    primitive p_vip6 ocf:%1$s:IPaddr3 params ip="2001:db8::100" nic="eth0" cidr_netmask="64" \\
                        drain_limit="0" meta resource-stickiness="0" op monitor interval="10s"
                    clone cl_vip4 p_vip4 meta clone-max="3" clone-node-max="3" globally-unique="true"
                    clone cl_vip6 p_vip6 meta clone-max="3" clone-node-max="3" globally-unique="true"
                    """);
            Map<String, Integer> spread = Map.of("node1", 1, "node2", 1, "node3", 1);
            lab.waitFor("one bucket of each VIP per node", MOVE,
                    () -> placement(lab, "p_vip4").equals(spread) && placement(lab, "p_vip6").equals(spread));
            lab.settle(1);
            connect(conns, CLIENT4, VIP4, 45000);
            connect(conns, CLIENT6, VIP6, 45000);
            assertOnTheOwners(conns);

            lab.execOk(1, "crm", "configure", "location", "loc-vip6-not-node1", "cl_vip6", "-inf:", "node1");
            lab.waitFor("cl_vip6's bucket off node1", MOVE, () -> placement(lab, "p_vip6").getOrDefault("node1", 0) == 0
                    && placement(lab, "p_vip6").values().stream().mapToInt(Integer::intValue).sum() == 3);
            lab.settle(1);
            Map<Integer, Integer> now = owners(VIP6);
            assertFalse(now.containsValue(1), "node1 serves no IPv6 bucket: " + now);
            List<SocketChannel> cut = new ArrayList<>();
            for (Map.Entry<SocketChannel, Integer> e : conns.entrySet()) {
                if (vipOf(e.getKey()).equals(VIP6) && !now.get(e.getValue()).equals(ownerBefore.get(e.getKey()))) {
                    assertTrue(TcpEcho.cutWithin(e.getKey(), Duration.ofSeconds(3)), "moved bucket " + e.getValue() + " cut");
                    cut.add(e.getKey());
                }
            }
            assertFalse(cut.isEmpty(), "clients in node1's IPv6 bucket");
            cut.forEach(conns::remove);
            connect(conns, CLIENT6, VIP6, 46000);
            assertOnTheOwners(conns);

            lab.execOk(1, "crm", "resource", "stop", "cl_vip6");
            lab.execOk(1, "crm", "resource", "stop", "cl_vip4");
            lab.waitFor("both stopped, counts 0", MOVE, () -> placement(lab, "p_vip4").isEmpty() && placement(lab, "p_vip6").isEmpty()
                    && counts(lab, "p_vip4").equals(Map.of("node1", "0", "node2", "0", "node3", "0"))
                    && counts(lab, "p_vip6").equals(Map.of("node1", "0", "node2", "0", "node3", "0")));
            for (int n = 1; n <= 3; n++) {
                assertFalse(lab.execOk(n, "nft", "list", "ruleset").contains("clonevip"), "node" + n);
                String addrs = lab.execOk(n, "ip", "-o", "addr", "show");
                assertFalse(addrs.contains(" 198.51.100.102/") || addrs.contains(" 2001:db8::100/"), "node" + n + ": " + addrs);
                String maddr = lab.execOk(n, "ip", "maddr", "show", "dev", "eth0");
                assertFalse(maddr.contains("static"), "node" + n + " left a cluster MAC membership: " + maddr);
            }
        } finally {
            for (SocketChannel c : conns.keySet()) c.close();
            for (TcpEcho e : servers) e.close();
        }
    }

    /**
     * docs/user/ipaddr3.md's pcs lines for the dual-stack clones (the lab's addresses and provider),
     * run by pcs on a copy of the lab's CIB: crm_verify accepts the result, which has both clones.
     */
    private void pcsLinesVerify() throws Exception {
        java.nio.file.Path cib = installed.root().resolve("pcs.cib.xml");
        lab.execOk(1, "pcs", "cluster", "cib", cib.toString());
        String agent = "ocf:" + installed.provider() + ":IPaddr3";
        lab.execOk(1, "pcs", "-f", cib.toString(), "resource", "create", "p_vip4", agent, "ip=198.51.100.102", "nic=eth0",
                "cidr_netmask=24", "op", "monitor", "interval=10s", "meta", "resource-stickiness=0",
                "clone", "cl_vip4", "clone-max=3", "clone-node-max=3", "globally-unique=true");
        lab.execOk(1, "pcs", "-f", cib.toString(), "resource", "create", "p_vip6", agent, "ip=2001:db8::100", "nic=eth0",
                "cidr_netmask=64", "op", "monitor", "interval=10s", "meta", "resource-stickiness=0",
                "clone", "cl_vip6", "clone-max=3", "clone-node-max=3", "globally-unique=true");
        lab.execOk(1, "crm_verify", "-x", cib.toString());
        String xml = java.nio.file.Files.readString(cib);
        for (String v : List.of("4", "6")) {
            Matcher clone = Pattern.compile("<clone id=\"cl_vip" + v + "\">.*?</clone>", Pattern.DOTALL).matcher(xml);
            assertTrue(clone.find(), "cl_vip" + v + ": " + xml);
            for (String part : List.of("<primitive id=\"p_vip" + v + "\"", "name=\"clone-max\" value=\"3\"",
                    "name=\"clone-node-max\" value=\"3\"", "name=\"globally-unique\" value=\"true\"",
                    "name=\"resource-stickiness\" value=\"0\"")) {
                assertTrue(clone.group().contains(part), "cl_vip" + v + " has " + part + ": " + clone.group());
            }
        }
        assertTrue(xml.contains("value=\"2001:db8::100\""), xml);
    }

    /** The node each connection was on when last checked. */
    private final Map<SocketChannel, Integer> ownerBefore = new java.util.HashMap<>();

    /** {@code count} connections from {@code client} to {@code vip}, each with its bucket by the nodes' ruleset; all answered. */
    private void connect(Map<SocketChannel, Integer> conns, InetAddress client, InetAddress vip, int firstPort) throws Exception {
        BucketPredictor p = null;
        for (int n = 1; n <= 3 && p == null; n++) {
            ClusterState st = state(n, vip);
            if (st != null) p = BucketPredictor.of(st.spec());
        }
        for (int i = 0; i < 12; i++) {
            int sport = firstPort + 37 * i;
            SocketChannel ch = NetNs.call(lab.clientNamespace(), () -> TcpEcho.connect(client, sport, new InetSocketAddress(vip, PORT)));
            conns.put(ch, p.bucket(client, BucketPredictor.IPPROTO_TCP, sport, PORT));
            assertTrue(TcpEcho.echoes(ch), "[" + client.getHostAddress() + "]:" + sport + " -> " + vip.getHostAddress() + " answered");
        }
    }

    /** Every connection echoes and is on exactly one node's server, the owner of its bucket; each VIP's clients in 2 buckets at least. */
    private void assertOnTheOwners(Map<SocketChannel, Integer> conns) throws Exception {
        Map<InetAddress, Map<Integer, Integer>> owners = Map.of(VIP4, owners(VIP4), VIP6, owners(VIP6));
        Map<InetAddress, java.util.Set<Integer>> used = new java.util.HashMap<>();
        for (Map.Entry<SocketChannel, Integer> e : conns.entrySet()) {
            InetAddress vip = vipOf(e.getKey());
            Integer owner = owners.get(vip).get(e.getValue());
            assertTrue(TcpEcho.echoes(e.getKey()), vip.getHostAddress() + " bucket " + e.getValue() + " answered");
            assertEquals(List.of(owner), serversOf(e.getKey(), vip), vip.getHostAddress() + " bucket " + e.getValue()
                    + " is on its owner node" + owner + " only");
            ownerBefore.put(e.getKey(), owner);
            used.computeIfAbsent(vip, x -> new TreeSet<>()).add(e.getValue());
        }
        assertTrue(used.get(VIP4).size() >= 2 && used.get(VIP6).size() >= 2, "clients in several buckets of each VIP: " + used);
    }

    private static InetAddress vipOf(SocketChannel c) throws java.io.IOException {
        return ((InetSocketAddress) c.getRemoteAddress()).getAddress();
    }

    /** Which node serves each bucket of {@code vip}, by the nodes' own rulesets. */
    private Map<Integer, Integer> owners(InetAddress vip) throws Exception {
        Map<Integer, Integer> m = new java.util.TreeMap<>();
        for (int n = 1; n <= 3; n++) {
            ClusterState st = state(n, vip);
            if (st != null) for (int b : st.local()) m.put(b, n);
        }
        return m;
    }

    /** The nodes whose server holds the connection of client channel {@code c}. */
    private List<Integer> serversOf(SocketChannel c, InetAddress vip) throws Exception {
        int port = ((InetSocketAddress) c.getLocalAddress()).getPort();
        List<Integer> nodes = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            var all = NetNs.call(lab.nodeNamespace(n), () -> { try (VipConnections v = VipConnections.open()) { return v.list(vip); } });
            if (all.stream().anyMatch(x -> x.remotePort() == port)) nodes.add(n);
        }
        return nodes;
    }

    private ClusterState state(int n, InetAddress vip) throws Exception {
        return NodeIn.state(lab.nodeNamespace(n), vip);
    }

    private static NodeAttributes attrs(PacemakerLab lab, int n) {
        return NodeAttributes.using(AttributeTool.ATTRD_UPDATER, LabView.runnerIn(lab, n));
    }

    private static Map<String, Integer> placement(PacemakerLab lab) {
        return placement(lab, "p_cluster_vip");
    }

    private static Map<String, Integer> placement(PacemakerLab lab, String primitive) {
        return LabView.status(lab, 1).instancesPerNode(primitive);
    }

    private static Map<String, String> counts(PacemakerLab lab) {
        return counts(lab, "p_cluster_vip");
    }

    private static Map<String, String> counts(PacemakerLab lab, String primitive) {
        var st = LabView.status(lab, 1);
        Map<String, String> m = new java.util.TreeMap<>();
        for (int n = 1; n <= 3; n++) {
            Optional<String> v = st.attribute("node" + n, primitive + "_clone_count");
            String node = PacemakerLab.nodeName(n);
            v.ifPresent(x -> m.put(node, x));
        }
        return m;
    }

    private static String localBuckets(PacemakerLab lab, int n) {
        String set = lab.execOk(n, "nft", "list", "set", "inet", "clonevip_198_51_100_100", ClusterRuleset.SET_LOCAL);
        TreeSet<String> b = new TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("0x0000000[0-9a-f]").matcher(set);
        while (m.find()) {
            b.add(m.group());
        }
        return String.join(",", b);
    }
}
