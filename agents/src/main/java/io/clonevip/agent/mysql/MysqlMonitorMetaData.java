package io.clonevip.agent.mysql;

import io.clonevip.ocf.ActionSpec;
import io.clonevip.ocf.AgentMetaData;
import io.clonevip.ocf.Parameter;
import io.clonevip.ocf.ParameterType;
import io.clonevip.ocf.ProductVersion;

/**
 * mysql_monitor's parameters: Percona's names and defaults (state, user, password,
 * client_binary, pid, socket, reader_attribute, writer_attribute, reader_failcount,
 * max_slave_lag, cluster_type) plus clonevip's additive ones. Checked at run time by
 * {@link MysqlMonitorConfig} (daemon and validate-all alike); the declared types only serve the
 * meta-data, so they accept exactly what the config accepts.
 */
final class MysqlMonitorMetaData {
    /** OCF_CHECK_LEVEL of the monitor that also checks the attributes in attrd. */
    static final int MONITOR_DEEP = 10;

    static final AgentMetaData META = AgentMetaData.builder(MysqlMonitorAgent.NAME)
            .version(ProductVersion.current())
            .shortdesc("Sets readable/writable node attributes from the local MySQL/MariaDB server")
            .longdesc("Keeps two transient node attributes in step with the local MySQL/MariaDB server, "
                    + "like Percona's mysql_monitor: a reader attribute (readable) and a writer attribute "
                    + "(writable), for location rules such as 'rule -inf: not_defined writable or writable eq 0' "
                    + "(not_defined: a node that has just joined has no attribute until the monitor writes it). "
                    + "A resident process "
                    + "per resource keeps one DB connection and checks every poll_interval; the monitor action "
                    + "only checks that process and its heartbeat (no DB connection). Any failure to get "
                    + "an answer from the server (down, hung, access denied, too many connections, timeout) sets "
                    + "the writer to 0 and counts the reader down. A down database is reported through the "
                    + "attributes, not by failing the resource. Stop sets both attributes to 0.")
            .parameter(Parameter.string("state").unique()
                    .defaultValue("${HA_RSCTMP}/mysql-monitor-${OCF_RESOURCE_INSTANCE}.state")
                    .shortdesc("Heartbeat file")
                    .longdesc("Absolute path of the heartbeat file the resident process rewrites after every "
                            + "check; <state>.pid and <state>.log are kept beside it. Its directory must be root's and "
                            + "writable by nobody else (start refuses /tmp, for instance)."))
            .parameter(Parameter.string("user").defaultValue("root")
                    .shortdesc("MySQL user")
                    .longdesc("Account the monitor connects as (user= in credentials_file overrides it). "
                            + "replication mode needs SLAVE MONITOR (MariaDB 10.5+) or REPLICATION CLIENT; "
                            + "read-only and pxc need no grant beyond USAGE."))
            .parameter(Parameter.string("password").secret()
                    .shortdesc("MySQL password")
                    .longdesc("Password of user. Prefer credentials_file: a parameter is stored in the CIB. "
                            + "Never put on a command line or in a log line."))
            .parameter(Parameter.string("credentials_file")
                    .shortdesc("MySQL option file with user and password")
                    .longdesc("Absolute path of a MySQL option file; user= and password= of its [client] section "
                            + "(or of a file without sections) are used instead of user and password. Refused "
                            + "(exit 4) when it is a symbolic link, readable or writable by group or others, or owned by "
                            + "anyone but root or the monitor's user."))
            .parameter(Parameter.string("client_binary").defaultValue("/usr/bin/mysql")
                    .shortdesc("Ignored (Percona compatibility)")
                    .longdesc("Percona's agent ran this client for every check; clonevip keeps one connection "
                            + "open instead and ignores the value."))
            .parameter(Parameter.string("pid")
                    .shortdesc("mysqld pid file")
                    .longdesc("When set, a missing file or a dead PID counts as 'not running' (0/0) without a "
                            + "connection attempt. Not checked when empty (Percona defaulted it to "
                            + "/var/run/mysql/mysqld.pid)."))
            .parameter(Parameter.string("socket").defaultValue(MysqlMonitorConfig.DEFAULT_SOCKET)
                    .shortdesc("MySQL unix socket")
                    .longdesc("Absolute path of the server's unix socket, used when host is empty."))
            .parameter(Parameter.string("host")
                    .shortdesc("MySQL host (TCP)")
                    .longdesc("Connect over TCP to this host and port instead of the unix socket."))
            .parameter(Parameter.integer("port").defaultValue("3306")
                    .shortdesc("MySQL port (TCP)")
                    .longdesc("TCP port, with host. 1 to 65535."))
            .parameter(Parameter.string("cluster_type").defaultValue("replication")
                    .shortdesc("How the server's state maps to the attributes")
                    .longdesc("replication: read_only OFF = reader and writer; read_only ON = reader only when "
                            + "both replication threads run and the lag is at most max_slave_lag. "
                            + "read-only: read_only ON = reader only, OFF = reader and writer. "
                            + "pxc: Galera/PXC clustercheck rules (Synced, Primary, wsrep_ready). "
                            + "Allowed values: replication, pxc, read-only (any case)."))
            .parameter(Parameter.string("reader_attribute").defaultValue("readable")
                    .shortdesc("Reader attribute name")
                    .longdesc("Node attribute set to the reader countdown (0 = not readable)."))
            .parameter(Parameter.string("writer_attribute").defaultValue("writable")
                    .shortdesc("Writer attribute name")
                    .longdesc("Node attribute set to 1 when the server takes writes, else 0. Must differ from "
                            + "reader_attribute."))
            .parameter(Parameter.integer("reader_failcount").defaultValue("1")
                    .shortdesc("Reader countdown")
                    .longdesc("A healthy check sets the reader to this value, a failing one lowers it by 1 "
                            + "down to 0. 1 to 1000."))
            .parameter(Parameter.integer("max_slave_lag").defaultValue("3600")
                    .shortdesc("Maximum replica lag in seconds")
                    .longdesc("replication mode: a replica lagging more (Seconds_Behind_Master) is not readable."))
            .parameter(Parameter.builder("poll_interval", ParameterType.TIME).defaultValue("1s")
                    .shortdesc("Time between checks")
                    .longdesc("e.g. 500ms, 2s, 1m, 0.5s; 50ms to 1h."))
            .parameter(Parameter.builder("connect_timeout", ParameterType.TIME).defaultValue("2s")
                    .shortdesc("Connect timeout")
                    .longdesc("Limit of one connection attempt; 100ms to 5m."))
            .parameter(Parameter.builder("query_timeout", ParameterType.TIME).defaultValue("2s")
                    .shortdesc("Query timeout")
                    .longdesc("Limit of one check's round trip, so that a hung server reads as failed; 100ms to 5m."))
            .parameter(Parameter.bool("available_when_donor").defaultValue("false")
                    .shortdesc("pxc: a Donor/Desynced node is available")
                    .longdesc("clustercheck's available_when_donor."))
            .parameter(Parameter.bool("available_when_readonly").defaultValue("true")
                    .shortdesc("pxc: a read_only node is a reader")
                    .longdesc("When true a read_only node is a reader (writer 0); when false it is neither."))
            .parameter(Parameter.builder("dampen", ParameterType.TIME).defaultValue("0")
                    .shortdesc("Attribute dampening")
                    .longdesc("attrd_updater -d: how long attrd waits before writing a changed value to the CIB; "
                            + "0 = at once, up to 1h."))
            .parameter(Parameter.string("load_attribute")
                    .shortdesc("Load headroom attribute name (empty: off)")
                    .longdesc("When set (e.g. load_headroom), the resident process also publishes the database's CPU "
                            + "headroom under this name, for the load rule of docs/user/load-aware-placement.md: 100 minus "
                            + "the percentage of its CPU limit its control group used, smoothed over about 10 s, in steps "
                            + "of 10, written only when the smoothed figure is a whole step away from the value written, "
                            + "and crossing load_threshold at most once per load_hold. Read from the group's cgroup files "
                            + "at every check (no query). The limit is the smallest CPU quota (cpu.max, or "
                            + "cpu.cfs_quota_us on cgroup v1) from the group up, at most the host's CPUs. Needs the "
                            + "database in a control group of its own (a systemd service has one) and pid or load_cgroup. "
                            + "Stop deletes the attribute. Off by default: without the location rule it only costs "
                            + "writes."))
            .parameter(Parameter.string("load_cgroup")
                    .shortdesc("The database's cgroup v2 path")
                    .longdesc("The control group whose CPU use is measured, as a cgroup v2 path (e.g. "
                            + "/system.slice/mariadb.service). Empty: the group of the process in the pid file, "
                            + "found again when the database restarts."))
            .parameter(Parameter.integer("load_threshold").defaultValue("20")
                    .shortdesc("The load rule's threshold")
                    .longdesc("The value below which the location rule sheds the node (lt 20 in the documented rule); "
                            + "only used to limit crossings (load_hold). 1 to 100."))
            .parameter(Parameter.builder("load_hold", ParameterType.TIME).defaultValue("10m")
                    .shortdesc("Least time between two crossings of load_threshold")
                    .longdesc("After the published value crosses load_threshold (either way), it does not cross it "
                            + "again for this long; meanwhile it moves at most to the last step on its side. Bounds the "
                            + "moves of a node whose load swings around the threshold (and the return of its buckets "
                            + "once its load has left with them). 0 to 1d."))
            .standardActions("30s", "10s", "20s")
            .action(ActionSpec.monitor("30s", "60s", MONITOR_DEEP))
            .build();

    private MysqlMonitorMetaData() {
    }
}
