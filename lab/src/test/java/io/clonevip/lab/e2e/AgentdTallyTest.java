package io.clonevip.lab.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AgentdTally on log lines as clonevip-agentd --verbose and Pacemaker 2.1.5's execd write them. */
class AgentdTallyTest {

    private static final String EXECD = "Dec 06 01:07:39.716 node1 pacemaker-execd     [33] (log_finished) \tinfo: ";

    @Test
    void matchesPacemakersStartsAndStopsWithTheDaemonsOfTheSameBoot(@TempDir Path dir) throws IOException {
        Path agentd = Files.createDirectories(dir.resolve("agentd"));
        Path logs = Files.createDirectories(dir.resolve("pcmk/node1/log/pacemaker"));
        Files.writeString(agentd.resolve("node1.1.log"), """
                clonevip-agentd: serving io.clonevip.agent.ipaddr.IPaddr3 on /run/clonevip/agentd, build e3, pid 65, netns net:[1]
                clonevip-agentd: served pid 297 IPaddr3 monitor rc=7 in 251 ms
                clonevip-agentd: served pid 305 IPaddr3 start rc=0 in 68 ms
                clonevip-agentd: refused pid 400 monitor: client in another network namespace
                """);
        Files.writeString(agentd.resolve("node1.2.log"), """
                clonevip-agentd: served pid 90 IPaddr3 stop rc=0 in 77 ms
                clonevip-agentd: request of pid 91: the client gave up
                """);
        Files.writeString(logs.resolve("pacemaker.log"),
                "Dec 06 01:07:15.644 node1 pacemaker-execd     [31] (main) \tnotice: Starting Pacemaker local executor\n"
                + EXECD + "p_cluster_vip:0 start (call 6, PID 305) exited with status 0 (execution time 85ms)\n"
                + EXECD + "p_cluster_vip:1 stop (call 7, PID 90) exited with status 0 (execution time 85ms)\n"
                + EXECD + "p_mysql_monitor:0 start (call 8, PID 306) exited with status 0 (execution time 5ms)\n"
                + "Dec 06 01:08:15.644 node1 pacemaker-execd     [12] (main) \tnotice: Starting Pacemaker local executor\n"
                + EXECD + "p_cluster_vip:1 stop (call 3, PID 90) exited with status 0 (execution time 85ms)\n"
                + EXECD + "p_cluster_vip:2 start (call 4, PID 305) exited with status 0 (execution time 85ms)\n");
        AgentdTally t = AgentdTally.read(agentd, dir.resolve("pcmk"), 3, "p_cluster_vip");
        assertEquals(Map.of("monitor", 1, "start", 1, "stop", 1), t.served());
        assertEquals(3, t.servedTotal());
        assertEquals(1, t.refused());
        assertEquals(1, t.gaveUp());
        assertEquals(4, t.startsStops());
        // PID 90 of boot 1 and PID 305 of boot 2 were not served in those boots (PIDs repeat after a crash)
        assertEquals(List.of("node1, boot 1: p_cluster_vip:1 stop, PID 90", "node1, boot 2: p_cluster_vip:2 start, PID 305"),
                t.notServed());
        assertEquals(List.of(85L, 85L, 85L, 85L), t.execMillis());
    }

    @Test
    void readsPacemakersExecutionTimes() {
        assertEquals(85L, AgentdTally.millis(EXECD + "x start (call 6, PID 305) exited with status 0 (execution time 85ms)").orElseThrow());
        assertEquals(1234L, AgentdTally.millis("(execution time 1.234s after being queued for 0ms)").orElseThrow());
        assertEquals(62500L, AgentdTally.millis("(execution time 1m2.5s)").orElseThrow());
        assertEquals(true, AgentdTally.millis("exited with status 0").isEmpty());
    }
}
