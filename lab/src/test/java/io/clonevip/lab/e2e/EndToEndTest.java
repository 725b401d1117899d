package io.clonevip.lab.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The end-to-end scenario (docs/developer/e2e-lab.md) in a real lab: Pacemaker, Galera inside the nodes,
 * clonevip's agents (or stand-ins while they are not in the build), a MySQL client through the VIP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndTest {

    private E2eLab lab;

    @BeforeAll
    void up() {
        lab = E2eLab.start();
        System.out.println("TIMING lab up: " + lab.upTime().toMillis() + " ms; agents " + lab.agents()
                + (lab.agentd() ? ", clonevip-agentd in every node" : ", no agentd"));
    }

    @AfterAll
    void down() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void galeraMembersRunInsideTheClusterNodes() {
        for (int n = 1; n <= 3; n++) {
            int member = n;
            assertEquals("node" + n, lab.sql(n, "SELECT @@hostname").strip());
            // a member that has just joined goes Joined -> Synced on its own: wait for it
            E2eLab.await("member " + n + " Synced", Duration.ofSeconds(60), () -> "Synced".equals(lab.dbState(member)),
                    lab::dbStatus);
        }
        // the member's SQL port is on the node's own address: reachable from the client namespace
        LabScript.Result r = lab.client("bash", "-c", "exec 3<>/dev/tcp/" + E2eLab.nodeAddress(2) + "/3306 && echo open");
        assertEquals("open", r.out().strip(), r.err());
    }

    @Test
    void scenario() throws Exception {
        // 3 crash/boot rounds (nodes 1, 2, 3): crash -> takeover as a median (docs/measurements/e2e.md)
        Scenario s = new Scenario(lab, new Scenario.Options(3, false, 2, 3, true, Duration.ofSeconds(2), VipAgent.IPADDR3),
                System.out);
        ScenarioResult r = s.run();
        r.orderedTimings().forEach(e -> System.out.println("TIMING " + e.getKey() + ": " + e.getValue() + " ms"));
        r.phases().forEach(p -> System.out.println("PHASE " + p));
        r.notes().forEach(n -> System.out.println("NOTE " + n));
        Files.writeString(Path.of("target", "e2e-timeline.svg"), TimelineSvg.render(r, "EndToEndTest "
                + (s.realAgents() ? "(IPaddr3 + mysql_monitor)" : "(stand-ins)")));
        assertEquals(List.of(), r.violations());
        for (String t : List.of("desync -> all buckets on node3", "resync -> buckets spread", "crash -> buckets taken over",
                "partition -> quorate side serves every bucket")) {
            assertTrue(r.timings().containsKey(t), t + " measured: " + r.timings().keySet());
        }
        assertEquals(3, r.timings().get("crash -> buckets taken over").size(), "crash rounds timed: " + r.timings());
        if (s.realAgents()) {
            assertTrue(r.queries().size() > 100, "client queries: " + r.queries().size());
            // each booted node's rejoin was checked (RejoinCheck: no bucket before writable_monit 1, no refusal;
            // a breach is in r.violations() above)
            assertEquals(3, r.timings().getOrDefault("boot -> writable_monit 1", List.of()).size(), "rejoins: " + r.timings());
        }
        if (s.realAgents() && E2eLab.agentdByDefault()) {
            assertTrue(lab.agentd(), "clonevip-agentd installed and started in the nodes");
            // every IPaddr3 start and stop Pacemaker ran went through the node's clonevip-agentd:
            // it is started before the node's Pacemaker, also after each crash (docs/developer/e2e-lab.md, "The lab")
            AgentdTally t = lab.agentdTally();
            System.out.println("AGENTD " + t.describe());
            assertTrue(t.served().getOrDefault("start", 0) > 0 && t.served().getOrDefault("stop", 0) > 0, t.describe());
            assertTrue(t.startsStops() >= 6, "Pacemaker's starts/stops found in its logs: " + t.describe());
            assertEquals(List.of(), t.notServed(), t.describe());
            assertEquals(0, t.refused() + t.gaveUp(), t.describe());
        }
    }
}
