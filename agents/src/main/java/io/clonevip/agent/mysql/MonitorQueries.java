package io.clonevip.agent.mysql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The statements each cluster type needs, sent as one multi-statement text: one round trip per
 * check on a kept connection. Only SHOW and table-less SELECT are used: a non-Primary Galera node
 * still answers those (data queries fail there with error 1047). Whether the server has
 * pxc_maint_mode (Percona XtraDB Cluster) is asked once per connection ({@link #onConnect}), so
 * the steady check reads read_only with a cheap SELECT instead of a SHOW VARIABLES scan.
 * One instance per connection owner; not thread-safe.
 */
public final class MonitorQueries {
    static final String READ_ONLY_SQL = "SELECT @@global.read_only";
    static final String REPLICATION_SQL = "SELECT @@global.read_only; SHOW SLAVE STATUS";
    static final String WSREP_STATUS_SQL =
            "SHOW GLOBAL STATUS WHERE Variable_name IN ('wsrep_local_state','wsrep_cluster_status','wsrep_ready')";
    static final String GALERA_SQL = "SELECT @@global.read_only, NULL; " + WSREP_STATUS_SQL;
    static final String PXC_SQL = "SELECT @@global.read_only, @@global.pxc_maint_mode; " + WSREP_STATUS_SQL;
    static final String HAS_MAINT_MODE_SQL = "SHOW GLOBAL VARIABLES LIKE 'pxc_maint_mode'";

    private final ClusterType type;
    private boolean hasMaintMode;

    public MonitorQueries(ClusterType type) {
        this.type = type;
    }

    /** Learns once per new connection what the server offers (pxc mode: pxc_maint_mode). */
    public void onConnect(Statement st) throws SQLException {
        hasMaintMode = false;
        if (type == ClusterType.PXC) {
            try (ResultSet rs = st.executeQuery(HAS_MAINT_MODE_SQL)) {
                hasMaintMode = rs.next();
            }
        }
    }

    public String sql() {
        return switch (type) {
            case READ_ONLY -> READ_ONLY_SQL;
            case REPLICATION -> REPLICATION_SQL;
            case PXC -> hasMaintMode ? PXC_SQL : GALERA_SQL;
        };
    }

    /** Runs the statements on {@code st} and reads the answer. */
    public DbStatus run(Statement st) throws SQLException {
        st.execute(sql());
        return switch (type) {
            case READ_ONLY -> DbStatus.readOnlyOnly(readOnly(st));
            case REPLICATION -> replication(st);
            case PXC -> galera(st);
        };
    }

    private static boolean readOnly(Statement st) throws SQLException {
        try (ResultSet rs = st.getResultSet()) {
            return rs.next() && rs.getInt(1) != 0;
        }
    }

    private static DbStatus replication(Statement st) throws SQLException {
        boolean ro = readOnly(st);
        if (!st.getMoreResults()) {
            throw new SQLException("SHOW SLAVE STATUS returned no result set");
        }
        try (ResultSet rs = st.getResultSet()) {
            if (!rs.next()) {
                return DbStatus.replication(ro, false, null, null, null);
            }
            String io = rs.getString("Slave_IO_Running");
            String sql = rs.getString("Slave_SQL_Running");
            long sbm = rs.getLong("Seconds_Behind_Master");
            Long lag = rs.wasNull() ? null : sbm;
            return DbStatus.replication(ro, true, io, sql, lag);
        }
    }

    private static DbStatus galera(Statement st) throws SQLException {
        boolean ro;
        String maint;
        try (ResultSet rs = st.getResultSet()) {
            if (!rs.next()) {
                throw new SQLException("SELECT @@global.read_only returned no row");
            }
            ro = rs.getInt(1) != 0;
            maint = rs.getString(2);
        }
        if (!st.getMoreResults()) {
            throw new SQLException("SHOW GLOBAL STATUS returned no result set");
        }
        int state = -1;
        String clusterStatus = null;
        boolean ready = false;
        try (ResultSet rs = st.getResultSet()) {
            while (rs.next()) {
                String name = rs.getString(1);
                String value = rs.getString(2);
                if (name.equalsIgnoreCase("wsrep_local_state")) {
                    state = parseState(value);
                } else if (name.equalsIgnoreCase("wsrep_cluster_status")) {
                    clusterStatus = value;
                } else if (name.equalsIgnoreCase("wsrep_ready")) {
                    ready = value.equalsIgnoreCase("ON");
                }
            }
        }
        return DbStatus.galera(ro, state, clusterStatus, ready, maint);
    }

    private static int parseState(String v) {
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
