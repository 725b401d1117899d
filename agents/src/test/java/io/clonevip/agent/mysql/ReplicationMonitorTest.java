package io.clonevip.agent.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The monitor in replication and read-only modes against a real GTID primary/replica pair. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicationMonitorTest {
    static final String WRONG_PASSWORD = "wrong-Pw-7731x";
    static final String WRONG_REPL_PASSWORD = "bad-repl-Pw-5520q";
    private static final Duration SOON = Duration.ofSeconds(3);
    private static ReplicationLab lab;
    private static MonitorRun primary;
    private static MonitorRun replica;
    static final List<String> exceptionTexts = new ArrayList<>();

    @BeforeAll
    static void up() throws Exception {
        LogCapture.install();
        lab = ReplicationLab.up();
        primary = MonitorRun.start(params(ReplicationLab.PRIMARY, "replication"));
        replica = MonitorRun.start(params(ReplicationLab.REPLICA, "replication"));
    }

    @AfterAll
    static void down() throws Exception {
        try {
            for (MonitorRun r : new MonitorRun[] {primary, replica}) {
                if (r != null) {
                    r.close();
                }
            }
        } finally {
            if (lab != null) {
                lab.close();
            }
        }
    }

    static Map<String, String> params(int node, String mode, String... more) throws Exception {
        Map<String, String> p = MysqlMonitorConfigTest.params("cluster_type", mode, "host", "127.0.0.1",
                "port", Integer.toString(lab.port(node)), "user", "monitor", "password", lab.monitorPassword(),
                "poll_interval", "500ms", "connect_timeout", "1s", "query_timeout", "1s", "max_slave_lag", "60");
        p.putAll(MysqlMonitorConfigTest.params(more));
        return p;
    }

    static Connection connect(int node, String user, String password) throws Exception {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + lab.port(node) + "/?connectTimeout=2000", props);
    }

    @Test
    @Order(1)
    void primaryIsReaderAndWriterReplicaOnlyReader() {
        primary.await("1", "1", Duration.ofSeconds(10));
        assertEquals(Decision.WRITABLE, primary.loop.current());
        replica.await("1", "0", Duration.ofSeconds(10));
        assertEquals(Decision.REPLICA_HEALTHY, replica.loop.current());
    }

    @Test
    @Order(2)
    void lagAboveMaxSlaveLagDropsTheReader() throws Exception {
        // docs/developer/labs.md recipe: hold a write lock on the replica, write "an hour ago" on the primary.
        try (Connection lock = connect(ReplicationLab.REPLICA, "monitor", lab.monitorPassword());
             Statement st = lock.createStatement()) {
            st.execute("LOCK TABLES lab.t WRITE");
            try (Connection w = connect(ReplicationLab.PRIMARY, "monitor", lab.monitorPassword());
                 Statement ws = w.createStatement()) {
                ws.execute("SET timestamp=UNIX_TIMESTAMP()-3600");
                ws.execute("INSERT INTO lab.t(v) VALUES ('late')");
            }
            replica.await("0", "0", SOON);
            assertEquals(Decision.REPLICA_LAGGING, replica.loop.current());
            st.execute("UNLOCK TABLES");
        }
        replica.await("1", "0", SOON);
        assertEquals("1", primary.writer());
    }

    @Test
    @Order(3)
    void stoppedSqlOrIoThreadDropsTheReader() throws Exception {
        lab.run("stop-sql");
        replica.await("0", "0", SOON);
        assertEquals(Decision.REPLICA_SQL_NOT_RUNNING, replica.loop.current());
        lab.run("start-sql");
        replica.await("1", "0", SOON);
        lab.run("stop-io");
        replica.await("0", "0", SOON);
        assertEquals(Decision.REPLICA_IO_NOT_RUNNING, replica.loop.current());
        lab.run("start-io");
        replica.await("1", "0", SOON);
    }

    @Test
    @Order(4)
    void wrongReplicationPasswordDropsTheReader() throws Exception {
        lab.replicationPassword(WRONG_REPL_PASSWORD);
        replica.await("0", "0", SOON);
        assertEquals(Decision.REPLICA_IO_NOT_RUNNING, replica.loop.current());
        lab.replicationPassword("repl");
        replica.await("1", "0", Duration.ofSeconds(10));
    }

    @Test
    @Order(5)
    void badCredentialsGiveZeroZeroNeverWritable() throws Exception {
        // Percona read a failed read_only query as "not ON" and made the node writable.
        try (MonitorRun bad = MonitorRun.start(params(ReplicationLab.PRIMARY, "read-only", "password", WRONG_PASSWORD))) {
            bad.await("0", "0", SOON);
            assertEquals(Decision.DB_ACCESS_DENIED, bad.loop.current());
        }
        assertTrue(LogCapture.text().contains("-> DB_ACCESS_DENIED (access denied)"), "a clear log line");
        // the driver's own exception (message, causes, stack) and our classification of it
        try (Connection c = connect(ReplicationLab.PRIMARY, "monitor", WRONG_PASSWORD)) {
            throw new AssertionError("connected with a wrong password");
        } catch (SQLException e) {
            java.io.StringWriter trace = new java.io.StringWriter();
            e.printStackTrace(new java.io.PrintWriter(trace));
            exceptionTexts.add(trace.toString());
            exceptionTexts.add(ProbeFailure.of(e, Secret.of(WRONG_PASSWORD)).detail());
            exceptionTexts.add(ProbeFailure.of(e, Secret.empty()).detail()); // unscrubbed
        }
        try {
            MysqlMonitorConfig.parse(params(ReplicationLab.PRIMARY, "bogus"), java.nio.file.Path.of("/x"));
        } catch (MonitorConfigException e) {
            exceptionTexts.add(e.toString());
        }
        exceptionTexts.add(MysqlMonitorConfig.parse(params(ReplicationLab.PRIMARY, "pxc"), java.nio.file.Path.of("/x")).toString());
        // the OCF paths (OcfMain + MysqlMonitorAgent): validate-all failing on a parameter and on
        // the credentials, with tracing on, stdout and stderr
        for (String[] bad : List.of(new String[] {"cluster_type", "bogus"}, new String[] {"port", lab.monitorPassword()},
                new String[] {"credentials_file", "/nonexistent/" + lab.monitorPassword()})) {
            java.util.Map<String, String> env = new java.util.HashMap<>();
            params(ReplicationLab.PRIMARY, "read-only", "password", lab.monitorPassword(), bad[0], bad[1])
                    .forEach((k, v) -> env.put("OCF_RESKEY_" + k, v));
            env.put("OCF_TRACE_RA", "1");
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            int rc = io.clonevip.ocf.OcfMain.run(new MysqlMonitorAgent(), new String[] {"validate-all"}, env,
                    new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                    new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
            assertTrue(rc == 5 || rc == 6, bad[0] + " -> " + rc);
            exceptionTexts.add(out.toString(java.nio.charset.StandardCharsets.UTF_8));
        }
        assertEquals(8, exceptionTexts.size());
    }

    @Test
    @Order(6)
    void unreachableServerAndMissingProcessGiveZeroZero() throws Exception {
        int unused = lab.basePort() + 39; // in this run's block, nothing listens there
        try (MonitorRun gone = MonitorRun.start(params(ReplicationLab.PRIMARY, "replication", "port", Integer.toString(unused)))) {
            gone.await("0", "0", SOON);
            assertEquals(Decision.DB_UNREACHABLE, gone.loop.current());
        }
        try (MonitorRun noPid = MonitorRun.start(params(ReplicationLab.PRIMARY, "replication",
                "pid", lab.runDir().resolve("no-such.pid").toString()))) {
            noPid.await("0", "0", SOON);
            assertEquals(Decision.DB_NOT_RUNNING, noPid.loop.current());
        }
        assertTrue(LogCapture.text().contains("-> DB_UNREACHABLE (server unreachable)"), "a clear log line");
    }

    @Test
    @Order(7)
    void unixSocketAndPidFileOfARunningServer() throws Exception {
        Map<String, String> p = params(ReplicationLab.PRIMARY, "read-only", "socket", lab.socket(ReplicationLab.PRIMARY).toString(),
                "pid", lab.runDir().resolve("r1/mysqld.pid").toString());
        p.remove("host");
        try (MonitorRun sock = MonitorRun.start(p)) {
            sock.await("1", "1", SOON);
            assertTrue(sock.config.socket() != null);
            assertEquals(Decision.WRITABLE, sock.loop.current());
        }
    }

    @Test
    @Order(8)
    void tooManyConnectionsGiveZeroZero() throws Exception {
        lab.sql(ReplicationLab.PRIMARY, "CREATE USER 'lowpriv'@'127.0.0.1' IDENTIFIED BY 'lowpriv-Pw-31';"
                + " SET GLOBAL max_connections=4;");
        List<Connection> filler = new ArrayList<>();
        try {
            while (filler.size() < 10) { // fill every slot an unprivileged account may use
                try {
                    filler.add(connect(ReplicationLab.PRIMARY, "app", "app"));
                } catch (SQLException e) {
                    assertEquals(1040, e.getErrorCode(), e.getMessage());
                    break;
                }
            }
            try (MonitorRun full = MonitorRun.start(params(ReplicationLab.PRIMARY, "read-only",
                    "user", "lowpriv", "password", "lowpriv-Pw-31"))) {
                full.await("0", "0", SOON);
                assertEquals(Decision.DB_TOO_MANY_CONNECTIONS, full.loop.current());
            }
            assertTrue(LogCapture.text().contains("-> DB_TOO_MANY_CONNECTIONS (too many connections)"), "a clear log line");
        } finally {
            for (Connection c : filler) {
                c.close();
            }
            lab.sql(ReplicationLab.PRIMARY, "SET GLOBAL max_connections=50");
        }
    }

    @Test
    @Order(9)
    void frozenReplicaDropsWithinTheTimeout() throws Exception {
        replica.await("1", "0", SOON);
        lab.run("freeze", "2");
        try {
            long ms = replica.await("0", "0", Duration.ofMillis(2500));
            System.err.println("replication: SIGSTOP seen after " + ms + " ms");
            assertEquals(Decision.DB_TIMEOUT, replica.loop.current());
            // reconnecting to the frozen server must not hang the loop: checks go on (each
            // bounded by connect_timeout, the handshake by socketTimeout)
            long checks = replica.loop.checks();
            long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            while (replica.loop.checks() < checks + 3 && System.nanoTime() - deadline < 0) {
                Thread.sleep(50);
            }
            assertTrue(replica.loop.checks() >= checks + 3, "checks continue while the server is frozen");
            assertEquals("0", replica.reader());
        } finally {
            lab.run("thaw", "2");
        }
        replica.await("1", "0", Duration.ofSeconds(10));
    }

    @Test
    @Order(10)
    void noSecretInAnyCapturedText() {
        String all = LogCapture.text() + lab.transcript() + String.join("\n", exceptionTexts);
        assertTrue(all.contains("DB_ACCESS_DENIED"), "the log lines were captured");
        for (String secret : List.of(lab.monitorPassword(), WRONG_PASSWORD, WRONG_REPL_PASSWORD, "lowpriv-Pw-31")) {
            assertFalse(all.contains(secret), "a password leaked into captured text");
        }
    }
}
