package io.clonevip.agent.mysql;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The parameters of one mysql_monitor resource instance, by their OCF names (Percona's
 * mysql_monitor plus additive ones). {@code toString} shows no secret.
 *
 * @param host      TCP host; when null the unix {@code socket} is used
 * @param port      TCP port (with {@code host})
 * @param pidFile   mysqld pid file checked before each probe; null = not checked
 * @param dampen    attrd dampening; {@link Duration#ZERO} = none
 */
public record MysqlMonitorConfig(
        String user,
        Secret password,
        Path credentialsFile,
        Path pidFile,
        Path socket,
        String host,
        int port,
        String readerAttribute,
        String writerAttribute,
        long maxSlaveLag,
        ClusterType clusterType,
        int readerFailcount,
        Path stateFile,
        Duration pollInterval,
        Duration connectTimeout,
        Duration queryTimeout,
        boolean availableWhenDonor,
        boolean availableWhenReadonly,
        Duration dampen) {

    public static final String DEFAULT_SOCKET = "/var/lib/mysql/mysql.sock";
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

    /**
     * Parses OCF parameters (names without the {@code OCF_RESKEY_} prefix). Unknown names are
     * ignored (Pacemaker adds CRM_meta_* ones). {@code defaultStateFile} is Percona's
     * {@code $HA_RSCTMP/mysql-monitor-$OCF_RESOURCE_INSTANCE.state}, computed by the caller.
     */
    public static MysqlMonitorConfig parse(Map<String, String> p, Path defaultStateFile) throws MonitorConfigException {
        String user = text(p, "user", "root");
        Secret password = Secret.of(p.get("password"));
        Path credentials = null;
        String cf = p.get("credentials_file");
        if (cf != null && !cf.isBlank()) {
            credentials = absolute("credentials_file", cf);
            CredentialsFile file = CredentialsFile.read(credentials);
            password = file.password(); // preferred over the password parameter
            if (file.user() != null && !file.user().isEmpty()) {
                user = file.user();
            }
        }
        String pid = p.get("pid");
        Path pidFile = pid == null || pid.isBlank() ? null : absolute("pid", pid);
        String host = p.get("host");
        host = host == null || host.isBlank() ? null : host.strip();
        Path socket = host != null ? null : absolute("socket", text(p, "socket", DEFAULT_SOCKET));
        int port = (int) integer(p, "port", 3306, 1, 65535);
        String reader = attribute(p, "reader_attribute", "readable");
        String writer = attribute(p, "writer_attribute", "writable");
        if (reader.equals(writer)) {
            throw new MonitorConfigException("writer_attribute", "must differ from reader_attribute");
        }
        long maxLag = integer(p, "max_slave_lag", 3600, 0, Integer.MAX_VALUE);
        String ct = text(p, "cluster_type", "replication").toLowerCase(Locale.ROOT);
        ClusterType type = ClusterType.fromParameter(ct);
        if (type == null) {
            throw new MonitorConfigException("cluster_type", "'" + ct + "' is not one of replication, pxc, read-only");
        }
        int failcount = (int) integer(p, "reader_failcount", 1, 1, 1000);
        String state = p.get("state");
        Path stateFile = state == null || state.isBlank() ? defaultStateFile : absolute("state", state);
        if (stateFile == null) {
            throw new MonitorConfigException("state", "no state file given and no HA_RSCTMP to default it");
        }
        Duration poll = duration(p, "poll_interval", "1s", Duration.ofMillis(50), Duration.ofHours(1));
        Duration connect = duration(p, "connect_timeout", "2s", Duration.ofMillis(100), Duration.ofMinutes(5));
        Duration query = duration(p, "query_timeout", "2s", Duration.ofMillis(100), Duration.ofMinutes(5));
        boolean donor = bool(p, "available_when_donor", false);
        boolean readonly = bool(p, "available_when_readonly", true);
        Duration dampen = duration(p, "dampen", "0", Duration.ZERO, Duration.ofHours(1));
        return new MysqlMonitorConfig(user, password, credentials, pidFile, socket, host, port, reader, writer,
                maxLag, type, failcount, stateFile, poll, connect, query, donor, readonly, dampen);
    }

    /**
     * Seconds after which the heartbeat counts as stale for the monitor action: a check takes at
     * most connect_timeout + query_timeout, then waits poll_interval; +2 s for the whole-second
     * timestamps and scheduling.
     */
    public long staleAfterSeconds() {
        long ms = pollInterval.plus(connectTimeout).plus(queryTimeout).toMillis();
        return (ms + 999) / 1000 + 2;
    }

    private static String text(Map<String, String> p, String name, String dflt) {
        String v = p.get(name);
        return v == null || v.isBlank() ? dflt : v.strip();
    }

    private static Path absolute(String name, String value) throws MonitorConfigException {
        if (!value.startsWith("/")) {
            throw new MonitorConfigException(name, "'" + value + "' is not an absolute path");
        }
        return Path.of(value);
    }

    private static String attribute(Map<String, String> p, String name, String dflt) throws MonitorConfigException {
        String v = text(p, name, dflt);
        if (!ATTRIBUTE_NAME.matcher(v).matches()) {
            throw new MonitorConfigException(name, "'" + v + "' is not a usable node attribute name");
        }
        return v;
    }

    private static long integer(Map<String, String> p, String name, long dflt, long min, long max)
            throws MonitorConfigException {
        String v = text(p, name, null);
        if (v == null) {
            return dflt;
        }
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new MonitorConfigException(name, "'" + v + "' is not an integer");
        }
        if (n < min || n > max) {
            throw new MonitorConfigException(name, n + " is out of range [" + min + ", " + max + "]");
        }
        return n;
    }

    private static Duration duration(Map<String, String> p, String name, String dflt, Duration min, Duration max)
            throws MonitorConfigException {
        return DurationParameter.parse(name, text(p, name, dflt), min, max);
    }

    private static boolean bool(Map<String, String> p, String name, boolean dflt) throws MonitorConfigException {
        String v = text(p, name, null);
        if (v == null) {
            return dflt;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            // the OCF framework's set (OcfEnv.bool), so validate-all and the daemon agree
            case "1", "true", "yes", "on", "ja" -> true;
            case "0", "false", "no", "off", "nein" -> false;
            default -> throw new MonitorConfigException(name, "'" + v + "' is not a boolean (true/false, yes/no, 1/0, on/off)");
        };
    }
}
