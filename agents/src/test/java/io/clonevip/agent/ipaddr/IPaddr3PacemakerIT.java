package io.clonevip.agent.ipaddr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.pacemaker.LabView;
import io.clonevip.cluster.ClusterRuleset;
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
 * rule spreads them back, which the blog's IPaddr3 was written for. One lab and one install
 * serve both tests; the first removes its primitives before the second starts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IPaddr3PacemakerIT {
    private static final Duration MOVE = Duration.ofSeconds(60);
    private static final String COUNT = "p_cluster_vip_clone_count";

    private InstalledAgents installed;
    private PacemakerLab lab;

    @BeforeAll
    void up() throws Exception {
        installed = InstalledAgents.of("ip3pm");
        lab = PacemakerLab.start(3);
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

    private static NodeAttributes attrs(PacemakerLab lab, int n) {
        return NodeAttributes.using(AttributeTool.ATTRD_UPDATER, LabView.runnerIn(lab, n));
    }

    private static Map<String, Integer> placement(PacemakerLab lab) {
        return LabView.status(lab, 1).instancesPerNode("p_cluster_vip");
    }

    private static Map<String, String> counts(PacemakerLab lab) {
        var st = LabView.status(lab, 1);
        Map<String, String> m = new java.util.TreeMap<>();
        for (int n = 1; n <= 3; n++) {
            Optional<String> v = st.attribute("node" + n, COUNT);
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
