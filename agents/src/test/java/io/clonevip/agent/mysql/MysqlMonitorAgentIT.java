package io.clonevip.agent.mysql;

import io.clonevip.testkit.db.DbLab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.ocf.MetaDataXml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The installed mysql_monitor (scripts/install.sh on the packaged jars, run after {@code package})
 * against a real MariaDB (the replication lab's primary, through its unix socket): ocf-tester with
 * a recording attrd_updater, meta-data and validate-all through the installed script, the
 * password kept out of the daemon's argv and every text. Under a real Pacemaker:
 * {@link MysqlMonitorPacemakerIT}.
 */
class MysqlMonitorAgentIT {
    private static final Path SCRIPTS = Path.of("..", "scripts").toAbsolutePath().normalize();
    private static final String ID = "mmit" + ProcessHandle.current().pid();
    private static Path root;
    private static Path agent;
    private static Path credentials;
    private static DbLab db;
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
        db = DbLab.replication();
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
        Run r = run(List.of("ocf-tester", "-n", "octest-" + ID, "-o", "socket=" + db.socket(DbLab.PRIMARY),
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
        assertEquals(List.of("ocf-exit-reason:parameter 'cluster_type' must be one of replication, pxc, read-only,"
                + " got 'galera'"), bad.reasons());
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
                "OCF_RESKEY_socket", db.socket(DbLab.PRIMARY).toString(), "OCF_RESKEY_user", "monitor",
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
