package io.clonevip.agent.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
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
        var e = assertThrows(MonitorConfigException.class,
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
        var e = assertThrows(MonitorConfigException.class,
                () -> MysqlMonitorConfig.parse(Map.of("credentials_file", f.toString()), STATE));
        assertEquals("credentials_file", e.parameter());
        assertEquals(MonitorConfigException.OCF_ERR_PERM, e.exitCode());
        assertFalse(e.getMessage().contains(PW));

        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw----r--"));
        assertThrows(MonitorConfigException.class, () -> MysqlMonitorConfig.parse(Map.of("credentials_file", f.toString()), STATE));

        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        Files.setAttribute(f, "unix:uid", 4242);
        e = assertThrows(MonitorConfigException.class,
                () -> MysqlMonitorConfig.parse(Map.of("credentials_file", f.toString()), STATE));
        assertTrue(e.getMessage().contains("owned by uid 4242"), e.getMessage());
    }

    @Test
    void durations() throws Exception {
        Duration max = Duration.ofHours(2);
        assertEquals(Duration.ofMillis(250), DurationParameter.parse("x", "250ms", Duration.ZERO, max));
        assertEquals(Duration.ofSeconds(2), DurationParameter.parse("x", "2", Duration.ZERO, max));
        assertEquals(Duration.ofMillis(500), DurationParameter.parse("x", "0.5s", Duration.ZERO, max));
        assertEquals(Duration.ofMinutes(1), DurationParameter.parse("x", "1min", Duration.ZERO, max));
        assertEquals("500ms", DurationParameter.show(Duration.ofMillis(500)));
        assertEquals("2s", DurationParameter.show(Duration.ofSeconds(2)));
    }

    static Map<String, String> params(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static void assertParam(String name, Map<String, String> params) {
        var e = assertThrows(MonitorConfigException.class, () -> MysqlMonitorConfig.parse(new HashMap<>(params), STATE));
        assertEquals(name, e.parameter());
        assertTrue(e.getMessage().startsWith(name + ":"), e.getMessage());
        assertEquals(MonitorConfigException.OCF_ERR_CONFIGURED, e.exitCode());
    }
}
