package io.clonevip.agent.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.ocf.OcfException;
import io.clonevip.ocf.OcfExitCode;
import io.clonevip.ocf.TimeValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MysqlMonitorConfigTest {
    private static final String PW = "S3cr3t-Pw-Zz9";
    private static final Path STATE = Path.of("/run/x/mysql-monitor-m.state");

    @TempDir
    Path dir;

    @Test
    void perconaDefaults() throws Exception {
        MysqlMonitorConfig c = MysqlMonitorConfig.parse(Map.of(), STATE);
        assertEquals("root", c.user());
        assertTrue(c.password().isEmpty());
        assertEquals("readable", c.readerAttribute());
        assertEquals("writable", c.writerAttribute());
        assertEquals(3600, c.maxSlaveLag());
        assertEquals(ClusterType.REPLICATION, c.clusterType());
        assertEquals(1, c.readerFailcount());
        assertEquals(Path.of(MysqlMonitorConfig.DEFAULT_SOCKET), c.socket());
        assertNull(c.host());
        assertNull(c.pidFile());
        assertEquals(STATE, c.stateFile());
        assertEquals(Duration.ofSeconds(1), c.pollInterval());
        assertFalse(c.availableWhenDonor());
        assertTrue(c.availableWhenReadonly());
        assertEquals(Duration.ZERO, c.dampen());
        assertNull(c.load()); // load publishing is off unless load_attribute is set
    }

    @Test
    void loadPublishingParameters() throws Exception {
        MysqlMonitorConfig c = MysqlMonitorConfig.parse(params("load_attribute", "load_headroom", "pid", "/run/m.pid"),
                STATE);
        assertEquals(new LoadSettings("load_headroom", null, 20, Duration.ofMinutes(10)), c.load());
        MysqlMonitorConfig d = MysqlMonitorConfig.parse(params("load_attribute", " lh ", "load_cgroup",
                "/system.slice/mariadb.service", "load_threshold", "30", "load_hold", "90s"), STATE);
        assertEquals(new LoadSettings("lh", "/system.slice/mariadb.service", 30, Duration.ofSeconds(90)), d.load());
        OcfException e = assertThrows(OcfException.class,
                () -> MysqlMonitorConfig.parse(params("load_attribute", "load_headroom"), STATE));
        assertEquals(OcfExitCode.ERR_CONFIGURED, e.code());
        assertTrue(e.reason().contains("load_attribute") && e.reason().contains("pid"), e.reason());
    }

    @Test
    void additiveParameters() throws Exception {
        MysqlMonitorConfig c = MysqlMonitorConfig.parse(params("host", "127.0.0.1", "port", "3311",
                "cluster_type", "pxc", "poll_interval", "500ms", "connect_timeout", "1.5s", "query_timeout", "1s",
                "available_when_donor", "true", "available_when_readonly", "no", "dampen", "5s",
                "reader_failcount", "3", "password", PW), STATE);
        assertEquals(3311, c.port());
        assertNull(c.socket());
        assertEquals(ClusterType.PXC, c.clusterType());
        assertEquals(Duration.ofMillis(500), c.pollInterval());
        assertEquals(Duration.ofMillis(1500), c.connectTimeout());
        assertTrue(c.availableWhenDonor());
        assertFalse(c.availableWhenReadonly());
        assertEquals(Duration.ofSeconds(5), c.dampen());
        assertEquals(3, c.readerFailcount());
        assertFalse(c.toString().contains(PW), c.toString());
        assertTrue(c.toString().contains("<redacted>"));
        assertTrue(c.staleAfterSeconds() >= 3);
    }

    @Test
    void errorsNameTheParameter() {
        assertParam("cluster_type", Map.of("cluster_type", "galera"));
        assertParam("max_slave_lag", Map.of("max_slave_lag", "-1"));
        assertParam("reader_failcount", Map.of("reader_failcount", "zero"));
        assertParam("poll_interval", Map.of("poll_interval", "fast"));
        assertParam("poll_interval", Map.of("poll_interval", "1ms"));
        assertParam("port", Map.of("host", "h", "port", "70000"));
        assertParam("socket", Map.of("socket", "relative.sock"));
        assertParam("available_when_donor", Map.of("available_when_donor", "maybe"));
        assertParam("writer_attribute", Map.of("writer_attribute", "readable"));
        assertParam("reader_attribute", Map.of("reader_attribute", "bad name"));
    }

    @Test
    void badValueNextToAPasswordDoesNotShowThePassword() {
        var e = assertThrows(OcfException.class,
                () -> MysqlMonitorConfig.parse(Map.of("password", PW, "cluster_type", "x"), STATE));
        assertFalse(e.getMessage().contains(PW), e.getMessage());
    }

    @Test
    void credentialsFileIsPreferredAndMustBePrivate() throws Exception {
        Path f = dir.resolve("monitor.cnf");
        Files.writeString(f, "[mysqld]\npassword=other\n[client]\nuser = mon\npassword = \"" + PW + "\"\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        MysqlMonitorConfig c = MysqlMonitorConfig.parse(Map.of("credentials_file", f.toString(), "password", "ignored"), STATE);
        assertEquals("mon", c.user());
        assertEquals(PW, c.password().reveal());

        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        var e = assertThrows(OcfException.class,
                () -> MysqlMonitorConfig.parse(Map.of("credentials_file", f.toString()), STATE));
        assertTrue(e.reason().startsWith("credentials_file: "), e.reason());
        assertEquals(OcfExitCode.ERR_PERM, e.code());
        assertFalse(e.getMessage().contains(PW));

        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw----r--"));
        assertThrows(OcfException.class, () -> MysqlMonitorConfig.parse(Map.of("credentials_file", f.toString()), STATE));

        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        Files.setAttribute(f, "unix:uid", 4242);
        e = assertThrows(OcfException.class,
                () -> MysqlMonitorConfig.parse(Map.of("credentials_file", f.toString()), STATE));
        assertTrue(e.getMessage().contains("owned by uid 4242"), e.getMessage());
    }

    @Test
    void durations() throws Exception {
        assertEquals(Optional.of(Duration.ofMillis(250)), TimeValue.parse("250ms"));
        assertEquals(Optional.of(Duration.ofSeconds(2)), TimeValue.parse("2"));
        assertEquals(Optional.of(Duration.ofMillis(500)), TimeValue.parse("0.5s"));
        assertEquals(Optional.of(Duration.ofMinutes(1)), TimeValue.parse("1min"));
        assertEquals(Optional.empty(), TimeValue.parse("1.5m"), "fractions only with seconds");
        assertEquals(Optional.empty(), TimeValue.parse("fast"));
        assertEquals("500ms", TimeValue.show(Duration.ofMillis(500)));
        assertEquals("2s", TimeValue.show(Duration.ofSeconds(2)));
        var e = assertThrows(OcfException.class, () -> MysqlMonitorConfig.parse(Map.of("dampen", "2h"), STATE));
        assertEquals("parameter 'dampen' must be between 0s and 3600s, got '2h'", e.reason());
    }

    static Map<String, String> params(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static void assertParam(String name, Map<String, String> params) {
        var e = assertThrows(OcfException.class, () -> MysqlMonitorConfig.parse(new HashMap<>(params), STATE));
        assertTrue(e.reason().startsWith("parameter '" + name + "' "), e.reason());
        assertEquals(OcfExitCode.ERR_CONFIGURED, e.code());
    }
}
