package io.clonevip.agent.mysql;

/**
 * The outcome of one check: whether the node is a healthy reader and whether it may take writes,
 * with the reason. A closed set of constants, so evaluating allocates nothing.
 */
public enum Decision {
    WRITABLE(true, true, "read_only=OFF"),
    READ_ONLY(true, false, "read_only=ON"),
    REPLICA_HEALTHY(true, false, "replica running within max_slave_lag"),
    REPLICA_NO_SLAVE_STATUS(false, false, "read_only=ON and no slave status"),
    REPLICA_IO_NOT_RUNNING(false, false, "Slave_IO_Running is not Yes"),
    REPLICA_SQL_NOT_RUNNING(false, false, "Slave_SQL_Running is not Yes"),
    REPLICA_LAG_UNKNOWN(false, false, "Seconds_Behind_Master is NULL"),
    REPLICA_LAGGING(false, false, "Seconds_Behind_Master above max_slave_lag"),
    GALERA_SYNCED(true, true, "wsrep Synced"),
    GALERA_SYNCED_READ_ONLY(true, false, "wsrep Synced, read_only=ON"),
    GALERA_DONOR_AVAILABLE(true, true, "wsrep Donor/Desynced, available_when_donor"),
    GALERA_DONOR_READ_ONLY(true, false, "wsrep Donor/Desynced, available_when_donor, read_only=ON"),
    GALERA_DONOR(false, false, "wsrep Donor/Desynced"),
    GALERA_NOT_SYNCED(false, false, "wsrep neither Synced nor Donor/Desynced"),
    GALERA_NON_PRIMARY(false, false, "wsrep_cluster_status is not Primary"),
    GALERA_NOT_READY(false, false, "wsrep_ready=OFF"),
    GALERA_MAINTENANCE(false, false, "pxc_maint_mode is not DISABLED"),
    GALERA_READ_ONLY_REFUSED(false, false, "read_only=ON and available_when_readonly=false"),
    GALERA_NO_WSREP(false, false, "no wsrep status (not a Galera node)"),
    DB_NOT_RUNNING(false, false, "mysqld not running (pid file)"),
    DB_UNREACHABLE(false, false, "server unreachable"),
    DB_TIMEOUT(false, false, "server did not answer in time"),
    DB_ACCESS_DENIED(false, false, "access denied"),
    DB_TOO_MANY_CONNECTIONS(false, false, "too many connections"),
    DB_WSREP_NOT_READY(false, false, "error 1047: wsrep not ready"),
    DB_QUERY_FAILED(false, false, "monitor query failed");

    private final boolean readerHealthy;
    private final boolean writable;
    private final String reason;

    Decision(boolean readerHealthy, boolean writable, String reason) {
        this.readerHealthy = readerHealthy;
        this.writable = writable;
        this.reason = reason;
    }

    /** The reader attribute counts up to reader_failcount when true, down otherwise. */
    public boolean readerHealthy() {
        return readerHealthy;
    }

    /** The writer attribute: 1 when true, else 0. */
    public boolean writable() {
        return writable;
    }

    public String reason() {
        return reason;
    }

    /** The decision for a probe that failed with {@code error}. */
    public static Decision forError(ProbeError error) {
        return switch (error) {
            case NONE -> throw new IllegalArgumentException("no error");
            case NOT_RUNNING -> DB_NOT_RUNNING;
            case UNREACHABLE -> DB_UNREACHABLE;
            case TIMEOUT -> DB_TIMEOUT;
            case ACCESS_DENIED -> DB_ACCESS_DENIED;
            case TOO_MANY_CONNECTIONS -> DB_TOO_MANY_CONNECTIONS;
            case WSREP_NOT_READY -> DB_WSREP_NOT_READY;
            case QUERY_FAILED -> DB_QUERY_FAILED;
        };
    }
}
