package io.clonevip.lab;

import io.clonevip.pacemaker.CrmMonView;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A real 3-node Pacemaker cluster: attribute-driven moves, node crash, network partition
 * (the seed's clone rules are in {@link UniqueCloneRulesTest}). Timings are printed as "TIMING ..." lines (surefire's -output.txt) and recorded
 * in docs/developer/labs.md.
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
        lab.settle(viewer);
    }

    /** Waits until the CIB holds {@code value} for the writable attribute of {@code node}. */
    private void awaitCib(String node, String value) {
        lab.waitFor(node + " " + WRITABLE + "=" + value + " in the CIB", MOVE_DEADLINE,
                () -> lab.status(1).attribute(node, WRITABLE).equals(Optional.of(value)));
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
        // up waits for node1's view only; the others learn membership, DC and quorum on their own
        for (int n = 1; n <= 3; n++) {
            int viewer = n;
            lab.waitFor("node" + n + " sees 3 nodes online, a DC and quorum", UP_DEADLINE, () -> {
                CrmMonView s = lab.status(viewer);
                return s.online().size() == 3 && s.dc().isPresent() && s.quorum();
            });
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
    void namedNodeAttributeIsWrittenFromAnotherNode() {
        NodeAttributes fromNode1 = attributes(1).forNode("node2");
        fromNode1.set("t_remote", "7");
        lab.waitFor("t_remote on node2", MOVE_DEADLINE,
                () -> lab.status(3).attribute("node2", "t_remote").equals(Optional.of("7")));
        assertEquals(Optional.of("7"), attributes(2).get("t_remote"), "node2 reads its own value");
        assertEquals(Optional.empty(), attributes(1).get("t_remote"), "node1 has none");
        fromNode1.delete("t_remote");
        lab.waitFor("t_remote gone", MOVE_DEADLINE, () -> lab.status(3).attribute("node2", "t_remote").isEmpty());
    }

    @Test
    @Order(4)
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
            String to = where;
            lab.waitFor(to + " " + WRITABLE + "=1 in the CIB", MOVE_DEADLINE,
                    () -> lab.status(1).attribute(to, WRITABLE).equals(Optional.of("1")));
            attributes(number(from)).set(WRITABLE, "1");
            awaitCib(from, "1");
        }
        assertEquals(3, times.size());
    }

    @Test
    @Order(5)
    void crashedNodesResourceIsRecoveredElsewhere() {
        String victim = lab.status(1).locate(D1).orElseThrow();
        int v = number(victim);
        int viewer = v % 3 + 1;
        settle(viewer);
        long t0 = System.nanoTime();
        lab.crash(v);
        long[] offlineAt = {-1};
        String rescuer = lab.waitFor("d1 recovered after crash of " + victim, RECOVERY_DEADLINE, () -> {
            CrmMonView s = lab.status(viewer);
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
        // attrd writes the CIB after attrd_updater returned: settle only once the value is there,
        // else the check below could run before the transition it is about
        awaitCib(victim, "1");
        settle(viewer);
        assertEquals(Optional.of(rescuer), lab.status(viewer).locate(D1), "stickiness keeps d1 where it is");
    }

    @Test
    @Order(6)
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
            CrmMonView s = lab.status(third);
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
            CrmMonView s = lab.status(third);
            return s.quorum() && !s.online().contains(holder) ? s.locate(D1) : Optional.empty();
        });
        timing("partition " + holder + " -> d1 running on " + taker + " (majority)", since(t2));
        assertNotEquals(holder, taker);
        lab.waitFor(holder + " stops d1 without quorum", RECOVERY_DEADLINE, () -> {
            CrmMonView s = lab.status(h);
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

    /** The -inf rule of the VIPs below (docs/user/mysql-monitor.md, "A node that has just joined"). */
    static final String NO_VIP_RULE = "-inf: not_defined " + WRITABLE + " or " + WRITABLE + " eq 0";

    /**
     * The seed blog's first configuration with Dummy VIPs: a writer and two readers that dislike
     * each other (-200) and keep off a node that may not take writes. A node booted after a crash
     * has no writable_monit until its monitor writes it; with the blog's {@code -inf: writable_monit
     * eq 0} the rule did not match it and the dislike moved a VIP there at once, before its database
     * could be up. With {@link #NO_VIP_RULE} no VIP goes there until the attribute is 1.
     */
    @Test
    @Order(7)
    void aNodeBootedAfterACrashGetsNoVipBeforeItsAttributeIsOne() throws IOException {
        List<String> vips = List.of("v_writer", "v_reader1", "v_reader2");
        for (int n = 1; n <= 3; n++) {
            attributes(n).set(WRITABLE, "1");
        }
        for (int n = 1; n <= 3; n++) {
            awaitCib("node" + n, "1");
        }
        StringBuilder crm = new StringBuilder();
        for (String v : vips) {
            crm.append("primitive ").append(v).append(" ocf:pacemaker:Dummy op monitor interval=5s timeout=20s\n");
            crm.append("location loc-no-").append(v).append(' ').append(v).append(" rule $id=loc-no-").append(v)
                    .append("-rule ").append(NO_VIP_RULE).append('\n');
        }
        crm.append("colocation col-r1-w -200: v_reader1 v_writer\n")
                .append("colocation col-r2-w -200: v_reader2 v_writer\n")
                .append("colocation col-r1-r2 -200: v_reader1 v_reader2\n");
        Path file = Files.createTempFile("clonevip-pcmk-" + lab.id() + "-", ".crm");
        try {
            Files.writeString(file, crm);
            file.toFile().setReadable(true, false);
            lab.execOk(1, "crm", "configure", "load", "update", file.toString());
        } finally {
            Files.deleteIfExists(file);
        }
        lab.waitFor("one VIP per node", MOVE_DEADLINE, () -> vipNodes(1, vips).size() == 3);
        String victim = lab.status(1).locate("v_writer").orElseThrow();
        int v = number(victim);
        int viewer = v % 3 + 1;
        lab.crash(v);
        lab.waitFor("the VIPs on the two survivors", RECOVERY_DEADLINE, () -> {
            CrmMonView s = lab.status(viewer);
            return !s.online().contains(victim)
                    && vips.stream().allMatch(r -> s.locate(r).filter(n -> !n.equals(victim)).isPresent());
        });
        lab.waitFor(victim + "'s transient attributes cleared", RECOVERY_DEADLINE,
                () -> lab.status(viewer).attribute(victim, WRITABLE).isEmpty());

        lab.boot(v);
        lab.waitOnline(v, 3, RECOVERY_DEADLINE);
        lab.waitOnline(viewer, 3, RECOVERY_DEADLINE);
        settle(viewer);
        CrmMonView after = lab.status(viewer);
        assertEquals(Optional.empty(), after.attribute(victim, WRITABLE), "nothing wrote the attribute of " + victim);
        assertEquals(List.of(), vips.stream().filter(r -> after.runningOn(r).contains(victim)).toList(),
                "VIPs on " + victim + " before its " + WRITABLE + " is 1 (rule " + NO_VIP_RULE + ")");

        long t0 = System.nanoTime();
        attributes(v).set(WRITABLE, "1");
        lab.waitFor("a VIP on " + victim + " once its " + WRITABLE + " is 1", MOVE_DEADLINE,
                () -> vipNodes(viewer, vips).contains(victim));
        timing("boot " + victim + ", then " + WRITABLE + "=1 -> a VIP on it", since(t0));
    }

    /** The nodes running one of {@code vips}, as node {@code viewer} sees them. */
    private java.util.Set<String> vipNodes(int viewer, List<String> vips) {
        CrmMonView s = lab.status(viewer);
        java.util.Set<String> nodes = new java.util.TreeSet<>();
        vips.forEach(r -> nodes.addAll(s.runningOn(r)));
        return nodes;
    }
}
