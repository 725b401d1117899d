package io.clonevip.agent.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.ocf.MetaDataXml;
import io.clonevip.ocf.OcfMain;
import io.clonevip.ocf.Parameter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OCF model of mysql_monitor and validate-all through the framework's dispatcher, in process:
 * Percona's parameter names and defaults, the secret password, and validate-all giving the same
 * verdict as the daemon's {@code --validate} for every kind of bad parameter.
 */
class MysqlMonitorAgentTest {
    private static final String SECRET = "Pw-ocf-4711-secret";

    @TempDir
    Path dir;

    record Run(int rc, String out, String err) {
        List<String> reasons() {
            return err.lines().filter(l -> l.startsWith("ocf-exit-reason:")).toList();
        }
    }

    private static Run ocf(String action, Map<String, String> env) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = OcfMain.run(new MysqlMonitorAgent(), new String[] {action}, env,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Map<String, String> env(String... params) {
        Map<String, String> env = new HashMap<>();
        env.put("HA_RSCTMP", dir.toString());
        env.put("OCF_RESOURCE_INSTANCE", "p_mysql_monit:1");
        env.put("OCF_RESKEY_password", SECRET);
        for (int i = 0; i < params.length; i += 2) {
            env.put("OCF_RESKEY_" + params[i], params[i + 1]);
        }
        return env;
    }

    @Test
    void modelHasPerconasParametersAndDefaultsPlusTheAdditiveOnes() {
        var md = new MysqlMonitorAgent().metaData();
        Map<String, String> percona = new HashMap<>();
        percona.put("state", "${HA_RSCTMP}/mysql-monitor-${OCF_RESOURCE_INSTANCE}.state");
        percona.put("user", "root");
        percona.put("password", null);
        percona.put("client_binary", "/usr/bin/mysql");
        percona.put("socket", "/var/lib/mysql/mysql.sock");
        percona.put("reader_attribute", "readable");
        percona.put("writer_attribute", "writable");
        percona.put("reader_failcount", "1");
        percona.put("max_slave_lag", "3600");
        percona.put("cluster_type", "replication");
        percona.put("pid", null); // deliberately no default (docs/user/mysql-monitor.md)
        percona.forEach((name, dflt) -> {
            Parameter p = md.parameter(name).orElseThrow(() -> new AssertionError("no parameter " + name));
            assertEquals(dflt, p.defaultValue(), name);
        });
        for (String added : List.of("credentials_file", "host", "port", "poll_interval", "connect_timeout",
                "query_timeout", "available_when_donor", "available_when_readonly", "dampen", "load_attribute", "load_cgroup",
                "load_threshold", "load_hold")) {
            assertTrue(md.parameter(added).isPresent(), added);
        }
        assertTrue(md.parameter("password").orElseThrow().secret());
        assertEquals(1, md.parameters().stream().filter(Parameter::secret).count());
        Run r = ocf("meta-data", Map.of());
        assertEquals(0, r.rc());
        assertEquals(MetaDataXml.render(md), r.out());
    }

    @Test
    void validateAllGivesTheDaemonsVerdict() throws IOException {
        Path good = dir.resolve("good.cnf");
        Files.writeString(good, "[client]\nuser=monitor\npassword=" + SECRET + "\n");
        Files.setPosixFilePermissions(good, PosixFilePermissions.fromString("rw-------"));
        Path shared = dir.resolve("shared.cnf");
        Files.writeString(shared, "[client]\npassword=" + SECRET + "\n");
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-r--r--"));
        // each case with the exit code validate-all gives (the daemon runs the same MysqlMonitorConfig.from)
        Map<Map<String, String>, Integer> cases = new java.util.LinkedHashMap<>();
        cases.put(env(), 0);
        cases.put(env("cluster_type", "PXC"), 0);
        cases.put(env("cluster_type", "galera"), 6);
        cases.put(env("port", "x"), 6);
        cases.put(env("port", "70000"), 6);
        cases.put(env("available_when_donor", "ja"), 0);
        cases.put(env("available_when_donor", "y"), 6);
        cases.put(env("available_when_readonly", "maybe"), 6);
        cases.put(env("poll_interval", "10ms"), 6);
        cases.put(env("dampen", "1500ms"), 0);
        cases.put(env("dampen", "1.5s"), 0);
        cases.put(env("max_slave_lag", "99999999999"), 6);
        cases.put(env("reader_failcount", "0"), 6);
        cases.put(env("writer_attribute", "readable"), 6);
        cases.put(env("reader_attribute", "a b"), 6);
        cases.put(env("socket", "relative"), 6);
        cases.put(env("pid", "/run/mysqld/mysqld.pid"), 0);
        cases.put(env("credentials_file", good.toString()), 0);
        cases.put(env("credentials_file", shared.toString()), 4);
        cases.put(env("credentials_file", dir.resolve("none").toString()), 5);
        cases.put(env("state", "relative.state"), 6);
        cases.put(env("host", "127.0.0.1", "port", "3307"), 0);
        cases.put(env("load_attribute", "load_headroom", "pid", "/run/mysqld/mysqld.pid"), 0);
        cases.put(env("load_attribute", "load_headroom", "load_cgroup", "/system.slice/mariadb.service",
                "load_threshold", "30", "load_hold", "0"), 0);
        cases.put(env("load_attribute", "load_headroom"), 6); // neither pid nor load_cgroup
        cases.put(env("load_attribute", "writable", "pid", "/run/mysqld/mysqld.pid"), 6);
        cases.put(env("load_attribute", "load headroom", "pid", "/run/mysqld/mysqld.pid"), 6);
        cases.put(env("load_attribute", "load_headroom", "load_cgroup", "system.slice/x"), 6);
        cases.put(env("load_attribute", "load_headroom", "load_cgroup", "/a/../b"), 6);
        cases.put(env("load_attribute", "load_headroom", "pid", "/p", "load_threshold", "0"), 6);
        cases.put(env("load_attribute", "load_headroom", "pid", "/p", "load_hold", "ever"), 6);
        cases.put(env("load_cgroup", "not checked while load_attribute is empty"), 0);
        int failures = 0;
        for (Map.Entry<Map<String, String>, Integer> c : cases.entrySet()) {
            Map<String, String> e = c.getKey();
            Run ocf = ocf("validate-all", e);
            assertEquals(c.getValue(), ocf.rc(), "validate-all for " + e + ": " + ocf);
            if (ocf.rc() != 0) {
                failures++;
                assertEquals(1, ocf.reasons().size(), ocf.err());
            }
            assertFalse(ocf.out().contains(SECRET) || ocf.err().contains(SECRET), "password printed: " + ocf);
        }
        assertEquals(21, failures, "the bad cases fail");
        Run shown = ocf("validate-all", env("credentials_file", shared.toString()));
        assertEquals(4, shown.rc());
        assertTrue(shown.reasons().getFirst().startsWith("ocf-exit-reason:credentials_file: " + shared
                + " is readable or writable by group or others"), shown.err());
        Run type = ocf("validate-all", env("cluster_type", "galera"));
        assertEquals(List.of("ocf-exit-reason:parameter 'cluster_type' must be one of replication, pxc, read-only,"
                + " got 'galera'"), type.reasons());
    }

    /**
     * Nothing started: monitor (probe and recurring) is 7 without a write, stop succeeds and sets
     * both attributes to 0 (a daemon killed earlier may have left them), and no file is created.
     */
    @Test
    void monitorAndStopOfAnInstanceNeverStarted() throws IOException {
        FakeAttrd attrd = FakeAttrd.in(Files.createDirectory(dir.resolve("attrd")));
        Map<String, String> e = env();
        e.put("PATH", attrd.bin() + ":" + System.getenv("PATH"));
        assertEquals(7, ocf("monitor", e).rc());
        e.put("OCF_RESKEY_CRM_meta_interval", "10000");
        assertEquals(7, ocf("monitor", e).rc());
        assertEquals(List.of(), attrd.calls());
        Run stop = ocf("stop", e);
        assertEquals(0, stop.rc(), stop.toString());
        assertEquals(List.of(), stop.reasons());
        assertEquals(List.of("-n readable -U 0", "-n writable -U 0"), attrd.calls());
        try (var left = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("attrd")), left.toList(), "no state file created");
        }
    }

    @Test
    void passwordNeverShownEvenWithTracing() {
        Map<String, String> e = env("port", SECRET); // a value that happens to be the password
        e.put("OCF_TRACE_RA", "1");
        Run bad = ocf("validate-all", e);
        assertEquals(6, bad.rc());
        assertEquals(1, bad.reasons().size(), bad.err());
        assertFalse(bad.err().contains(SECRET), bad.err());
    }
}
