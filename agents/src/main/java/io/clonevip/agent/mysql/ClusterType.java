package io.clonevip.agent.mysql;

/** The {@code cluster_type} parameter: which facts decide the reader and writer attributes. */
public enum ClusterType {
    /** Async replication: read_only OFF is a writer; a read_only replica is a reader if replicating without lag. */
    REPLICATION("replication"),
    /** Galera (PXC, MariaDB Galera): clustercheck's rules on wsrep status. */
    PXC("pxc"),
    /** Only read_only decides: OFF → reader and writer, ON → reader only. */
    READ_ONLY("read-only");

    private final String parameterValue;

    ClusterType(String parameterValue) {
        this.parameterValue = parameterValue;
    }

    /** The value as written in the OCF parameter. */
    public String parameterValue() {
        return parameterValue;
    }

    /** Parses the OCF parameter value; null when it names no cluster type. */
    public static ClusterType fromParameter(String value) {
        for (ClusterType t : values()) {
            if (t.parameterValue.equals(value)) {
                return t;
            }
        }
        return null;
    }
}
