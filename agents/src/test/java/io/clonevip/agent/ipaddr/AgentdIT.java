package io.clonevip.agent.ipaddr;

import io.clonevip.testkit.net.VipNetns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.agent.ipaddr.AgentdLab.Daemon;
import io.clonevip.agent.ipaddr.AgentdLab.ScriptRun;
import io.clonevip.cluster.ClusterIpNode;
import io.clonevip.cluster.NodeStatus;
import io.clonevip.nativ.NetNs;
import io.clonevip.testkit.Cmd;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * clonevip-agentd with the installed IPaddr3 entry script (scripts/install.sh into a temp root,
 * private run dir), daemon and clients in namespaces of the test: the daemon gives what the
 * in-process path gives; twelve concurrent clients; every way the channel can fail before the
 * daemon accepted falls back to the in-process JVM (absent, dead, other build, other namespace,
 * stopped-and-silent daemon, without running the action twice); a daemon killed during an
 * action makes the client fail at once rather than hang or succeed; a fake secret in the
 * environment appears in no file left behind and not in the daemon's log.
 */
class AgentdIT {
    private static final Path SCRIPTS = Path.of("..", "scripts").toAbsolutePath().normalize();
    private static final String SECRET = "S3cret-" + UUID.randomUUID();
    private static AgentdLab lab;

    @BeforeAll
    static void install() throws Exception {
        Path root = Files.createTempDirectory("clonevip-agentd-it-");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        lab = new AgentdLab(root);
        Cmd r = Cmd.run(180, "env", "LIBDIR=" + root + "/lib", "CONFDIR=" + root + "/etc", "OCFDIR=" + root + "/ocf",
                "AGENTD_RUNDIR=" + lab.runDir, "JDK_HOME=" + System.getProperty("java.home"),
                "AGENTD_UNIT=1", "SYSTEMDUNITDIR=" + lab.unitDir,
                "sh", SCRIPTS.resolve("install.sh").toString());
        assertEquals(0, r.exit(), r.err() + r.out());
        assertTrue(Files.isExecutable(lab.launcher), r.out());
    }

    @AfterAll
    static void noSecretLeftAndUninstall() throws Exception {
        if (lab == null) {
            return;
        }
        try {
            List<Path> leaking = new ArrayList<>();
            try (Stream<Path> all = Files.walk(lab.root)) {
                for (Path p : all.filter(Files::isRegularFile).toList()) {
                    if (Files.readString(p, StandardCharsets.ISO_8859_1).contains(SECRET)) {
                        leaking.add(p);
                    }
                }
            }
            assertEquals(List.of(), leaking, "files holding the secret environment value");
            try (Stream<Path> left = Files.list(lab.runDir)) {
                assertEquals(List.of(), left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("c")).toList(),
                        "reply pipes left in the run dir");
            }
        } finally {
            Cmd u = Cmd.run(60, "env", "LIBDIR=" + lab.root + "/lib", "sh", SCRIPTS.resolve("uninstall.sh").toString());
            boolean unitLeft = Files.exists(lab.unit);
            try (Stream<Path> all = Files.walk(lab.root)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
            assertEquals(0, u.exit(), u.err());
            assertFalse(unitLeft, "uninstall.sh removes the unit it installed");
        }
    }

    private static Map<String, String> single(String id) throws Exception {
        Map<String, String> env = VipNetns.single(id, rscTmp(id));
        env.put("OCF_RESKEY_fake_secret", SECRET);
        return env;
    }

    private static Map<String, String> instance(String id, int k, int max) throws Exception {
        Map<String, String> env = VipNetns.clone(id, rscTmp(id), k, max);
        env.put("OCF_RESKEY_fake_secret", SECRET);
        return env;
    }

    private static String rscTmp(String id) throws Exception {
        return Files.createDirectories(lab.root.resolve("rsc-" + id)).toString();
    }

    private static String pids(String text) {
        return text.replaceAll("\\[[0-9]+\\]", "[pid]");
    }

    record Outcome(int rc, String out, String err, KernelSnapshot kernel) {
    }

    /**
     * The systemd unit install.sh writes: systemd's own checker accepts it (and refuses a copy
     * whose ExecStart is missing, so the check can fail), its ExecStart is the installed launcher,
     * and that command serves actions when started with the environment systemd gives a service
     * (nothing but a PATH). The unit itself, under systemd: AgentdSystemdIT.
     */
    @Test
    void theSystemdUnitVerifiesAndItsCommandServesWithSystemdsEnvironment() throws Exception {
        String unit = Files.readString(lab.unit);
        assertTrue(unit.lines().anyMatch(l -> l.equals("ExecStart=" + lab.launcher)), unit);
        Cmd ok = Cmd.run(60, "systemd-analyze", "verify", "--man=no", lab.unit.toString());
        assertEquals(0, ok.exit(), ok.err() + ok.out());
        Path broken = lab.unitDir.resolve("clonevip-agentd-broken.service");
        Files.writeString(broken, unit.replace("ExecStart=" + lab.launcher, "ExecStart=" + lab.root.resolve("no/such/launcher")));
        try {
            Cmd bad = Cmd.run(60, "systemd-analyze", "verify", "--man=no", broken.toString());
            assertNotEquals(0, bad.exit(), "a unit whose command is missing fails the check: " + bad.err());
        } finally {
            Files.delete(broken);
        }
        try (VipNetns ns = VipNetns.create("adunit")) {
            Map<String, String> env = single("vu");
            Daemon d = lab.startDaemon(ns.name(), "unit", List.of("env", "-i", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                    lab.launcher.toString()));
            try {
                ScriptRun start = lab.run(ns.name(), env, "start");
                assertEquals(0, start.rc(), start.toString());
                ScriptRun stop = lab.run(ns.name(), env, "stop");
                assertEquals(0, stop.rc(), stop.toString());
                assertEquals(1, AgentdLab.served(d, "start", 1), d.logText());
                assertEquals(1, AgentdLab.served(d, "stop", 1), d.logText());
                assertTrue(KernelSnapshot.of(ns.ns).nothingOf(VipNetns.VIP));
            } finally {
                d.stop();
            }
            // systemctl stop sends SIGTERM to the main process; the JVM's exit status then is 143, which
            // the unit must count as success or every stop leaves the unit "failed"
            assertEquals(143, d.process().exitValue(), "a SIGTERM ends the daemon: " + d.logText());
            assertTrue(unit.lines().anyMatch(l -> l.equals("SuccessExitStatus=143")), unit);
        }
    }

    @Test
    void answersAsTheInProcessPathDoes() throws Exception {
        try (VipNetns ns = VipNetns.create("adsame")) {
            Map<String, String> single = single("vs");
            Map<String, String> i0 = instance("vc", 0, 3);
            Map<String, String> i1 = instance("vc", 1, 3);
            Map<String, String> i2 = instance("vc", 2, 3);
            record Step(Map<String, String> env, String action) {
            }
            List<Step> steps = List.of(new Step(VipNetns.probe(single), "monitor"), new Step(single, "start"),
                    new Step(single, "start"), new Step(single, "monitor"), new Step(single, "validate-all"),
                    new Step(single, "stop"), new Step(VipNetns.probe(single), "monitor"), new Step(VipNetns.probe(i1), "monitor"),
                    new Step(i0, "start"), new Step(i1, "start"), new Step(i1, "monitor"), new Step(VipNetns.probe(i2), "monitor"),
                    new Step(i0, "stop"), new Step(i1, "stop"), new Step(i1, "stop"), new Step(i0, "bogus"));
            List<Outcome> viaDaemon = new ArrayList<>();
            Daemon d = lab.startDaemon(ns.name(), "same");
            try {
                for (Step s : steps) {
                    ScriptRun r = lab.run(ns.name(), s.env(), s.action());
                    viaDaemon.add(new Outcome(r.rc(), r.out(), pids(r.err()), KernelSnapshot.of(ns.ns)));
                }
                // every step but the unknown action, the monitors of running instances as well as the probes:
                // nothing answers in sh before the daemon
                assertEquals(4, AgentdLab.served(d, "start", 4), d.logText());
                assertEquals(4, AgentdLab.served(d, "stop", 4), d.logText());
                assertEquals(6, AgentdLab.served(d, "monitor", 6), d.logText());
                assertEquals(1, AgentdLab.served(d, "validate-all", 1), d.logText());
            } finally {
                d.stop();
            }
            assertFalse(Files.exists(lab.runDir.resolve("pid")), "a stopped daemon withdraws its pid file");
            assertFalse(Files.exists(lab.runDir.resolve("request")), "and its request pipe");
            IPaddr3 agent = new IPaddr3();
            for (int i = 0; i < steps.size(); i++) {
                Step s = steps.get(i);
                AgentRun r = AgentRun.in(ns.name(), agent, s.env(), s.action());
                Outcome inProcess = new Outcome(r.rc(), r.out(), pids(r.err()), KernelSnapshot.of(ns.ns));
                assertEquals(inProcess, viaDaemon.get(i), "step " + i + " " + s.action());
            }
            assertTrue(viaDaemon.get(1).err().contains("INFO: added 198.51.100.100/24"), viaDaemon.get(1).err());
        }
    }

    /**
     * The stop's closing of its bucket's connections (drain_limit=0) works in the daemon as in process (the
     * same code path; the daemon has CAP_NET_ADMIN for SOCK_DESTROY): through the installed
     * entry script, served by the daemon, the stopped bucket's connections are gone on the
     * server side and the others stay.
     */
    @Test
    void theDaemonsStopClosesTheBucketsConnections() throws Exception {
        try (VipClientsLab clients = VipClientsLab.create("adconn")) {
            String rsc = rscTmp("conn");
            Daemon d = lab.startDaemon(clients.node(), "conn");
            try {
                for (int i = 0; i < 3; i++) {
                    ScriptRun start = lab.run(clients.node(), VipClientsLab.instance(rsc, i, 3), "start");
                    assertEquals(0, start.rc(), start.toString());
                }
                clients.connect();
                java.util.Map<String, String> cut = VipClientsLab.instance(rsc, 1, 3);
                cut.put("OCF_RESKEY_drain_limit", "0"); // the cut (a drain: StopDrainsKernelTest)
                ScriptRun stop = lab.run(clients.node(), cut, "stop");
                assertEquals(0, stop.rc(), stop.toString());
                assertTrue(stop.err().contains("stop: closed " + clients.perBucket().get(2) + " TCP connections of bucket 2 on "
                        + VipNetns.VIP), stop.toString());
                assertEquals(1, AgentdLab.served(d, "stop", 1), d.logText());
                clients.assertOpenExactly(java.util.Set.of(1, 3));
            } finally {
                d.stop();
            }
        }
    }

    @Test
    void twelveConcurrentInstancesThreeRounds() throws Exception {
        int n = 12;
        InetAddress vip = InetAddress.ofLiteral(VipNetns.VIP);
        try (VipNetns ns = VipNetns.create("adconc"); ExecutorService pool = Executors.newFixedThreadPool(n)) {
            List<Map<String, String>> envs = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                Map<String, String> env = instance("cc", k, n);
                env.put("OCF_RESKEY_clone_count_attribute", ""); // no attrd_updater: keeps the test short
                envs.add(env);
            }
            Daemon d = lab.startDaemon(ns.name(), "conc");
            try {
                for (int round = 0; round < 3; round++) {
                    for (String action : List.of("start", "stop")) {
                        List<Future<ScriptRun>> runs = new ArrayList<>();
                        for (Map<String, String> env : envs) {
                            runs.add(pool.submit(() -> lab.run(ns.name(), env, action)));
                        }
                        for (Future<ScriptRun> f : runs) {
                            assertEquals(0, f.get().rc(), "round " + round + " " + action + ": " + f.get());
                        }
                        boolean started = action.equals("start");
                        NetNs.run(ns.name(), () -> {
                            try (ClusterIpNode node = ClusterIpNode.open()) {
                                NodeStatus st = node.status(vip);
                                if (started) {
                                    assertTrue(st != null && st.whole(), st == null ? "no ruleset" : st.problems().toString());
                                    assertEquals(n, st.state().local().size());
                                } else {
                                    assertEquals(null, st);
                                }
                            }
                        });
                    }
                }
                assertEquals(3L * n, AgentdLab.served(d, "start", 3L * n), "every start went through the daemon");
                assertEquals(3L * n, AgentdLab.served(d, "stop", 3L * n), "every stop went through the daemon");
            } finally {
                d.stop();
            }
            assertTrue(KernelSnapshot.of(ns.ns).nothingOf(VipNetns.VIP));
        }
    }

    @Test
    void noDaemonOrADeadOneMeansInProcess() throws Exception {
        try (VipNetns ns = VipNetns.create("addead")) {
            Map<String, String> env = single("vd");
            env.put("HA_debug", "1");
            ScriptRun absent = lab.run(ns.name(), env, "start");
            assertEquals(0, absent.rc(), absent.toString());
            assertFalse(absent.err().contains("clonevip-agentd"), "no daemon installed-and-running: silent");
            ScriptRun monitor = lab.run(ns.name(), env, "monitor"); // a JVM of its own: nothing answers in sh
            assertEquals(0, monitor.rc(), monitor.toString());
            assertFalse(monitor.err().contains("clonevip-agentd"), monitor.err());
            Daemon d = lab.startDaemon(ns.name(), "dead");
            d.kill();
            assertTrue(Files.exists(lab.runDir.resolve("pid")), "SIGKILL leaves the pid file behind");
            ScriptRun stale = lab.run(ns.name(), env, "stop");
            assertEquals(0, stale.rc(), stale.toString());
            assertTrue(stale.err().contains("clonevip-agentd not used: pid " + d.pid() + " not running"), stale.err());
            assertTrue(KernelSnapshot.of(ns.ns).nothingOf(VipNetns.VIP));
        }
    }

    @Test
    void anotherBuildOrAnotherNamespaceMeansInProcess() throws Exception {
        try (VipNetns ns = VipNetns.create("adver"); VipNetns other = VipNetns.create("adoth")) {
            Map<String, String> env = single("vv");
            env.put("HA_debug", "1");
            Daemon d = lab.startDaemon(ns.name(), "ver");
            try {
                Path older = lab.root.resolve("IPaddr3-other-build");
                Files.writeString(older, Files.readString(lab.script)
                        .replaceFirst("agentd_build='[0-9a-f]+'", "agentd_build='0123456789abcdef0123456789abcdef'"));
                Files.setPosixFilePermissions(older, PosixFilePermissions.fromString("rwxr-xr-x"));
                ScriptRun r = lab.run(older, ns.name(), env, "start");
                assertEquals(0, r.rc(), r.toString());
                assertTrue(r.err().contains("clonevip-agentd not used: build "), r.err());
                assertEquals(0, AgentdLab.served(d, "start", 0));
                assertTrue(KernelSnapshot.of(ns.ns).addresses().contains(" " + VipNetns.VIP + "/"));

                ScriptRun there = lab.run(other.name(), env, "start"); // the daemon serves ns, not other
                assertEquals(0, there.rc(), there.toString());
                assertTrue(there.err().contains("clonevip-agentd not used: client in another network namespace"), there.err());
                assertTrue(d.logText().contains("refused pid "), d.logText());
                assertEquals(0, AgentdLab.served(d, "start", 0));
                assertTrue(KernelSnapshot.of(other.ns).addresses().contains(" " + VipNetns.VIP + "/"), "started in other");
                assertEquals(0, lab.run(other.name(), env, "stop").rc());
                assertEquals(0, lab.run(ns.name(), env, "stop").rc());
                assertEquals(1, AgentdLab.served(d, "stop", 1));
            } finally {
                d.stop();
            }
        }
    }

    @Test
    void aSilentDaemonIsLeftAfterFiveSecondsAndNeverRunsTheActionLater() throws Exception {
        try (VipNetns ns = VipNetns.create("adhung")) {
            Map<String, String> env = single("vh");
            env.put("HA_debug", "1");
            Daemon d = lab.startDaemon(ns.name(), "hung");
            try {
                Cmd.ok("kill", "-STOP", Long.toString(d.pid()));
                ScriptRun r;
                try {
                    r = lab.run(ns.name(), env, "start");
                } finally {
                    Cmd.ok("kill", "-CONT", Long.toString(d.pid()));
                }
                assertEquals(0, r.rc(), r.toString());
                assertTrue(r.err().contains("clonevip-agentd not used: no answer from pid " + d.pid()), r.err());
                assertTrue(r.took().compareTo(Duration.ofSeconds(4)) > 0 && r.took().compareTo(Duration.ofSeconds(20)) < 0,
                        "bounded wait: " + r.took());
                // the queued request reaches the daemon now, finds its client gone, and is dropped
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!d.logText().contains(": client gone") && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertTrue(d.logText().contains(": client gone"), "the resumed daemon dropped the stale request: " + d.logText());
                ScriptRun stop = lab.run(ns.name(), env, "stop");
                assertEquals(0, stop.rc(), stop.toString());
                assertFalse(stop.err().contains("clonevip-agentd not used"), "stop served by the daemon: " + stop.err());
                assertEquals(1, AgentdLab.served(d, "stop", 1), d.logText()); // logged after its answer: awaited
                assertEquals(0, AgentdLab.served(d, "start", 0), d.logText());
                assertTrue(KernelSnapshot.of(ns.ns).nothingOf(VipNetns.VIP));
            } finally {
                d.stop();
            }
        }
    }

    /**
     * Issue #13: announcement rounds through the installed entry script, measured on the veth peer.
     * Served by the daemon: start returns after round 1, its scheduler sends the rest on time, a
     * stop ends those still due. Without a daemon (a JVM per action): start sends every round on
     * time before it exits. Before, a JVM started per announcement sent round 2 410–450 ms late.
     */
    @Test
    void announcementRoundsOnTimeWithAndWithoutTheDaemon() throws Exception {
        try (VipNetns ns = VipNetns.create("adarp"); ArpCapture rx = ArpCapture.on(ns)) {
            Map<String, String> env = single("va");
            env.put("OCF_RESKEY_arp_bg", "true");
            env.put("OCF_RESKEY_arp_count", "5");
            env.put("OCF_RESKEY_arp_interval", Integer.toString(ArpCapture.INTERVAL_MS));
            Duration quiet = Duration.ofMillis(3 * ArpCapture.INTERVAL_MS);

            // read while the script runs: frames read after it returned would all carry the same time
            ScriptRun alone = startCapturing(ns, env, rx, quiet);
            assertEquals(0, alone.rc(), alone.toString());
            List<Long> spacing = ArpCapture.spacingMs(captured);
            System.out.println("JVM per action: start " + alone.took().toMillis() + " ms, rounds " + spacing + " ms apart");
            assertEquals(4, spacing.size(), "rounds " + spacing);
            ArpCapture.assertOnTime(spacing);
            assertEquals(0, lab.run(ns.name(), env, "stop").rc());

            Daemon d = lab.startDaemon(ns.name(), "arp");
            try {
                ScriptRun start = startCapturing(ns, env, rx, quiet);
                assertEquals(0, start.rc(), start.toString());
                spacing = ArpCapture.spacingMs(captured);
                System.out.println("agentd: start " + start.took().toMillis() + " ms, rounds " + spacing + " ms apart");
                assertEquals(4, spacing.size(), "rounds " + spacing);
                ArpCapture.assertOnTime(spacing);
                assertEquals(1, AgentdLab.served(d, "start", 1), d.logText());

                env.put("OCF_RESKEY_arp_count", "100");
                assertEquals(0, lab.run(ns.name(), env, "stop").rc());
                assertEquals(0, lab.run(ns.name(), env, "start").rc());
                assertEquals(2, rx.rounds(2, quiet).size());
                ScriptRun stop = lab.run(ns.name(), env, "stop");
                assertEquals(0, stop.rc(), stop.toString());
                assertEquals(List.of(), rx.rounds(1, quiet), "a round after stop");
                assertTrue(KernelSnapshot.of(ns.ns).nothingOf(VipNetns.VIP));
            } finally {
                d.stop();
            }
        }
    }

    private List<Long> captured = List.of();

    /** Runs start through the entry script while {@code rx} records five rounds; the rounds go to {@link #captured}. */
    private ScriptRun startCapturing(VipNetns ns, Map<String, String> env, ArpCapture rx, Duration quiet) throws Exception {
        Path out = Files.createTempFile(lab.root, "out-", ".txt");
        Path err = Files.createTempFile(lab.root, "err-", ".txt");
        try {
            long t0 = System.nanoTime();
            Process p = lab.startScript(lab.script, ns.name(), env, "start", out, err);
            captured = rx.rounds(5, quiet.plusSeconds(10)); // the first round may follow a JVM start-up
            return AgentdLab.await(p, out, err, t0, Duration.ofSeconds(60));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Test
    void aDaemonKilledDuringTheActionFailsTheClientAtOnce() throws Exception {
        try (VipNetns ns = VipNetns.create("adkill")) {
            Map<String, String> env = single("vk");
            // nine 1 s pauses in the foreground: time to see the start begin and kill the daemon during it, also
            // on a loaded machine (with three, a look delayed by 3 s would find the client done); the kill ends it at once
            env.put("OCF_RESKEY_arp_count", "10");
            env.put("OCF_RESKEY_arp_interval", "1000");
            Daemon d = lab.startDaemon(ns.name(), "kill");
            Path out = lab.root.resolve("kill-out.txt");
            Path err = lab.root.resolve("kill-err.txt");
            long t0 = System.nanoTime();
            Process client = lab.startScript(lab.script, ns.name(), env, "start", out, err);
            // accepted = the daemon claimed the reply pipe and added the address (the ARPs follow)
            assertTrue(AgentdLab.poll(Duration.ofSeconds(20),
                    () -> KernelSnapshot.of(ns.ns).addresses().contains(" " + VipNetns.VIP + "/")), "start began");
            assertTrue(client.isAlive(), "the client waits for the ARP rounds");
            d.kill();
            long killed = System.nanoTime();
            ScriptRun r = AgentdLab.await(client, out, err, t0, Duration.ofSeconds(10));
            assertEquals(1, r.rc(), r.toString());
            assertTrue(r.err().contains("ocf-exit-reason:clonevip-agentd (pid " + d.pid() + ") ended during start"),
                    r.err());
            assertTrue(System.nanoTime() - killed < Duration.ofSeconds(3).toNanos(), "the client noticed at once");
            Files.delete(out);
            Files.delete(err);
            ScriptRun stop = lab.run(ns.name(), env, "stop"); // in-process: the daemon is gone
            assertEquals(0, stop.rc(), stop.toString());
            assertTrue(KernelSnapshot.of(ns.ns).nothingOf(VipNetns.VIP));
        }
    }

    @Test
    void theLauncherRefusesASecondDaemonOnTheSameRunDir() throws Exception {
        try (VipNetns ns = VipNetns.create("adtwo")) {
            Daemon d = lab.startDaemon(ns.name(), "two");
            try {
                Cmd second = Cmd.run(60, "ip", "netns", "exec", ns.name(), lab.launcher.toString());
                assertEquals(1, second.exit(), second.out() + second.err());
                assertTrue(second.err().contains("another clonevip-agentd serves"), second.err());
                assertTrue(d.process().isAlive());
                assertNotNull(Files.readString(lab.runDir.resolve("pid")));
            } finally {
                d.stop();
            }
        }
    }

    /**
     * A uid-0 client without capabilities (setpriv empties its bounding set, so CapEff is 0) is
     * refused: the daemon does not lend its own. The client then runs the start in a JVM of its
     * own, with its own (no) capabilities, which fails and adds nothing.
     */
    @Test
    void aRootClientWithoutTheDaemonsCapabilitiesIsRefusedAndRunsWithItsOwn() throws Exception {
        try (VipNetns ns = VipNetns.create("adcaps")) {
            Map<String, String> env = single("vp");
            env.put("HA_debug", "1");
            Daemon d = lab.startDaemon(ns.name(), "caps");
            try {
                ScriptRun r = lab.run(List.of("setpriv", "--inh-caps=-all", "--bounding-set=-all"), ns.name(), env, "start");
                assertTrue(r.err().contains("clonevip-agentd not used: client lacks capabilities the daemon has (CapEff 0000000000000000"),
                        r.toString());
                assertNotEquals(0, r.rc(), "in a JVM of its own without CAP_NET_ADMIN the start fails: " + r);
                System.out.println("start without capabilities, in its own JVM: exit " + r.rc() + ", "
                        + r.err().lines().filter(l -> l.startsWith("ocf-exit-reason:")).findFirst().orElse("no exit reason"));
                assertFalse(KernelSnapshot.of(ns.ns).addresses().contains(" " + VipNetns.VIP + "/"), "nothing added");
                assertEquals(1, AgentdLab.logged(d, " IPaddr3 start: client lacks capabilities the daemon has (CapEff 0000000000000000", 1),
                        d.logText());
                assertEquals(0, AgentdLab.served(d, "start", 0), d.logText());
                assertEquals(0, lab.run(ns.name(), env, "stop").rc());
            } finally {
                d.stop();
            }
        }
    }

    /**
     * A client in another user namespace is refused, and so is one in a mount namespace where its
     * HA_RSCTMP is another directory than the daemon's; a mount namespace that shows the same
     * files (as the unit's sandbox and `ip netns exec` make) is served.
     */
    @Test
    void clientsInAnotherUserNamespaceOrSeeingOtherFilesAreRefused() throws Exception {
        try (VipNetns ns = VipNetns.create("adns")) {
            Map<String, String> env = single("vn");
            env.put("HA_debug", "1");
            Daemon d = lab.startDaemon(ns.name(), "ns");
            try {
                ScriptRun user = lab.run(List.of("unshare", "--user", "--map-root-user"), ns.name(), env, "validate-all");
                assertTrue(user.err().contains("clonevip-agentd not used: client in another user namespace"), user.toString());
                ScriptRun files = lab.run(List.of("unshare", "--mount", "sh", "-c",
                        "mount -t tmpfs agentd-it \"$HA_RSCTMP\" && exec \"$0\" \"$@\""), ns.name(), env, "validate-all");
                assertEquals(0, files.rc(), files.toString());
                assertTrue(files.err().contains("clonevip-agentd not used: client's HA_RSCTMP is not the directory the daemon sees"),
                        files.toString());
                assertEquals(0, AgentdLab.served(d, "validate-all", 0), d.logText());
                ScriptRun same = lab.run(List.of("unshare", "--mount"), ns.name(), env, "validate-all");
                assertEquals(0, same.rc(), same.toString());
                assertFalse(same.err().contains("clonevip-agentd not used"), same.toString());
                assertEquals(1, AgentdLab.served(d, "validate-all", 1), d.logText());
                assertEquals(2, AgentdLab.logged(d, "refused pid ", 2), d.logText());
            } finally {
                d.stop();
            }
        }
    }

    /**
     * The tools an action runs are found on the daemon's fixed PATH, not on the client's, and
     * the daemon (whose environment its children inherit) runs with that PATH whatever it was
     * started with: an attrd_updater planted first on both is never run.
     */
    @Test
    void childrenRunWithTheFixedPath() throws Exception {
        Path bin = Files.createDirectories(lab.root.resolve("planted-bin"));
        Path ran = lab.root.resolve("planted-ran");
        for (String tool : List.of("attrd_updater", "crm_attribute")) {
            Path t = bin.resolve(tool);
            Files.writeString(t, "#!/bin/sh\necho \"$0\" >> " + ran + "\nexit 0\n");
            Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        String planted = "PATH=" + bin + ":/usr/sbin:/usr/bin:/sbin:/bin";
        try (VipNetns ns = VipNetns.create("adpath")) {
            Map<String, String> env = instance("vq", 0, 2);
            env.put("PATH", planted.substring("PATH=".length()));
            Daemon d = lab.startDaemon(ns.name(), "path", List.of("env", planted, lab.launcher.toString()));
            try {
                String environ = Files.readString(Path.of("/proc", Long.toString(d.pid()), "environ"));
                assertTrue(List.of(environ.split("\0")).contains("PATH=/usr/sbin:/usr/bin:/sbin:/bin"), environ);
                ScriptRun start = lab.run(ns.name(), env, "start");
                assertEquals(1, AgentdLab.served(d, "start", 1), d.logText());
                assertFalse(Files.exists(ran), "planted tool ran: " + (Files.exists(ran) ? Files.readString(ran) : ""));
                assertEquals(0, start.rc(), start.toString());
                assertEquals(0, lab.run(ns.name(), env, "stop").rc());
                assertFalse(Files.exists(ran), "planted tool ran at stop");
            } finally {
                d.stop();
            }
        }
    }

    /**
     * A run directory that is not root's or not mode 0700 is refused with a message saying so, and
     * nothing is written into it; a symbolic link as its lock is refused and not followed; one as
     * pid.tmp is replaced, never written through.
     */
    @Test
    void anUntrustedRunDirIsRefusedAndLinksInItAreNotFollowed() throws Exception {
        try (VipNetns ns = VipNetns.create("adrund")) {
            Path foreign = Files.createDirectory(lab.root.resolve("rd-foreign"), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            Cmd.ok("chown", "65534", foreign.toString());
            Path open = Files.createDirectory(lab.root.resolve("rd-open"));
            Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path linked = Files.createDirectory(lab.root.resolve("rd-linked"), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            Path lockTarget = lab.root.resolve("lock-target");
            Files.createSymbolicLink(linked.resolve("lock"), lockTarget);
            Map<Path, String> refused = Map.of(foreign, "it is owned by uid 65534, not root: refusing it",
                    open, "it has mode 0755: refusing it", linked, "lock is a symbolic link: refusing to open it");
            for (var e : refused.entrySet()) {
                Cmd r = Cmd.run(60, "ip", "netns", "exec", ns.name(), lab.launcher.toString(), "--run-dir", e.getKey().toString());
                assertEquals(1, r.exit(), e.getKey() + ": " + r.out() + r.err());
                assertTrue(r.err().contains("clonevip-agentd: cannot use " + e.getKey() + ": " + e.getValue()), r.err());
                try (Stream<Path> in = Files.list(e.getKey())) {
                    assertEquals(e.getKey() == linked ? List.of(linked.resolve("lock")) : List.of(), in.toList(), "nothing written");
                }
            }
            assertFalse(Files.exists(lockTarget), "nothing created through the lock link");
            Files.delete(linked.resolve("lock"));

            if (!Files.isDirectory(lab.runDir)) {
                Files.createDirectory(lab.runDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Path pidTarget = lab.root.resolve("pid-target");
            Files.createSymbolicLink(lab.runDir.resolve("pid.tmp"), pidTarget);
            Daemon d = lab.startDaemon(ns.name(), "rundir");
            try {
                assertFalse(Files.exists(pidTarget, LinkOption.NOFOLLOW_LINKS), "nothing written through the pid.tmp link");
                assertTrue(Files.isRegularFile(lab.runDir.resolve("pid"), LinkOption.NOFOLLOW_LINKS));
            } finally {
                d.stop();
            }
        }
    }

    /**
     * Pacemaker's timeout kills the entry script while the daemon runs its start (here: in the
     * pauses of 30 foreground ARP rounds): the daemon notices that its client is gone, interrupts
     * the action at its next pause, drops its result, and logs both; the stop that recovery runs
     * next is served as usual and leaves nothing.
     */
    @Test
    void anActionWhoseClientIsKilledIsInterrupted() throws Exception {
        try (VipNetns ns = VipNetns.create("adintr")) {
            Map<String, String> env = single("vi");
            env.put("OCF_RESKEY_arp_count", "30");
            env.put("OCF_RESKEY_arp_interval", "1000");
            Daemon d = lab.startDaemon(ns.name(), "intr");
            Path out = lab.root.resolve("intr-out.txt");
            Path err = lab.root.resolve("intr-err.txt");
            try {
                Process client = lab.startScript(lab.script, ns.name(), env, "start", out, err);
                assertTrue(AgentdLab.poll(Duration.ofSeconds(20),
                        () -> KernelSnapshot.of(ns.ns).addresses().contains(" " + VipNetns.VIP + "/")), "start began");
                assertTrue(client.isAlive(), "the client waits for the ARP rounds");
                client.destroyForcibly().waitFor();
                long killed = System.nanoTime();
                assertEquals(1, AgentdLab.logged(d, " IPaddr3 start: client gone during the action; interrupting it", 1), d.logText());
                assertEquals(1, AgentdLab.logged(d, " IPaddr3 start interrupted: ended with exit ", 1), d.logText());
                long took = System.nanoTime() - killed;
                assertTrue(took < Duration.ofSeconds(5).toNanos(), "ended at its next pause, not after 29 rounds: " + d.logText());
                System.out.println("interrupted start ended " + took / 1_000_000 + " ms after its client was killed: "
                        + d.logText().lines().filter(l -> l.contains(" interrupted: ")).findFirst().orElse(""));
                assertEquals(0, AgentdLab.served(d, "start", 0), "no result sent for the interrupted start");
                ScriptRun stop = lab.run(ns.name(), env, "stop");
                assertEquals(0, stop.rc(), stop.toString());
                assertEquals(1, AgentdLab.served(d, "stop", 1), d.logText());
                assertTrue(KernelSnapshot.of(ns.ns).nothingOf(VipNetns.VIP));
            } finally {
                d.stop();
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        }
    }

    /**
     * Issue #14: mysql_monitor's monitor goes through the daemon too, without its password. The
     * installed entry script removes the secret parameters before asking (the daemon reads the
     * client's /proc environment), so the daemon serves it; a client that still carries the
     * password (an entry script not written by install.sh, imitated with the variable that skips
     * the removal) is refused by the parameter's name and answers the same in its own JVM; the
     * actions that need the password (start, validate-all) never ask. The password is in no file
     * and not in the daemon's log (checked after all tests).
     */
    @Test
    void mysqlMonitorsMonitorIsServedWithoutItsPassword() throws Exception {
        Path mm = lab.root.resolve("ocf/mysql_monitor");
        try (VipNetns ns = VipNetns.create("admm")) {
            Map<String, String> env = new java.util.HashMap<>(Map.of("OCF_ROOT", "/usr/lib/ocf",
                    "OCF_RESOURCE_INSTANCE", "mm", "HA_RSCTMP", rscTmp("mm"), "OCF_RESKEY_password", SECRET,
                    "OCF_RESKEY_user", "monitor"));
            Daemon d = lab.startDaemon(ns.name(), "mm");
            try {
                ScriptRun served = lab.run(mm, ns.name(), env, "monitor");
                assertEquals(7, served.rc(), served.toString()); // no check daemon started: not running
                assertEquals(1, AgentdLab.logged(d, " MysqlMonitorAgent monitor rc=7", 1), d.logText());
                assertFalse(d.logText().contains("refused"), d.logText());

                Map<String, String> unclean = new java.util.HashMap<>(env);
                unclean.put("CLONEVIP_AGENTD_CLEAN", "1");
                ScriptRun refused = lab.run(mm, ns.name(), unclean, "monitor");
                assertEquals(7, refused.rc(), refused.toString());
                assertEquals(1, AgentdLab.logged(d, " MysqlMonitorAgent monitor: client environment carries the secret parameter password", 1),
                        d.logText());
                assertEquals(1, AgentdLab.logged(d, " MysqlMonitorAgent monitor rc=", 1), "the refused one ran in its own JVM");

                ScriptRun validate = lab.run(mm, ns.name(), env, "validate-all");
                assertEquals(0, validate.rc(), validate.toString());
                assertEquals(0, AgentdLab.logged(d, " MysqlMonitorAgent validate-all", 0), d.logText());
            } finally {
                d.stop();
            }
        }
    }
}
