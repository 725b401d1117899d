package io.clonevip.agent.mysql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The statements each cluster type needs, prepared once per connection ({@link #onConnect}) on the
 * server (the connection is opened with {@code useServerPrepStmts}: binary protocol, and MariaDB
 * ≥ 10.6 does not resend unchanged column metadata), then executed once per check. The forms are
 * the cheapest measured for the same facts (docs/measurements/benchmarks.md, "Which SQL"):
 * <ul>
 * <li>read-only: {@code SELECT @@global.read_only};
 * <li>replication: the same, and only when read_only is ON {@code SHOW SLAVE STATUS} (the decision
 *     does not look at slave status on a writable server; it is run once when connecting, so a
 *     missing grant still fails every server); the three columns are read by position, found by
 *     name once per connection;
 * <li>pxc on MariaDB Galera: one statement, the three wsrep variables from
 *     {@code information_schema.GLOBAL_STATUS} and read_only in a {@code UNION ALL};
 * <li>pxc on Percona XtraDB Cluster (has pxc_maint_mode, asked once per connection): one text
 *     round trip {@code SELECT @@global.read_only, @@global.pxc_maint_mode; SHOW GLOBAL STATUS
 *     WHERE ...} (PXC 8.0 has no information_schema.GLOBAL_STATUS).
 * </ul>
 * Only SHOW, information_schema and table-less SELECT: a non-Primary Galera node still answers
 * them, prepared too (data queries fail there with error 1047).
 * One instance per connection owner; not thread-safe.
 */
public final class MonitorQueries {
    static final String READ_ONLY_SQL = "SELECT @@global.read_only";
    static final String SLAVE_STATUS_SQL = "SHOW SLAVE STATUS";
    static final String GALERA_SQL = "SELECT VARIABLE_NAME, VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS"
            + " WHERE VARIABLE_NAME IN ('WSREP_LOCAL_STATE','WSREP_CLUSTER_STATUS','WSREP_READY')"
            + " UNION ALL SELECT 'READ_ONLY', @@global.read_only";
    static final String WSREP_STATUS_SQL =
            "SHOW GLOBAL STATUS WHERE Variable_name IN ('wsrep_local_state','wsrep_cluster_status','wsrep_ready')";
    static final String PXC_SQL = "SELECT @@global.read_only, @@global.pxc_maint_mode; " + WSREP_STATUS_SQL;
    static final String HAS_MAINT_MODE_SQL = "SHOW GLOBAL VARIABLES LIKE 'pxc_maint_mode'";
    private static final String IO = "Slave_IO_Running";
    private static final String SQL = "Slave_SQL_Running";
    private static final String SBM = "Seconds_Behind_Master";

    private final ClusterType type;
    private PreparedStatement readOnly;
    private PreparedStatement slaveStatus;
    private PreparedStatement galera;
    private Statement pxc;
    private int ioCol;
    private int sqlCol;
    private int sbmCol;

    public MonitorQueries(ClusterType type) {
        this.type = type;
    }

    /**
     * Prepares this mode's statements on a new connection (and, in pxc mode, asks once whether the
     * server has pxc_maint_mode). The statements live as long as the connection.
     */
    public void onConnect(Connection c) throws SQLException {
        onDisconnect();
        switch (type) {
            case READ_ONLY -> readOnly = c.prepareStatement(READ_ONLY_SQL);
            case REPLICATION -> {
                readOnly = c.prepareStatement(READ_ONLY_SQL);
                slaveStatus = c.prepareStatement(SLAVE_STATUS_SQL);
                // once per connection, also on a writable server whose checks never send it: a
                // missing SLAVE MONITOR / REPLICATION CLIENT grant fails the connect (0/0, never
                // writable) instead of going unnoticed until the server turns read_only
                try (ResultSet rs = slaveStatus.executeQuery()) {
                    if (rs.next()) {
                        findColumns(rs.getMetaData());
                    }
                }
            }
            case PXC -> {
                Statement st = c.createStatement();
                boolean hasMaintMode;
                try (ResultSet rs = st.executeQuery(HAS_MAINT_MODE_SQL)) {
                    hasMaintMode = rs.next();
                }
                if (hasMaintMode) {
                    pxc = st;
                } else {
                    st.close();
                    galera = c.prepareStatement(GALERA_SQL);
                }
            }
        }
    }

    /** Forgets the statements of a connection that is gone (they close with it). */
    public void onDisconnect() {
        readOnly = null;
        slaveStatus = null;
        galera = null;
        pxc = null;
        ioCol = 0;
    }

    /**
     * The statement texts a check sends where it needs all of them (replication: on a read_only
     * server), in order; prepared unless they contain a ';' (one text round trip).
     */
    public List<String> statements() {
        return switch (type) {
            case READ_ONLY -> List.of(READ_ONLY_SQL);
            case REPLICATION -> List.of(READ_ONLY_SQL, SLAVE_STATUS_SQL);
            case PXC -> List.of(pxc != null ? PXC_SQL : GALERA_SQL);
        };
    }

    /** Runs the check's statements on the connection given to {@link #onConnect} and reads the answer. */
    public DbStatus run() throws SQLException {
        return switch (type) {
            case READ_ONLY -> DbStatus.readOnlyOnly(readOnly());
            case REPLICATION -> replication();
            case PXC -> pxc != null ? percona() : galera();
        };
    }

    private boolean readOnly() throws SQLException {
        try (ResultSet rs = readOnly.executeQuery()) {
            return rs.next() && isOn(rs.getString(1));
        }
    }

    private DbStatus replication() throws SQLException {
        if (!readOnly()) {
            return DbStatus.replication(false, false, null, null, null);
        }
        try (ResultSet rs = slaveStatus.executeQuery()) {
            if (!rs.next()) {
                return DbStatus.replication(true, false, null, null, null);
            }
            if (ioCol == 0) {
                findColumns(rs.getMetaData());
            }
            String io = rs.getString(ioCol);
            String sql = rs.getString(sqlCol);
            long sbm = rs.getLong(sbmCol);
            Long lag = rs.wasNull() ? null : sbm;
            return DbStatus.replication(true, true, io, sql, lag);
        }
    }

    /** The slave-status columns by name, once per connection (reading by name cost 8–17 µs a check). */
    private void findColumns(ResultSetMetaData md) throws SQLException {
        int io = 0;
        int sql = 0;
        int sbm = 0;
        for (int i = 1; i <= md.getColumnCount(); i++) {
            String label = md.getColumnLabel(i);
            if (label.equalsIgnoreCase(IO)) {
                io = i;
            } else if (label.equalsIgnoreCase(SQL)) {
                sql = i;
            } else if (label.equalsIgnoreCase(SBM)) {
                sbm = i;
            }
        }
        if (io == 0 || sql == 0 || sbm == 0) {
            throw new SQLException("SHOW SLAVE STATUS lacks " + IO + ", " + SQL + " or " + SBM);
        }
        ioCol = io;
        sqlCol = sql;
        sbmCol = sbm;
    }

    private DbStatus galera() throws SQLException {
        boolean ro = false;
        boolean sawReadOnly = false;
        WsrepRows w = new WsrepRows();
        try (ResultSet rs = galera.executeQuery()) {
            while (rs.next()) {
                String name = rs.getString(1);
                if (name.equalsIgnoreCase("READ_ONLY")) {
                    ro = isOn(rs.getString(2));
                    sawReadOnly = true;
                } else {
                    w.take(name, rs.getString(2));
                }
            }
        }
        if (!sawReadOnly) {
            throw new SQLException("no read_only row in the answer");
        }
        return DbStatus.galera(ro, w.state, w.clusterStatus, w.ready, null);
    }

    private DbStatus percona() throws SQLException {
        boolean ro;
        String maint;
        pxc.execute(PXC_SQL);
        try (ResultSet rs = pxc.getResultSet()) {
            if (!rs.next()) {
                throw new SQLException("SELECT @@global.read_only returned no row");
            }
            ro = isOn(rs.getString(1));
            maint = rs.getString(2);
        }
        if (!pxc.getMoreResults()) {
            throw new SQLException("SHOW GLOBAL STATUS returned no result set");
        }
        WsrepRows w = new WsrepRows();
        try (ResultSet rs = pxc.getResultSet()) {
            while (rs.next()) {
                w.take(rs.getString(1), rs.getString(2));
            }
        }
        return DbStatus.galera(ro, w.state, w.clusterStatus, w.ready, maint);
    }

    /** read_only as the server gives it: 0/1, or OFF/ON where it is not a plain boolean. */
    static boolean isOn(String v) {
        return v != null && !v.equals("0") && !v.equalsIgnoreCase("OFF");
    }

    /** The wsrep status variables of one answer (names in either case). */
    private static final class WsrepRows {
        int state = -1;
        String clusterStatus;
        boolean ready;

        void take(String name, String value) {
            if (name.equalsIgnoreCase("wsrep_local_state")) {
                state = parseState(value);
            } else if (name.equalsIgnoreCase("wsrep_cluster_status")) {
                clusterStatus = value;
            } else if (name.equalsIgnoreCase("wsrep_ready")) {
                ready = value.equalsIgnoreCase("ON");
            }
        }

        private static int parseState(String v) {
            try {
                return Integer.parseInt(v.strip());
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }
}
