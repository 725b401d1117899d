package io.clonevip.agent.ipaddr;

import io.clonevip.testkit.net.VipNetns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.ocf.Resident;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Gratuitous ARP rounds on time, captured on the veth peer (AF_PACKET): in a resident process
 * (clonevip-agentd's path: {@link Resident}, the action in process) start returns after round 1
 * and the scheduler sends the others {@code arp_interval} apart, and stop ends those still due;
 * in a JVM started for the action (the fallback path, a real {@code java ... OcfMain}) start
 * sends every round before it exits. Spacing must be within {@value ArpCapture#TOLERANCE_MS} ms of the
 * interval (the JVM-per-round announcer it replaces sent round 2 410–450 ms after round 1 at 200).
 */
class AnnouncementTimingKernelTest {

    private VipNetns lab;

    @BeforeEach
    void lab() throws Exception {
        lab = VipNetns.create("ip3arp");
    }

    @AfterEach
    void teardown() throws Exception {
        lab.close();
    }

    private Map<String, String> env(int count) {
        Map<String, String> env = VipNetns.single("p_arp", lab.rscTmp().toString());
        env.put("OCF_RESKEY_arp_bg", "true");
        env.put("OCF_RESKEY_arp_count", Integer.toString(count));
        env.put("OCF_RESKEY_arp_interval", Integer.toString(ArpCapture.INTERVAL_MS));
        return env;
    }

    @Test
    void residentProcessSendsTheRoundsOnTimeAndStopEndsThem() throws Exception {
        Resident.enable(); // this test JVM now runs actions as clonevip-agentd does
        IPaddr3 agent = new IPaddr3(env -> new RecordingPublisher());
        try (ArpCapture rx = ArpCapture.on(lab)) {
            long t0 = System.nanoTime();
            AgentRun start = AgentRun.in(lab.name(), agent, env(5), "start");
            long startMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(0, start.rc(), start.toString());
            List<Long> at = rx.rounds(6, Duration.ofMillis(3 * ArpCapture.INTERVAL_MS));
            List<Long> spacing = ArpCapture.spacingMs(at);
            System.out.println("resident: start returned in " + startMs + " ms; rounds " + spacing + " ms apart");
            assertEquals(5, at.size(), "rounds " + spacing);
            assertTrue(startMs < ArpCapture.INTERVAL_MS, "start waited for the rounds: " + startMs + " ms");
            ArpCapture.assertOnTime(spacing);
            assertEquals(0, AgentRun.in(lab.name(), agent, env(5), "stop").rc());

            AgentRun again = AgentRun.in(lab.name(), agent, env(50), "start");
            assertEquals(0, again.rc(), again.toString());
            assertEquals(2, rx.rounds(2, Duration.ofMillis(3 * ArpCapture.INTERVAL_MS)).size());
            AgentRun stop = AgentRun.in(lab.name(), agent, env(50), "stop");
            assertEquals(0, stop.rc(), stop.toString());
            assertTrue(stop.err().contains("ended the remaining announcement rounds of " + VipNetns.VIP), stop.err());
            assertEquals(List.of(), rx.rounds(1, Duration.ofMillis(3 * ArpCapture.INTERVAL_MS)), "a round after stop");
        }
    }

    @Test
    void jvmPerActionSendsEveryRoundBeforeItExits() throws Exception {
        Map<String, String> env = env(5);
        List<String> cmd = List.of("ip", "netns", "exec", lab.name(), ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), "io.clonevip.ocf.OcfMain", IPaddr3.class.getName(), "start");
        try (ArpCapture rx = ArpCapture.on(lab)) {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().putAll(env);
            pb.environment().put("OCF_RESKEY_clone_count_attribute", "");
            Process p = pb.start();
            List<Long> at = rx.rounds(5, Duration.ofSeconds(30));
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "start ended");
            long exited = System.nanoTime();
            String out = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.exitValue(), out);
            List<Long> spacing = ArpCapture.spacingMs(at);
            System.out.println("JVM per action: rounds " + spacing + " ms apart; exit "
                    + TimeUnit.NANOSECONDS.toMillis(exited - at.getLast()) + " ms after the last");
            assertEquals(5, at.size(), "rounds " + spacing);
            ArpCapture.assertOnTime(spacing);
            assertEquals(List.of(), rx.rounds(1, Duration.ofMillis(3 * ArpCapture.INTERVAL_MS)), "nothing left running after start");
        }
        Map<String, String> stopEnv = env(5);
        AgentRun stop = AgentRun.in(lab.name(), new IPaddr3(e -> new RecordingPublisher()), stopEnv, "stop");
        assertEquals(0, stop.rc(), stop.toString());
    }
}
