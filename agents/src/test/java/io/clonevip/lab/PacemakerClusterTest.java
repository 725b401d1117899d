package io.clonevip.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.pacemaker.AttributeTool;
import io.clonevip.pacemaker.NodeAttributes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A real 3-node Pacemaker cluster: attribute-driven moves, node crash, network partition,
 * and the seed blog's globally-unique clone with its three location rules (Dummy instead of
 * IPaddr3). Timings are printed as "TIMING ..." lines (surefire's -output.txt) and recorded
 * in docs/labs.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PacemakerClusterTest {

    private static final Duration UP_DEADLINE = Duration.ofSeconds(30);
    private static final Duration MOVE_DEADLINE = Duration.ofSeconds(30);
    private static final Duration RECOVERY_DEADLINE = Duration.ofSeconds(60);
    private static final String D1 = "d1";
    private static final String WRITABLE = "writable_monit";

    private PacemakerLab lab;

    @BeforeAll
    void startLab() {
        lab = PacemakerLab.start(3, true);
    }

    @AfterAll
    void stopLab() {
        if (lab != null) {
            lab.close();
        }
    }

    private NodeAttributes attributes(int n) {
        return NodeAttributes.using(AttributeTool.ATTRD_UPDATER, lab.runnerIn(n));
    }

    private static int number(String nodeName) {
        return Integer.parseInt(nodeName.substring(4));
    }

    private void settle(int viewer) {
        lab.execOk(viewer, "crm_resource", "--wait", "--timeout=60s");
    }

    private static void timing(String what, long ms) {
        System.out.printf("TIMING %s: %d ms%n", what, ms);
    }

    private static long since(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @Test
    @Order(1)
    void allNodesOnlineWithinDeadline() {
        timing("3-node lab up (namespaces, corosync, pacemakerd, 3 online + DC)", lab.upTime().toMillis());
        assertTrue(lab.upTime().compareTo(UP_DEADLINE) < 0, "up took " + lab.upTime());
        for (int n = 1; n <= 3; n++) {
            CrmMonStatus s = lab.status(n);
            assertEquals(3, s.online().size(), "node" + n + " sees " + s.online());
            assertTrue(s.dc().isPresent() && s.quorum(), "node" + n + ": DC " + s.dc() + ", quorum " + s.quorum());
        }
    }

    @Test
    @Order(2)
    void clientNamespaceReachesEveryNode() {
        for (int n = 1; n <= 3; n++) {
            var ping = lab.client("ping", "-c", "1", "-W", "2", PacemakerLab.nodeAddress(n));
            assertEquals(0, ping.exitCode(), ping.stdout() + ping.stderr());
        }
    }

    @Test
    @Order(3)
    void locationRuleOnNodeAttributeMovesResource() {
        lab.execOk(1, "crm_attribute", "-t", "rsc_defaults", "-n", "resource-stickiness", "-v", "100");
        for (int n = 1; n <= 3; n++) {
            attributes(n).set(WRITABLE, "1");
        }
        lab.execOk(1, "cibadmin", "-C", "-o", "resources", "-X", """
                <primitive id="d1" class="ocf" provider="pacemaker" type="Dummy"><operations>
                <op id="d1-monitor" name="monitor" interval="5s" timeout="20s"/></operations></primitive>""");
        lab.execOk(1, "cibadmin", "-C", "-o", "constraints", "-X", """
                <rsc_location id="loc-d1-writable" rsc="d1"><rule id="loc-d1-writable-rule" score="-INFINITY">
                <expression id="loc-d1-writable-expr" attribute="writable_monit" operation="eq" value="0"/>
                </rule></rsc_location>""");
        String where = lab.waitFor("d1 started", MOVE_DEADLINE, () -> lab.status(1).locate(D1));
        List<Long> times = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            String from = where;
            settle(1);
            long t0 = System.nanoTime();
            attributes(number(from)).set(WRITABLE, "0");
            where = lab.waitFor("d1 away from " + from, MOVE_DEADLINE,
                    () -> lab.status(1).locate(D1).filter(n -> !n.equals(from)));
            long ms = since(t0);
            times.add(ms);
            timing("attribute write -> d1 running elsewhere (" + from + " -> " + where + ")", ms);
            assertEquals(Optional.of("1"), lab.status(1).attribute(where, WRITABLE));
            attributes(number(from)).set(WRITABLE, "1");
        }
        assertEquals(3, times.size());
    }

    @Test
    @Order(4)
    void crashedNodesResourceIsRecoveredElsewhere() {
        String victim = lab.status(1).locate(D1).orElseThrow();
        int v = number(victim);
        int viewer = v % 3 + 1;
        settle(viewer);
        long t0 = System.nanoTime();
        lab.crash(v);
        long[] offlineAt = {-1};
        String rescuer = lab.waitFor("d1 recovered after crash of " + victim, RECOVERY_DEADLINE, () -> {
            CrmMonStatus s = lab.status(viewer);
            if (offlineAt[0] < 0 && !s.online().contains(victim)) {
                offlineAt[0] = since(t0);
            }
            return s.online().contains(victim) ? Optional.empty() : s.locate(D1);
        });
        long recovered = since(t0);
        timing("crash " + victim + " -> seen offline", offlineAt[0]);
        timing("crash " + victim + " -> d1 running on " + rescuer, recovered);
        assertNotEquals(victim, rescuer);
        // transient attributes of a node that left are removed from the CIB
        lab.waitFor(victim + "'s transient attributes cleared", RECOVERY_DEADLINE,
                () -> lab.status(viewer).attribute(victim, WRITABLE).isEmpty());

        long t1 = System.nanoTime();
        lab.boot(v);
        lab.waitOnline(v, 3, RECOVERY_DEADLINE);
        lab.waitOnline(viewer, 3, RECOVERY_DEADLINE);
        timing("boot " + victim + " -> 3 nodes online seen by it and by node" + viewer, since(t1));
        attributes(v).set(WRITABLE, "1");
        settle(viewer);
        assertEquals(Optional.of(rescuer), lab.status(viewer).locate(D1), "stickiness keeps d1 where it is");
    }

    @Test
    @Order(5)
    void quorateSideKeepsAndTakesResourcesDuringPartition() {
        String holder = lab.status(1).locate(D1).orElseThrow();
        int h = number(holder);
        int bystander = h % 3 + 1;
        int third = bystander % 3 + 1;
        settle(third);

        // a node without resources is cut off: the majority keeps d1 where it is
        long t0 = System.nanoTime();
        lab.partition(bystander);
        lab.waitFor("majority sees node" + bystander + " gone", RECOVERY_DEADLINE, () -> {
            CrmMonStatus s = lab.status(third);
            return s.quorum() && !s.online().contains("node" + bystander);
        });
        timing("partition node" + bystander + " -> majority sees it offline", since(t0));
        lab.waitFor("node" + bystander + " without quorum", RECOVERY_DEADLINE, () -> !lab.status(bystander).quorum());
        settle(third);
        assertEquals(List.of(holder), lab.status(third).runningOn(D1));
        long t1 = System.nanoTime();
        lab.heal(bystander);
        lab.waitOnline(bystander, 3, RECOVERY_DEADLINE);
        lab.waitOnline(third, 3, RECOVERY_DEADLINE);
        timing("heal node" + bystander + " -> 3 nodes online again", since(t1));
        settle(third);
        assertEquals(List.of(holder), lab.status(third).runningOn(D1));

        // the node running d1 is cut off: it loses quorum and stops d1, the majority takes d1
        long t2 = System.nanoTime();
        lab.partition(h);
        String taker = lab.waitFor("d1 taken over by the majority", RECOVERY_DEADLINE, () -> {
            CrmMonStatus s = lab.status(third);
            return s.quorum() && !s.online().contains(holder) ? s.locate(D1) : Optional.empty();
        });
        timing("partition " + holder + " -> d1 running on " + taker + " (majority)", since(t2));
        assertNotEquals(holder, taker);
        lab.waitFor(holder + " stops d1 without quorum", RECOVERY_DEADLINE, () -> {
            CrmMonStatus s = lab.status(h);
            return !s.quorum() && !s.runningOn(D1).contains(holder);
        });
        timing("partition " + holder + " -> it stopped d1 (no-quorum-policy=stop)", since(t2));
        long t3 = System.nanoTime();
        lab.heal(h);
        lab.waitOnline(h, 3, RECOVERY_DEADLINE);
        lab.waitOnline(third, 3, RECOVERY_DEADLINE);
        timing("heal " + holder + " -> 3 nodes online again", since(t3));
        settle(third);
        assertEquals(1, lab.status(third).runningOn(D1).size(), "d1 active exactly once after heal");
    }

    @Test
    @Order(6)
    void uniqueClonePlacementFollowsWritableAndCloneCount() throws IOException {
        // d1 out of the way: Pacemaker breaks score ties by the resources already on a node
        lab.execOk(1, "crm_resource", "-r", D1, "--meta", "-p", "target-role", "-v", "Stopped");
        settle(1);
        lab.execOk(1, "cibadmin", "-D", "-o", "constraints", "-X", "<rsc_location id=\"loc-d1-writable\"/>");
        lab.execOk(1, "cibadmin", "-D", "-o", "resources", "-X", "<primitive id=\"d1\"/>");
        for (int n = 1; n <= 3; n++) {
            attributes(n).set(WRITABLE, "1");
        }
        // the seed blog's cl_cluster_vip with ocf:pacemaker:Dummy instead of ocf:percona:IPaddr3
        crmConfigure("""
                primitive p_dummy_vip ocf:pacemaker:Dummy \\
                    meta resource-stickiness=0 \\
                    op monitor interval=10s
                clone cl_dummy_vip p_dummy_vip \\
                    meta clone-max=3 clone-node-max=3 globally-unique=true
                location loc-distrib-dummy-vip cl_dummy_vip \\
                    rule $id=loc-distrib-dummy-vip-rule -1: p_dummy_vip_clone_count gt 1
                location loc-enable-dummy-vip cl_dummy_vip \\
                    rule $id=loc-enable-dummy-vip-rule 2: writable_monit eq 1
                location loc-no-dummy-vip cl_dummy_vip \\
                    rule $id=loc-no-dummy-vip-rule -inf: writable_monit eq 0
                """);
        Map<String, Integer> spread = Map.of("node1", 1, "node2", 1, "node3", 1);
        settle(1);
        assertEquals(spread, placement(), "initial placement");
        assertTrue(publishCloneCounts(), "first publication writes the counts");
        settle(1);
        assertEquals(spread, placement(), "counts of 1 change nothing");

        // writable_monit=0: the -inf rule empties node1 and node2
        long t0 = System.nanoTime();
        attributes(1).set(WRITABLE, "0");
        attributes(2).set(WRITABLE, "0");
        lab.waitFor("all instances on node3", MOVE_DEADLINE, () -> placement().equals(Map.of("node3", 3)));
        timing("writable_monit=0 on node1+node2 -> 3 instances on node3", since(t0));
        settle(1);
        publishCloneCounts();
        assertEquals(Optional.of("3"), lab.status(1).attribute("node3", "p_dummy_vip_clone_count"));
        // clone_count 3 > 1 costs node3 one point: 2 (writable) - 1 = 1
        assertEquals("1", cloneScores().get("node3"), "clone allocation scores " + cloneScores());

        // node1, node2 writable again while node3 still publishes 3: node3 is the worst node
        long t1 = System.nanoTime();
        attributes(1).set(WRITABLE, "1");
        attributes(2).set(WRITABLE, "1");
        lab.waitFor("instances leave node3", MOVE_DEADLINE, () -> !placement().containsKey("node3"));
        timing("writable_monit=1 again, node3 clone_count=3 -> no instance left on node3", since(t1));
        settle(1);
        assertEquals(3, placement().values().stream().mapToInt(Integer::intValue).sum());
        assertFalse(placement().containsKey("node3"), "placement " + placement());

        // what IPaddr3 does: publish the local instance count after every change (observed only)
        List<Map<String, Integer>> seen = new ArrayList<>();
        for (int round = 0; round < 5 && publishCloneCounts(); round++) {
            settle(1);
            seen.add(placement());
        }
        System.out.println("PLACEMENT with clone_count published after each transition: " + seen);

        // without the clone_count rule, resource-stickiness=0 alone spreads the instances
        long t2 = System.nanoTime();
        lab.execOk(1, "cibadmin", "-D", "-o", "constraints", "-X", "<rsc_location id=\"loc-distrib-dummy-vip\"/>");
        settle(1);
        timing("loc-distrib rule removed -> placement settled", since(t2));
        assertEquals(spread, placement(), "stickiness 0 and equal scores spread the instances");
    }

    private Map<String, Integer> placement() {
        return lab.status(1).instancesPerNode("p_dummy_vip");
    }

    /**
     * Does what IPaddr3's set_clone_count does after a start or stop: publish the number of
     * local instances as {@code p_dummy_vip_clone_count}, only where it changed. Returns
     * whether any node's count changed.
     */
    private boolean publishCloneCounts() {
        Map<String, Integer> placement = placement();
        boolean changed = false;
        for (int n = 1; n <= 3; n++) {
            String count = Integer.toString(placement.getOrDefault("node" + n, 0));
            changed |= attributes(n).setIfChanged("p_dummy_vip_clone_count", count);
        }
        return changed;
    }

    /** The clone's allocation score per node, from crm_simulate on the live CIB. */
    private Map<String, String> cloneScores() {
        Map<String, String> scores = new java.util.TreeMap<>();
        for (String line : lab.execOk(1, "crm_simulate", "-L", "-s").split("\n")) {
            String prefix = "pcmk__clone_allocate: cl_dummy_vip allocation score on ";
            if (line.startsWith(prefix)) {
                String rest = line.substring(prefix.length());
                scores.put(rest.substring(0, rest.indexOf(':')), rest.substring(rest.indexOf(':') + 1).strip());
            }
        }
        return scores;
    }

    private void crmConfigure(String text) throws IOException {
        Path crm = Files.createTempFile("clonevip-pcmk-" + lab.id() + "-", ".crm");
        try {
            Files.writeString(crm, text);
            crm.toFile().setReadable(true, false);
            lab.execOk(1, "crm", "configure", "load", "update", crm.toString());
        } finally {
            Files.deleteIfExists(crm);
        }
    }
}
