package io.clonevip.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The seed blog's globally-unique VIP clone ({@code cl_cluster_vip}: clone-max 3,
 * clone-node-max 3, resource-stickiness 0) and its three location rules, with
 * ocf:pacemaker:Dummy instances in a real 3-node cluster. The test plays IPaddr3's part by
 * publishing {@code p_dummy_vip_clone_count}. Findings are in docs/developer/labs.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UniqueCloneRulesTest {

    private static final Duration MOVE_DEADLINE = Duration.ofSeconds(30);
    private static final String WRITABLE = "writable_monit";

    private PacemakerLab lab;

    @BeforeAll
    void startLab() {
        lab = PacemakerLab.start(3);
    }

    @AfterAll
    void stopLab() {
        if (lab != null) {
            lab.close();
        }
    }

    /** The placement whose counts {@link #publishCloneCounts()} published last. */
    private Map<String, Integer> published = Map.of();

    private NodeAttributes attributes(int n) {
        return NodeAttributes.using(AttributeTool.ATTRD_UPDATER, lab.runnerIn(n));
    }

    private void settle(int viewer) {
        lab.settle(viewer);
    }

    private static void timing(String what, long ms) {
        System.out.printf("TIMING %s: %d ms%n", what, ms);
    }

    private static long since(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @Test
    void placementFollowsWritableAndCloneCount() throws IOException {
        for (int n = 1; n <= 3; n++) {
            attributes(n).set(WRITABLE, "1");
        }
        for (int n = 1; n <= 3; n++) {
            awaitCib("node" + n, WRITABLE, "1");
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
        awaitPublished();
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
        // attrd writes the CIB after attrd_updater returned: wait for the counts, then the scores
        awaitPublished();
        assertEquals(Map.of("node3", 3), published, "node3 publishes 3");
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
            awaitPublished();
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

    /** Waits until the CIB holds {@code value} for attribute {@code name} of {@code node}. */
    private void awaitCib(String node, String name, String value) {
        lab.waitFor(node + " " + name + "=" + value + " in the CIB", MOVE_DEADLINE,
                () -> lab.status(1).attribute(node, name).equals(Optional.of(value)));
    }

    /** Waits until the CIB holds the clone counts last published (attrd writes it after attrd_updater returned). */
    private void awaitPublished() {
        for (int n = 1; n <= 3; n++) {
            awaitCib("node" + n, "p_dummy_vip_clone_count", Integer.toString(published.getOrDefault("node" + n, 0)));
        }
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
        published = placement;
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
