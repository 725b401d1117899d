package io.clonevip.agent.ipaddr;

import io.clonevip.testkit.systemd.SystemdContainer;
import io.clonevip.testkit.net.VipNetns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.testkit.Cmd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The clonevip-agentd unit under a real systemd: a container booted with systemd-nspawn on an
 * overlay of the host's root ({@link SystemdContainer}), scripts/install.sh run inside with its
 * defaults and {@code AGENTD_START=1}. The unit becomes active, its daemon writes its pid file and
 * serves the installed IPaddr3 entry script inside its sandbox (validate-all, start, monitor, stop on
 * a veth pair inside the container, of a single VIP and of a clone instance whose clone count goes
 * through attrd_updater; the daemon holds exactly the unit's capabilities, and systemd-analyze
 * security rates the unit 4.0 or better);
 * {@code systemctl stop} leaves it inactive, not failed (and without its SuccessExitStatus=143 it
 * would be failed); restart gives a new daemon; uninstall.sh stops, disables and removes it. The
 * host's install locations are the same before and after.
 */
class AgentdSystemdIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path JDK = Path.of(System.getProperty("java.home"));
    private static final String UNIT = "clonevip-agentd.service";
    private static final String PID_FILE = "/run/clonevip/agentd/pid";
    private static final Duration LIMIT = Duration.ofSeconds(30);
    /** CAP_NET_ADMIN (12), CAP_NET_RAW (13), CAP_SYS_PTRACE (19): the unit's CapabilityBoundingSet. */
    private static final String SANDBOX_CAPS = "0000000000083000";
    /** Where an install with the defaults writes on a host; compared before and after. */
    private static final List<Path> HOST_PATHS = List.of(Path.of("/usr/lib/systemd/system/" + UNIT),
            Path.of("/etc/systemd/system/multi-user.target.wants/" + UNIT), Path.of("/usr/lib/clonevip"),
            Path.of("/etc/clonevip"), Path.of("/usr/lib/ocf/resource.d/clonevip"), Path.of("/run/clonevip"),
            Path.of("/usr/sbin/netctl"));
    private static Map<String, String> hostBefore;
    private static SystemdContainer box;

    @BeforeAll
    static void boot() throws Exception {
        hostBefore = hostState();
        Path log = Files.createDirectories(ROOT.resolve("agents/target")).resolve("agentd-systemd-console.log");
        box = SystemdContainer.boot(log, Duration.ofSeconds(90), ROOT, JDK);
    }

    @AfterAll
    static void shutDown() throws Exception {
        try {
            if (box != null) {
                box.close();
                assertTrue(box.gone(), "container processes, cgroups and mount point removed");
                assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains("clonevip-nspawn-"),
                        "no mount of the container seen here");
            }
        } finally {
            assertEquals(hostBefore, hostState(), "the host's install locations are untouched");
        }
    }

    /** Existence, type and modification time of each host path and what is below it. */
    private static Map<String, String> hostState() throws Exception {
        Map<String, String> state = new TreeMap<>();
        for (Path p : HOST_PATHS) {
            if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                state.put(p.toString(), "absent");
                continue;
            }
            try (Stream<Path> all = Files.walk(p)) {
                for (Path q : all.toList()) {
                    state.put(q.toString(), Files.getLastModifiedTime(q, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                            + (Files.isDirectory(q) ? "/" : ""));
                }
            }
        }
        return state;
    }

    private static Cmd install() {
        return box.runWith(180, List.of("AGENTD_START=1", "JDK_HOME=" + JDK), "sh", ROOT.resolve("scripts/install.sh").toString());
    }

    private static Cmd uninstall() {
        return box.run(120, "sh", ROOT.resolve("scripts/uninstall.sh").toString());
    }

    private static String systemctl(String... args) {
        List<String> a = new ArrayList<>(List.of("systemctl"));
        a.addAll(List.of(args));
        return box.run(60, a.toArray(String[]::new)).out().strip();
    }

    private static String show(String property) {
        return systemctl("show", "--property=" + property, "--value", UNIT);
    }

    private static String journal() {
        Cmd j = box.run(60, "journalctl", "--no-pager", "--unit=" + UNIT);
        return j.out() + j.err();
    }

    /** The daemon's pid, once the unit's main process has written its pid file (pid and build). */
    private static String awaitPidFile(String why) throws Exception {
        String[] main = {""};
        boolean written = AgentdLab.poll(LIMIT, () -> {
            main[0] = show("MainPID");
            return box.read(PID_FILE).map(s -> s.startsWith(main[0] + " ")).orElse(false) && !main[0].equals("0");
        });
        assertTrue(written, why + ": pid file " + box.read(PID_FILE) + ", MainPID " + main[0] + "\n" + journal());
        return main[0];
    }

    private static boolean running(String pid) {
        return box.run(30, "kill", "-0", pid).exit() == 0;
    }

    @Test
    void installStartsTheUnitWhoseDaemonServesStopsInactiveRestartsAndUninstallRemovesIt() throws Exception {
        Cmd in = install();
        assertEquals(0, in.exit(), in.out() + in.err());
        assertTrue(in.out().contains("install: clonevip-agentd.service enabled and started"), in.out());
        try {
            assertEquals("active", systemctl("is-active", UNIT), journal());
            assertEquals("enabled", systemctl("is-enabled", UNIT));
            String pid = awaitPidFile("started");

            Cmd net = box.run(30, "sh", "-c", "ip link add veth0 type veth peer name veth1 && ip link set veth0 up"
                    + " && ip link set veth1 up && ip addr add 198.51.100.1/24 dev veth0 && mkdir -p /run/rsc-v1");
            assertEquals(0, net.exit(), net.err());
            List<String> env = new ArrayList<>(List.of("HA_debug=1"));
            VipNetns.single("v1", "/run/rsc-v1").forEach((k, v) -> env.add(k + "=" + v));
            String script = "/usr/lib/ocf/resource.d/clonevip/IPaddr3";
            for (String action : List.of("validate-all", "start", "monitor", "stop")) {
                Cmd r = box.runWith(60, env, script, action);
                assertEquals(0, r.exit(), action + ": " + r.out() + r.err());
                assertFalse(r.err().contains("clonevip-agentd not used"), action + " served by the daemon: " + r.err());
                if (action.equals("start")) {
                    // the action logs with the pid of the process it runs in: the unit's daemon
                    assertTrue(r.err().contains("IPaddr3(v1)[" + pid + "]: INFO: added " + VipNetns.VIP + "/24 on veth0"),
                            r.err());
                    assertTrue(box.run(30, "ip", "-br", "addr", "show", "veth0").out().contains(" " + VipNetns.VIP + "/24"));
                }
                if (action.equals("stop")) {
                    assertTrue(r.err().contains("IPaddr3(v1)[" + pid + "]: INFO: removed " + VipNetns.VIP), r.err());
                    assertFalse(box.run(30, "ip", "-br", "addr", "show", "veth0").out().contains(VipNetns.VIP));
                }
            }

            // a clone instance: its start and stop publish the clone count through attrd_updater, a child of the
            // sandboxed daemon (no pacemaker-attrd runs here: the tool runs and reports that, the action goes on)
            assertEquals(0, box.run(30, "mkdir", "-p", "/run/rsc-c1").exit());
            List<String> cloneEnv = new ArrayList<>(List.of("HA_debug=1"));
            VipNetns.clone("c1", "/run/rsc-c1", 0, 2).forEach((k, v) -> cloneEnv.add(k + "=" + v));
            for (String action : List.of("start", "monitor", "stop")) {
                Cmd r = box.runWith(60, cloneEnv, script, action);
                assertEquals(0, r.exit(), "clone " + action + ": " + r.out() + r.err());
                assertFalse(r.err().contains("clonevip-agentd not used"), "clone " + action + " served by the daemon: " + r.err());
                if (!action.equals("monitor")) {
                    assertTrue(r.err().contains("IPaddr3(c1:0)[" + pid + "]: INFO: node attribute "), r.err());
                    assertFalse(r.err().contains("neither attrd_updater nor crm_attribute found"), r.err());
                }
            }
            // the sandbox's capabilities are the daemon's; a client (full root here) holds them all
            Cmd status = box.run(30, "cat", "/proc/" + pid + "/status");
            assertTrue(status.out().lines().anyMatch(l -> l.equals("CapEff:\t" + SANDBOX_CAPS)), status.out());
            Cmd security = box.run(60, "systemd-analyze", "security", "--no-pager", UNIT);
            String overall = security.out().lines().filter(l -> l.contains("Overall exposure level")).findFirst().orElse(security.err());
            System.out.println("systemd-analyze security (in the container): " + overall.strip());
            Matcher score = Pattern.compile("exposure level for \\S+: ([0-9.]+)").matcher(overall);
            assertTrue(score.find() && Double.parseDouble(score.group(1)) <= 4.0, "exposure: " + overall);

            Cmd stop = box.run(120, "systemctl", "stop", UNIT);
            assertEquals(0, stop.exit(), stop.err());
            assertEquals("inactive", systemctl("is-active", UNIT), journal());
            assertEquals("success", show("Result"), journal());
            assertEquals("143", show("ExecMainStatus"), "the JVM's exit after SIGTERM");
            assertFalse(running(pid), "daemon " + pid + " ended");
            assertTrue(box.read(PID_FILE).isEmpty(), "the daemon removed its pid file");

            Cmd restart = box.run(120, "systemctl", "restart", UNIT);
            assertEquals(0, restart.exit(), restart.err());
            assertEquals("active", systemctl("is-active", UNIT), journal());
            String pid2 = awaitPidFile("restarted");
            assertNotEquals(pid, pid2);
            Cmd again = box.run(120, "systemctl", "restart", UNIT); // from running: stop, then start
            assertEquals(0, again.exit(), again.err());
            String pid3 = awaitPidFile("restarted while running");
            assertNotEquals(pid2, pid3);
            assertFalse(running(pid2), "the previous daemon " + pid2 + " ended");
            assertEquals("active", systemctl("is-active", UNIT), journal());

            Cmd un = uninstall();
            assertEquals(0, un.exit(), un.out() + un.err());
            assertEquals("inactive", systemctl("is-active", UNIT), journal());
            assertEquals("not-found", show("LoadState"));
            assertFalse(running(pid3), "daemon " + pid3 + " ended");
            for (String p : List.of("/usr/lib/systemd/system/" + UNIT, "/etc/systemd/system/multi-user.target.wants/" + UNIT,
                    "/usr/lib/clonevip", "/usr/lib/ocf/resource.d/clonevip", PID_FILE)) {
                assertFalse(Files.exists(box.file(p), java.nio.file.LinkOption.NOFOLLOW_LINKS), p + " removed");
            }
        } finally {
            uninstall();
        }
    }

    /** SuccessExitStatus=143 is what keeps a stopped unit from being "failed": emptied by a drop-in, it is. */
    @Test
    void withoutSuccessExitStatus143AStopWouldLeaveTheUnitFailed() throws Exception {
        Cmd in = install();
        assertEquals(0, in.exit(), in.out() + in.err());
        try {
            Cmd dropIn = box.run(30, "sh", "-c", "mkdir -p /run/systemd/system/" + UNIT + ".d && printf '[Service]\\nSuccessExitStatus=\\n'"
                    + " > /run/systemd/system/" + UNIT + ".d/no-success-status.conf && systemctl daemon-reload");
            assertEquals(0, dropIn.exit(), dropIn.err());
            assertEquals("", show("SuccessExitStatus"));
            awaitPidFile("started");
            assertEquals(0, box.run(120, "systemctl", "stop", UNIT).exit());
            assertEquals("failed", systemctl("is-active", UNIT), journal());
            assertEquals("exit-code", show("Result"));
            assertEquals("143", show("ExecMainStatus"));
        } finally {
            box.run(30, "sh", "-c", "rm -rf /run/systemd/system/" + UNIT + ".d && systemctl daemon-reload && systemctl reset-failed " + UNIT);
            Cmd un = uninstall();
            assertEquals(0, un.exit(), un.out() + un.err());
        }
        assertEquals("not-found", show("LoadState"));
    }
}
