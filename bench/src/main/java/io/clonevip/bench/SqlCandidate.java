package io.clonevip.bench;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One statement text a monitor check could send, what it tells the monitor, and how its result is
 * read (as the agent would: the first two columns of every row, or the three slave-status columns
 * by name or by position). The sets per monitor mode are {@link #set}.
 *
 * @param name     the statement as shown in the table (with "(prepared)" / "(by index)" marks)
 * @param sql      the text sent
 * @param prepared through a server-side prepared statement (binary protocol) instead of text
 * @param gives    which of the check's facts it yields
 * @param reading  how the result is read
 */
public record SqlCandidate(String name, String sql, boolean prepared, String gives, Reading reading) {
    static final String SELECT_1 = "SELECT 1";
    /** Separates the statements of a prepared candidate: executed one after the other (a round trip each). */
    static final String THEN = " ;; ";

    /** How a result set is read. */
    enum Reading { FIRST_COLUMNS, SLAVE_BY_NAME, SLAVE_BY_INDEX }

    static final String WSREP3 = "('wsrep_local_state','wsrep_cluster_status','wsrep_ready')";
    static final String WSREP5 = "('wsrep_local_state','wsrep_local_state_comment','wsrep_cluster_status','wsrep_ready','wsrep_connected')";
    static final String WSREP3_UC = "('WSREP_LOCAL_STATE','WSREP_CLUSTER_STATUS','WSREP_READY')";
    static final String IS_UNION = "SELECT VARIABLE_NAME, VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME IN "
            + WSREP3_UC + " UNION ALL SELECT 'READ_ONLY', @@global.read_only";
    static final String PFS_UNION = "SELECT VARIABLE_NAME, VARIABLE_VALUE FROM performance_schema.global_status WHERE VARIABLE_NAME IN "
            + WSREP3 + " UNION ALL SELECT 'read_only', @@global.read_only";
    // positions in MariaDB 10.11's SHOW SLAVE STATUS row (checked against the names when read)
    static final int IO_COL = 11;
    static final int SQL_COL = 12;
    static final int SBM_COL = 33;

    static SqlCandidate text(String sql, String gives) {
        return new SqlCandidate(sql, sql, false, gives, Reading.FIRST_COLUMNS);
    }

    static SqlCandidate prepared(String sql, String gives) {
        return new SqlCandidate(sql + " (prepared)", sql, true, gives, Reading.FIRST_COLUMNS);
    }

    static List<SqlCandidate> set(String name) {
        List<SqlCandidate> l = new ArrayList<>();
        l.add(text(SELECT_1, "nothing (the floor)"));
        l.add(prepared(SELECT_1, "nothing"));
        l.add(text("SELECT 1; SELECT 1", "nothing (cost of a second statement in one round trip)"));
        l.add(prepared("SELECT 1" + THEN + "SELECT 1", "nothing (cost of a second round trip)"));
        switch (name) {
            case "galera", "galera-pfs" -> {
                l.add(text("SELECT @@global.read_only", "read_only"));
                l.add(prepared("SELECT @@global.read_only, NULL" + THEN + "SHOW GLOBAL STATUS WHERE Variable_name IN " + WSREP3,
                        "all, two round trips"));
                l.add(text("SELECT @@global.read_only, NULL; SHOW GLOBAL STATUS WHERE Variable_name IN " + WSREP3,
                        "all (the check before this work)"));
                l.add(text("SHOW GLOBAL STATUS WHERE Variable_name IN " + WSREP3, "state, cluster status, ready"));
                l.add(prepared("SHOW GLOBAL STATUS WHERE Variable_name IN " + WSREP3, "state, cluster status, ready"));
                l.add(text("SHOW GLOBAL STATUS WHERE Variable_name IN " + WSREP5, "the 3 + state comment, connected"));
                l.add(text("SHOW GLOBAL STATUS LIKE 'wsrep_local_state'", "state"));
                l.add(text("SHOW GLOBAL STATUS LIKE 'wsrep_ready'", "ready (a server-side variable)"));
                l.add(text("SHOW GLOBAL STATUS LIKE 'wsrep_cluster_status'", "cluster status (server-side)"));
                l.add(text("SHOW GLOBAL STATUS LIKE 'Uptime'", "no wsrep variable"));
                l.add(text("SHOW SESSION STATUS LIKE 'wsrep_local_state'", "state"));
                l.add(text("SHOW GLOBAL STATUS LIKE 'wsrep%'", "all wsrep variables"));
                l.add(text("SHOW GLOBAL STATUS", "everything"));
                l.add(text("SELECT @@global.read_only; SHOW GLOBAL STATUS LIKE 'wsrep_local_state'; "
                        + "SHOW GLOBAL STATUS LIKE 'wsrep_cluster_status'; SHOW GLOBAL STATUS LIKE 'wsrep_ready'",
                        "all, one SHOW per variable"));
                l.add(text("SELECT VARIABLE_NAME, VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME IN "
                        + WSREP3_UC, "state, cluster status, ready"));
                l.add(text("SELECT VARIABLE_NAME, VARIABLE_VALUE FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME IN "
                        + WSREP3_UC, "state, cluster status, ready"));
                l.add(text("SELECT @@global.read_only, (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS "
                        + "WHERE VARIABLE_NAME='WSREP_LOCAL_STATE'), (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS "
                        + "WHERE VARIABLE_NAME='WSREP_CLUSTER_STATUS'), (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS "
                        + "WHERE VARIABLE_NAME='WSREP_READY')", "all, one statement"));
                l.add(text(IS_UNION, "all, one statement"));
                l.add(prepared(IS_UNION, "all, one statement"));
                l.add(prepared(IS_UNION.replace("WHERE VARIABLE_NAME IN", "WHERE VARIABLE_NAME LIKE 'WSREP%' AND VARIABLE_NAME IN"),
                        "all, one statement"));
                l.add(prepared(IS_UNION.replace("WHERE VARIABLE_NAME IN " + WSREP3_UC, "WHERE VARIABLE_NAME = 'WSREP_LOCAL_STATE' "
                        + "OR VARIABLE_NAME = 'WSREP_CLUSTER_STATUS' OR VARIABLE_NAME = 'WSREP_READY'"), "all, one statement"));
                l.add(text("SELECT @@global.read_only, NULL; SHOW GLOBAL STATUS LIKE 'wsrep_local_state'", "read_only, state"));
                l.add(text("SELECT NODE_STATUS, CLUSTER_STATUS FROM information_schema.WSREP_STATUS",
                        "wsrep-lib node state, cluster status (plugin wsrep_info)"));
                l.add(text("SELECT VARIABLE_NAME, VARIABLE_VALUE FROM performance_schema.global_status WHERE VARIABLE_NAME IN "
                        + WSREP3, "state, cluster status, ready (performance_schema)"));
                l.add(text(PFS_UNION, "all, one statement (performance_schema)"));
                l.add(prepared(PFS_UNION, "all, one statement (performance_schema)"));
            }
            case "replica", "primary" -> {
                l.add(text("SELECT @@global.read_only", "read_only (all a primary needs)"));
                l.add(prepared("SELECT @@global.read_only", "read_only (all a primary needs)"));
                l.add(new SqlCandidate("SELECT @@global.read_only (prepared), then SHOW SLAVE STATUS (prepared, by index)",
                        "SELECT @@global.read_only" + THEN + "SHOW SLAVE STATUS", true, "all, two round trips", Reading.SLAVE_BY_INDEX));
                l.add(new SqlCandidate("SELECT @@global.read_only; SHOW SLAVE STATUS", "SELECT @@global.read_only; SHOW SLAVE STATUS",
                        false, "all (the check before this work; columns by name)", Reading.SLAVE_BY_NAME));
                l.add(new SqlCandidate("SHOW SLAVE STATUS", "SHOW SLAVE STATUS", false, "IO, SQL, lag (by name)", Reading.SLAVE_BY_NAME));
                l.add(new SqlCandidate("SHOW SLAVE STATUS (by index)", "SHOW SLAVE STATUS", false, "IO, SQL, lag", Reading.SLAVE_BY_INDEX));
                l.add(new SqlCandidate("SHOW SLAVE STATUS (prepared)", "SHOW SLAVE STATUS", true, "IO, SQL, lag", Reading.SLAVE_BY_NAME));
                l.add(new SqlCandidate("SHOW SLAVE STATUS (prepared, by index)", "SHOW SLAVE STATUS", true, "IO, SQL, lag",
                        Reading.SLAVE_BY_INDEX));
                l.add(new SqlCandidate("SELECT @@global.read_only; SHOW SLAVE STATUS (by index)", "SELECT @@global.read_only; SHOW SLAVE STATUS",
                        false, "all", Reading.SLAVE_BY_INDEX));
                l.add(new SqlCandidate("SHOW ALL SLAVES STATUS", "SHOW ALL SLAVES STATUS", false, "IO, SQL, lag (all connections)",
                        Reading.SLAVE_BY_NAME));
                l.add(text("SHOW GLOBAL STATUS LIKE 'Slave_running'", "both threads running (no lag, no IO/SQL split)"));
                l.add(text("SHOW GLOBAL STATUS WHERE Variable_name IN ('Slave_running','Slaves_running')", "same"));
                l.add(text("SHOW GLOBAL STATUS LIKE 'Uptime'", "no replication fact (any SHOW STATUS)"));
                l.add(new SqlCandidate("SELECT @@global.read_only; BEGIN NOT ATOMIC IF @@global.read_only THEN SHOW SLAVE STATUS; END IF; END",
                        "SELECT @@global.read_only; BEGIN NOT ATOMIC IF @@global.read_only THEN SHOW SLAVE STATUS; END IF; END",
                        false, "all; slave status only when read_only", Reading.SLAVE_BY_NAME));
                l.add(text("SELECT SERVICE_STATE FROM performance_schema.replication_applier_status",
                        "SQL thread on/off only (performance_schema)"));
            }
            case "status" -> l.add(text("SHOW GLOBAL STATUS LIKE 'Uptime'", "one status variable"));
            default -> throw new IllegalArgumentException("unknown set " + name);
        }
        return l;
    }

    /** Reads the result as a monitor would, appending what it read to {@code b}. */
    void read(ResultSet rs, StringBuilder b) throws SQLException {
        int cols = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            switch (reading) {
                case FIRST_COLUMNS -> {
                    for (int i = 1; i <= Math.min(cols, 4); i++) b.append(rs.getString(i)).append(' ');
                }
                case SLAVE_BY_NAME -> {
                    if (cols < SBM_COL) { // the read_only result of a multi-statement text
                        b.append(rs.getString(1)).append(' ');
                        continue;
                    }
                    b.append(rs.getString("Slave_IO_Running")).append(' ').append(rs.getString("Slave_SQL_Running"))
                            .append(' ').append(rs.getString("Seconds_Behind_Master")).append(' ');
                }
                case SLAVE_BY_INDEX -> {
                    if (cols < SBM_COL) {
                        b.append(rs.getString(1)).append(' ');
                        continue;
                    }
                    b.append(rs.getString(IO_COL)).append(' ').append(rs.getString(SQL_COL))
                        .append(' ').append(rs.getString(SBM_COL)).append(' ');
                }
            }
        }
    }
}
