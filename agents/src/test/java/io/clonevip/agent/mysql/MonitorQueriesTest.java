package io.clonevip.agent.mysql;

import io.clonevip.testkit.db.DbLab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the probe sends, seen from the server's own counters (real primary/replica pair): one
 * server-side prepare per statement per connection, one execution per statement per check, no
 * SHOW SLAVE STATUS in a writable server's checks (but once per connection, so a missing grant
 * still fails it), slave-status columns read by position equal to a read by name, and the
 * statements prepared again after the server dropped the connection.
 */
class MonitorQueriesTest {
    private static final int CHECKS = 20;
    private static DbLab lab;

    @BeforeAll
    static void up() throws Exception {
        lab = DbLab.replication();
    }

    @AfterAll
    static void down() throws Exception {
        if (lab != null) {
            lab.close();
        }
    }

    private static DbProbe probe(int node) throws Exception {
        Map<String, String> p = MysqlMonitorConfigTest.params("cluster_type", "replication", "host", "127.0.0.1",
                "port", Integer.toString(lab.port(node)), "user", "monitor", "password", lab.monitorPassword(),
                "connect_timeout", "2s", "query_timeout", "2s");
        return new DbProbe(MysqlMonitorConfig.parse(p, Path.of("/nonexistent/state")));
    }

    /** The server's statement counters (global: the probe's session is gone after a kill). */
    private static Map<String, Long> counters(int node) throws Exception {
        Map<String, Long> m = new HashMap<>();
        for (String line : lab.sql(node, "SHOW GLOBAL STATUS WHERE Variable_name IN "
                + "('Com_stmt_prepare','Com_stmt_execute','Com_show_slave_status')").split("\n")) {
            String[] f = line.split("\t");
            m.put(f[0], Long.parseLong(f[1]));
        }
        return m;
    }

    private static long delta(Map<String, Long> before, Map<String, Long> after, String name) {
        return after.get(name) - before.get(name);
    }

    @Test
    void writableServerIsAskedOnlyForReadOnlyThroughOnePreparedStatement() throws Exception {
        try (DbProbe probe = probe(DbLab.PRIMARY)) {
            DbStatus first = probe.probe();
            assertTrue(first.reachable(), first.detail());
            Map<String, Long> before = counters(DbLab.PRIMARY);
            for (int i = 0; i < CHECKS; i++) {
                DbStatus s = probe.probe();
                assertTrue(s.reachable(), s.detail());
                assertFalse(s.readOnly());
                assertEquals(Decision.WRITABLE, new DecisionTable(ClusterType.REPLICATION, 60, false, true).evaluate(s));
            }
            Map<String, Long> after = counters(DbLab.PRIMARY);
            assertEquals(CHECKS, delta(before, after, "Com_stmt_execute"), "one execution per check");
            assertEquals(0, delta(before, after, "Com_stmt_prepare"), "prepared once per connection");
            assertEquals(0, delta(before, after, "Com_show_slave_status"), "no SHOW SLAVE STATUS on a writable server");
            // (it ran once when connecting: the grant check)
        }
    }

    @Test
    void replicaSlaveStatusByPositionEqualsByNameAndSurvivesAKilledConnection() throws Exception {
        try (DbProbe probe = probe(DbLab.REPLICA); Connection c = monitorConnection(DbLab.REPLICA)) {
            DbStatus s = probe.probe();
            assertTrue(s.reachable(), s.detail());
            assertTrue(s.readOnly());
            assertTrue(s.slaveStatus());
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW SLAVE STATUS")) {
                assertTrue(rs.next());
                assertEquals(rs.getString("Slave_IO_Running"), s.slaveIoRunning());
                assertEquals(rs.getString("Slave_SQL_Running"), s.slaveSqlRunning());
                assertEquals("Yes", s.slaveSqlRunning());
                assertNotEquals(null, s.secondsBehindMaster());
            }
            Map<String, Long> before = counters(DbLab.REPLICA);
            for (int i = 0; i < CHECKS; i++) {
                assertTrue(probe.probe().slaveStatus());
            }
            Map<String, Long> after = counters(DbLab.REPLICA);
            assertEquals(2L * CHECKS, delta(before, after, "Com_stmt_execute"), "read_only and slave status per check");
            assertEquals(0, delta(before, after, "Com_stmt_prepare"));
            assertEquals(CHECKS, delta(before, after, "Com_show_slave_status"));

            // the server drops the probe's session: the next check fails, a later one reconnects
            // (at once: no backoff after a failed query) and prepares again
            String id = lab.sql(DbLab.REPLICA, "SELECT ID FROM information_schema.PROCESSLIST "
                    + "WHERE USER = 'monitor' AND ID <> " + connectionId(c));
            lab.sql(DbLab.REPLICA, "KILL CONNECTION " + Long.parseLong(id.strip()));
            DbStatus broken = probe.probe();
            assertFalse(broken.reachable(), "the killed session must fail the check");
            DbStatus again = broken;
            for (int i = 0; i < 3 && !again.reachable(); i++) {
                again = probe.probe();
            }
            assertTrue(again.reachable(), again.detail());
            assertEquals("Yes", again.slaveIoRunning());
            assertEquals(2, delta(after, counters(DbLab.REPLICA), "Com_stmt_prepare"), "both prepared anew");
        }
    }

    @Test
    void missingSlaveMonitorGrantFailsEvenAWritableServer() throws Exception {
        String pw = "np-" + Long.toHexString(new java.security.SecureRandom().nextLong());
        lab.sql(DbLab.PRIMARY, "CREATE USER 'nogrant'@'127.0.0.1' IDENTIFIED BY '" + pw + "'");
        Map<String, String> p = MysqlMonitorConfigTest.params("cluster_type", "replication", "host", "127.0.0.1",
                "port", Integer.toString(lab.port(DbLab.PRIMARY)), "user", "nogrant", "password", pw,
                "connect_timeout", "2s", "query_timeout", "2s");
        try (DbProbe probe = new DbProbe(MysqlMonitorConfig.parse(p, Path.of("/nonexistent/state")))) {
            DbStatus s = probe.probe();
            assertFalse(s.reachable(), "read_only is OFF, but the account cannot read slave status");
            assertEquals(ProbeError.QUERY_FAILED, s.error());
            assertTrue(s.detail().startsWith("error 1227"), s.detail());
            assertEquals(Decision.DB_QUERY_FAILED, new DecisionTable(ClusterType.REPLICATION, 60, false, true).evaluate(s));
        }
    }

    @Test
    void readOnlyValuesOfEitherForm() {
        assertFalse(MonitorQueries.isOn("0"));
        assertFalse(MonitorQueries.isOn("OFF"));
        assertFalse(MonitorQueries.isOn(null));
        assertTrue(MonitorQueries.isOn("1"));
        assertTrue(MonitorQueries.isOn("ON"));
    }

    private static Connection monitorConnection(int node) throws Exception {
        Properties props = new Properties();
        props.setProperty("user", "monitor");
        props.setProperty("password", lab.monitorPassword());
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + lab.port(node) + "/?connectTimeout=2000", props);
    }

    private static long connectionId(Connection c) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
