package io.clonevip.agent.mysql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The statements each cluster type needs, sent as one multi-statement text: one round trip per
 * check on a kept connection. Only SHOW and table-less SELECT are used: a non-Primary Galera node
 * still answers those (data queries fail there with error 1047).
 */
public final class MonitorQueries {
    static final String READ_ONLY_SQL = "SELECT @@global.read_only";
    static final String REPLICATION_SQL = "SELECT @@global.read_only; SHOW SLAVE STATUS";
    static final String GALERA_SQL = "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('read_only','pxc_maint_mode');"
            + " SHOW GLOBAL STATUS WHERE Variable_name IN ('wsrep_local_state','wsrep_cluster_status','wsrep_ready')";

    private final ClusterType type;

    public MonitorQueries(ClusterType type) {
        this.type = type;
    }

    public String sql() {
        return switch (type) {
            case READ_ONLY -> READ_ONLY_SQL;
            case REPLICATION -> REPLICATION_SQL;
            case PXC -> GALERA_SQL;
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
        boolean ro = false;
        String maint = null;
        try (ResultSet rs = st.getResultSet()) {
            while (rs.next()) {
                String name = rs.getString(1);
                String value = rs.getString(2);
                if (name.equalsIgnoreCase("read_only")) {
                    ro = value.equalsIgnoreCase("ON") || value.equals("1");
                } else if (name.equalsIgnoreCase("pxc_maint_mode")) {
                    maint = value;
                }
            }
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
