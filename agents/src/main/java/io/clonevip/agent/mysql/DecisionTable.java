package io.clonevip.agent.mysql;

/**
 * Decides reader health and writability from a {@link DbStatus}, per cluster type. Pure, and
 * allocation-free: it only compares fields and returns {@link Decision} constants.
 *
 * <ul>
 * <li>Any probe error → not a reader, not writable (never Percona's "query failed → writable").
 * <li>read-only: read_only OFF → reader + writer; ON → reader only.
 * <li>replication: read_only OFF → reader + writer; ON → writer 0, reader only if
 *     Slave_IO_Running=Yes, Slave_SQL_Running=Yes and Seconds_Behind_Master ≤ max_slave_lag
 *     (NULL is not healthy, no slave status is not healthy).
 * <li>pxc (clustercheck): needs wsrep_cluster_status=Primary, wsrep_ready=ON, pxc_maint_mode
 *     absent or DISABLED; state Synced → ok; Donor/Desynced → ok only with available_when_donor;
 *     read_only=ON → refused unless available_when_readonly, and then a reader but no writer.
 * </ul>
 */
public final class DecisionTable {
    private static final String YES = "Yes";
    private static final String PRIMARY = "Primary";
    private static final String MAINT_DISABLED = "DISABLED";

    private final ClusterType clusterType;
    private final long maxSlaveLag;
    private final boolean availableWhenDonor;
    private final boolean availableWhenReadonly;

    public DecisionTable(ClusterType clusterType, long maxSlaveLag, boolean availableWhenDonor, boolean availableWhenReadonly) {
        this.clusterType = clusterType;
        this.maxSlaveLag = maxSlaveLag;
        this.availableWhenDonor = availableWhenDonor;
        this.availableWhenReadonly = availableWhenReadonly;
    }

    public static DecisionTable of(MysqlMonitorConfig c) {
        return new DecisionTable(c.clusterType(), c.maxSlaveLag(), c.availableWhenDonor(), c.availableWhenReadonly());
    }

    public Decision evaluate(DbStatus s) {
        if (s.error() != ProbeError.NONE) {
            return Decision.forError(s.error());
        }
        return switch (clusterType) {
            case READ_ONLY -> s.readOnly() ? Decision.READ_ONLY : Decision.WRITABLE;
            case REPLICATION -> replication(s);
            case PXC -> galera(s);
        };
    }

    private Decision replication(DbStatus s) {
        if (!s.readOnly()) {
            return Decision.WRITABLE;
        }
        if (!s.slaveStatus()) {
            return Decision.REPLICA_NO_SLAVE_STATUS;
        }
        if (!YES.equals(s.slaveIoRunning())) {
            return Decision.REPLICA_IO_NOT_RUNNING;
        }
        if (!YES.equals(s.slaveSqlRunning())) {
            return Decision.REPLICA_SQL_NOT_RUNNING;
        }
        Long sbm = s.secondsBehindMaster();
        if (sbm == null) {
            return Decision.REPLICA_LAG_UNKNOWN;
        }
        return sbm <= maxSlaveLag ? Decision.REPLICA_HEALTHY : Decision.REPLICA_LAGGING;
    }

    private Decision galera(DbStatus s) {
        if (s.wsrepClusterStatus() == null || s.wsrepLocalState() < 0) {
            return Decision.GALERA_NO_WSREP;
        }
        if (!PRIMARY.equals(s.wsrepClusterStatus())) {
            return Decision.GALERA_NON_PRIMARY;
        }
        if (!s.wsrepReady()) {
            return Decision.GALERA_NOT_READY;
        }
        if (s.pxcMaintMode() != null && !MAINT_DISABLED.equals(s.pxcMaintMode())) {
            return Decision.GALERA_MAINTENANCE;
        }
        boolean donor;
        if (s.wsrepLocalState() == DbStatus.WSREP_SYNCED) {
            donor = false;
        } else if (s.wsrepLocalState() == DbStatus.WSREP_DONOR_DESYNCED) {
            if (!availableWhenDonor) {
                return Decision.GALERA_DONOR;
            }
            donor = true;
        } else {
            return Decision.GALERA_NOT_SYNCED;
        }
        if (s.readOnly()) {
            if (!availableWhenReadonly) {
                return Decision.GALERA_READ_ONLY_REFUSED;
            }
            return donor ? Decision.GALERA_DONOR_READ_ONLY : Decision.GALERA_SYNCED_READ_ONLY;
        }
        return donor ? Decision.GALERA_DONOR_AVAILABLE : Decision.GALERA_SYNCED;
    }
}
