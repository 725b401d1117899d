package io.clonevip.agent.mysql;

/**
 * What one probe saw. When {@code error} is not {@link ProbeError#NONE} only {@code detail} is
 * meaningful. Fields a mode does not query keep their "absent" value.
 *
 * @param detail               one line for the log (driver message with secrets scrubbed), or null
 * @param readOnly             {@code @@global.read_only}
 * @param wsrepLocalState      wsrep_local_state (4 Synced, 2 Donor/Desynced, ...), -1 = absent
 * @param wsrepClusterStatus   wsrep_cluster_status (Primary, non-Primary, Disconnected), null = absent
 * @param wsrepReady           wsrep_ready = ON
 * @param pxcMaintMode         pxc_maint_mode on PXC (DISABLED, SHUTDOWN, MAINTENANCE), null = absent
 * @param slaveStatus          SHOW SLAVE STATUS returned a row
 * @param slaveIoRunning       Slave_IO_Running (Yes, No, Connecting, Preparing), null = absent
 * @param slaveSqlRunning      Slave_SQL_Running (Yes, No), null = absent
 * @param secondsBehindMaster  Seconds_Behind_Master, null when NULL or absent
 */
public record DbStatus(
        ProbeError error,
        String detail,
        boolean readOnly,
        int wsrepLocalState,
        String wsrepClusterStatus,
        boolean wsrepReady,
        String pxcMaintMode,
        boolean slaveStatus,
        String slaveIoRunning,
        String slaveSqlRunning,
        Long secondsBehindMaster) {

    public static final int WSREP_SYNCED = 4;
    public static final int WSREP_DONOR_DESYNCED = 2;

    public static DbStatus failed(ProbeError error, String detail) {
        return new DbStatus(error, detail, false, -1, null, false, null, false, null, null, null);
    }

    public static DbStatus readOnlyOnly(boolean readOnly) {
        return new DbStatus(ProbeError.NONE, null, readOnly, -1, null, false, null, false, null, null, null);
    }

    public static DbStatus replication(boolean readOnly, boolean slaveStatus, String io, String sql, Long sbm) {
        return new DbStatus(ProbeError.NONE, null, readOnly, -1, null, false, null, slaveStatus, io, sql, sbm);
    }

    public static DbStatus galera(boolean readOnly, int localState, String clusterStatus, boolean ready, String maintMode) {
        return new DbStatus(ProbeError.NONE, null, readOnly, localState, clusterStatus, ready, maintMode, false, null, null, null);
    }

    public boolean reachable() {
        return error == ProbeError.NONE;
    }
}
