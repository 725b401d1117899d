package io.clonevip.agent.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.lab.PacemakerLab;
import io.clonevip.ocf.MetaDataXml;
import io.clonevip.pacemaker.CommandResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The installed mysql_monitor (scripts/install.sh on the packaged jars, run after {@code package})
 * against a real MariaDB (the replication lab's primary, through its unix socket): ocf-tester with
 * a recording attrd_updater, meta-data and validate-all through the installed script, the
 * password kept out of the daemon's argv and every text, and a real 1-node Pacemaker running it
 * as a resource with dampened attributes.
 */
class MysqlMonitorAgentIT {
    private static final Path SCRIPTS = Path.of("..", "scripts").toAbsolutePath().normalize();
    private static final String ID = "mmit" + ProcessHandle.current().pid();
    private static final Pattern ATTRD_VALUE = Pattern.compile("value=\"([^\"]*)\"");
    private static Path root;
    private static Path agent;
    private static Path credentials;
    private static ReplicationLab db;
    /** Everything any process printed in this class: checked for the password at the end. */
    private static final StringBuilder CAPTURED = new StringBuilder();

    record Run(int rc, String out) {
        List<String> reasons() {
            return out.lines().filter(l -> l.startsWith("ocf-exit-reason:")).toList();
        }
    }

    @BeforeAll
    static void setUp() throws Exception {
        root = Files.createTempDirectory("clonevip-mmit-");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x")); // ocf-tester: nobody
        Run installed = install("install.sh", Map.of("LIBDIR", root + "/lib", "CONFDIR", root + "/etc",
                "OCFDIR", root + "/ocf"));
        assertEquals(0, installed.rc(), installed.out());
        agent = root.resolve("ocf/mysql_monitor");
        db = ReplicationLab.up();
        credentials = root.resolve("monitor.cnf");
        Files.writeString(credentials, "[client]\nuser=monitor\npassword=" + db.monitorPassword() + "\n");
        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
        Path bin = Files.createDirectories(root.resolve("bin"));
        Path recorder = bin.resolve("attrd_updater");
        Files.writeString(recorder, "#!/bin/sh\necho \"$*\" >> \"" + root.resolve("attrd.log") + "\"\n");
        Files.setPosixFilePermissions(recorder, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(Files.createDirectory(root.resolve("run")), PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterAll
    static void tearDown() throws Exception {
        try {
            if (db != null) {
                CAPTURED.append(db.transcript());
                db.close();
            }
            if (root != null) {
                install("uninstall.sh", Map.of("LIBDIR", root + "/lib"));
                try (Stream<Path> all = Files.walk(root)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        } finally {
            if (db != null) {
                assertFalse(CAPTURED.toString().contains(db.monitorPassword()), "the password leaked into captured text");
            }
        }
    }

    @Test
    void ocfTesterPassesAgainstARealServer() throws Exception {
        Path state = root.resolve("run/ocftester.state");
        Run r = run(List.of("ocf-tester", "-n", "octest-" + ID, "-o", "socket=" + db.socket(ReplicationLab.PRIMARY),
                "-o", "credentials_file=" + credentials, "-o", "state=" + state, "-o", "poll_interval=200ms",
                "-o", "connect_timeout=500ms", "-o", "query_timeout=500ms", agent.toString()), recordingPath(), 180);
        assertEquals(0, r.rc(), r.out());
        assertTrue(r.out().contains("passed all tests"), r.out());
        List<String> writes = Files.readAllLines(root.resolve("attrd.log"));
        assertTrue(writes.containsAll(List.of("-n readable -U 1", "-n writable -U 1", "-n readable -U 0",
                "-n writable -U 0")), writes.toString());
        assertFalse(Files.exists(state), "stopped at the end");
    }

    @Test
    void metaDataAndValidateAllThroughTheInstalledScript() throws Exception {
        String expected = MetaDataXml.render(new MysqlMonitorAgent().metaData());
        assertEquals(expected, Files.readString(root.resolve("lib/meta-data/mysql_monitor.xml")));
        Run asNobody = run(List.of("su", "nobody", "-s", "/bin/sh", "-c", agent + " meta-data"), Map.of(), 30);
        assertEquals(0, asNobody.rc(), asNobody.out());
        assertEquals(expected, asNobody.out());

        Map<String, String> env = new HashMap<>(Map.of("OCF_RESKEY_password", db.monitorPassword(),
                "OCF_RESKEY_cluster_type", "galera", "HA_RSCTMP", root.resolve("run").toString()));
        Run bad = run(List.of(agent.toString(), "validate-all"), env, 60);
        assertEquals(6, bad.rc(), bad.out());
        assertEquals(List.of("ocf-exit-reason:cluster_type: 'galera' is not one of replication, pxc, read-only"),
                bad.reasons());
        Path shared = root.resolve("shared.cnf");
        Files.writeString(shared, "[client]\npassword=" + db.monitorPassword() + "\n");
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-r-----"));
        env.put("OCF_RESKEY_cluster_type", "read-only");
        env.put("OCF_RESKEY_credentials_file", shared.toString());
        Run perm = run(List.of(agent.toString(), "validate-all"), env, 60);
        assertEquals(4, perm.rc(), perm.out());
        env.put("OCF_RESKEY_credentials_file", credentials.toString());
        Run ok = run(List.of(agent.toString(), "validate-all"), env, 60);
        assertEquals(0, ok.rc(), ok.out());
        assertEquals("", ok.out());
    }

    @Test
    void passwordNeverOnTheDaemonsCommandLine() throws Exception {
        Map<String, String> env = recordingPath();
        env.putAll(Map.of("OCF_RESOURCE_INSTANCE", "pw-" + ID, "OCF_RESKEY_state", root.resolve("run/pw.state").toString(),
                "OCF_RESKEY_socket", db.socket(ReplicationLab.PRIMARY).toString(), "OCF_RESKEY_user", "monitor",
                "OCF_RESKEY_password", db.monitorPassword(), "OCF_RESKEY_poll_interval", "200ms"));
        Run start = run(List.of(agent.toString(), "start"), env, 60);
        try {
            assertEquals(0, start.rc(), start.out());
            long pid = Long.parseLong(Files.readString(root.resolve("run/pw.state.pid")).strip());
            String cmdline = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
            assertTrue(cmdline.contains("io.clonevip.agent.mysql.MonitorDaemon"), cmdline);
            assertFalse(cmdline.contains(db.monitorPassword()), "password in the daemon's argv");
            assertTrue(Files.readString(root.resolve("run/pw.state")).contains("decision=WRITABLE"),
                    "connected with the password from the environment");
            CAPTURED.append(cmdline).append('\n');
        } finally {
            Run stop = run(List.of(agent.toString(), "stop"), env, 60);
            assertEquals(0, stop.rc(), stop.out());
        }
        CAPTURED.append(Files.readString(root.resolve("run/pw.state.log")));
    }

    /**
     * Real Pacemaker: the installed agent as a primitive in a 1-node lab. The server runs in the
     * host's namespaces; the node (own network and PID namespaces, shared /tmp) reaches it through
     * its unix socket. attrd applies the daemon's dampening (1500ms) before the CIB changes.
     */
    @Test
    void runsAsAPacemakerResource() throws Exception {
        String provider = "cv" + ID;
        Path base = Files.createDirectory(root.resolve("pcmk"));
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        Run installed = install("install.sh", Map.of("LIBDIR", base + "/lib", "CONFDIR", base + "/etc",
                "OCFDIR", "/usr/lib/ocf/resource.d/" + provider));
        assertEquals(0, installed.rc(), installed.out());
        try (PacemakerLab lab = PacemakerLab.start(1)) {
            Path rsc = base.resolve("rsc.xml");
            Files.writeString(rsc, "<primitive id=\"p_mm\" class=\"ocf\" provider=\"" + provider + "\" type=\"mysql_monitor\">"
                    + "<instance_attributes id=\"p_mm-ia\">"
                    + nv("socket", db.socket(ReplicationLab.PRIMARY).toString()) + nv("user", "monitor")
                    + nv("password", db.monitorPassword()) + nv("cluster_type", "replication")
                    + nv("poll_interval", "200ms") + nv("dampen", "1500ms")
                    + "</instance_attributes><operations><op id=\"p_mm-mon\" name=\"monitor\" interval=\"5s\" "
                    + "timeout=\"20s\"/></operations></primitive>");
            lab.execOk(1, "cibadmin", "-C", "-o", "resources", "-x", rsc.toString());
            Duration limit = Duration.ofSeconds(30);
            lab.waitFor("readable=1 writable=1 in the CIB", limit, () ->
                    lab.nodeAttribute(1, "writable").equals(Optional.of("1"))
                            && lab.nodeAttribute(1, "readable").equals(Optional.of("1")));
            assertEquals(Optional.of("1"), attrd(lab, "writable"));
            String pid = lab.execOk(1, "cat", "/run/resource-agents/mysql-monitor-p_mm.state.pid").strip();
            String cmdline = lab.execOk(1, "cat", "/proc/" + pid + "/cmdline").replace('\0', ' ');
            assertTrue(cmdline.contains("MonitorDaemon"), cmdline);
            CAPTURED.append(cmdline).append('\n');

            db.sql(ReplicationLab.PRIMARY, "SET GLOBAL read_only=ON");
            try {
                lab.waitFor("attrd writable=0", limit, () -> attrd(lab, "writable").equals(Optional.of("0")));
                long seen = System.nanoTime();
                assertEquals(Optional.of("1"), lab.nodeAttribute(1, "writable"), "dampened: not in the CIB yet");
                lab.waitFor("CIB writable=0", limit, () -> lab.nodeAttribute(1, "writable").equals(Optional.of("0")));
                long dampedMs = (System.nanoTime() - seen) / 1_000_000;
                System.err.println("mysql_monitor IT: CIB writable=0 " + dampedMs + " ms after attrd had it (dampen 1500ms)");
                assertTrue(dampedMs >= 700, "dampening held the CIB back only " + dampedMs + " ms");
                assertEquals(Optional.of("0"), lab.nodeAttribute(1, "readable"), "read_only primary: no slave status");
            } finally {
                db.sql(ReplicationLab.PRIMARY, "SET GLOBAL read_only=OFF");
            }
            lab.waitFor("CIB writable=1 again", limit, () -> lab.nodeAttribute(1, "writable").equals(Optional.of("1")));

            lab.execOk(1, "crm_resource", "-r", "p_mm", "--meta", "--set-parameter", "target-role", "-v", "Stopped");
            lab.waitFor("attributes 0/0 after stop", limit, () ->
                    attrd(lab, "writable").equals(Optional.of("0")) && attrd(lab, "readable").equals(Optional.of("0")));
            lab.waitFor("p_mm stopped", limit, () -> lab.status(1).locate("p_mm").isEmpty());
            assertFalse(lab.exec(1, "test", "-e", "/proc/" + pid).exitCode() == 0
                    && lab.exec(1, "grep", "-qa", "MonitorDaemon", "/proc/" + pid + "/cmdline").exitCode() == 0,
                    "daemon gone after stop");
            CAPTURED.append(lab.execOk(1, "crm_mon", "-1", "-A", "-r"));
            // Pacemaker's own logs of the node: pacemaker-based logs every CIB change with its
            // values at info level, so a password *parameter* is in pacemaker.log (credentials_file
            // avoids that); no other line may have it (not the agent's, execd's or the exit reasons)
            Path pattern = base.resolve("pw.pattern");
            Files.writeString(pattern, db.monitorPassword() + "\n");
            Files.setPosixFilePermissions(pattern, PosixFilePermissions.fromString("rw-------"));
            CommandResult logs = lab.exec(1, "grep", "-rhFf", pattern.toString(), "/var/log/pacemaker", "/var/log/corosync");
            List<String> lines = logs.stdout().lines().map(l -> l.replace(db.monitorPassword(), "***")).toList();
            assertFalse(lines.isEmpty(), "pacemaker-based logged the CIB change with the parameter");
            for (String l : lines) {
                assertTrue(l.contains("pacemaker-based") && l.contains("cib_perform_op"), "password in a log line: " + l);
            }
        } finally {
            Run u = install("uninstall.sh", Map.of("LIBDIR", base + "/lib"));
            assertEquals(0, u.rc(), u.out());
            assertFalse(Files.exists(Path.of("/usr/lib/ocf/resource.d", provider)));
        }
    }

    private static String nv(String name, String value) {
        return "<nvpair id=\"p_mm-" + name + "\" name=\"" + name + "\" value=\"" + value + "\"/>";
    }

    /** attrd's current value (attrd_updater -Q), ahead of the CIB when dampened. */
    private static Optional<String> attrd(PacemakerLab lab, String name) {
        CommandResult r = lab.exec(1, "attrd_updater", "-Q", "-n", name, "-N", PacemakerLab.nodeName(1));
        Matcher m = ATTRD_VALUE.matcher(r.stdout());
        return r.ok() && m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static Map<String, String> recordingPath() {
        return new HashMap<>(Map.of("PATH", root.resolve("bin") + ":" + System.getenv("PATH")));
    }

    private static Run install(String script, Map<String, String> env) throws Exception {
        Map<String, String> all = new HashMap<>(env);
        all.put("JDK_HOME", System.getProperty("java.home"));
        return run(List.of("sh", SCRIPTS.resolve(script).toString()), all, 180);
    }

    /** Runs {@code cmd} with this environment added, stdout and stderr merged. */
    private static Run run(List<String> cmd, Map<String, String> env, int timeoutSeconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(cmd + " timed out");
        }
        synchronized (CAPTURED) {
            CAPTURED.append(out);
        }
        return new Run(p.exitValue(), out);
    }
}
