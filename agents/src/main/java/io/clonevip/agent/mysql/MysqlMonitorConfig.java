package io.clonevip.agent.mysql;

import io.clonevip.ocf.OcfAction;
import io.clonevip.ocf.OcfEnv;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The parameters of one mysql_monitor resource instance, read through the OCF framework
 * ({@link OcfEnv}: declared defaults, types, secrets; {@link io.clonevip.ocf.OcfException} with
 * ERR_CONFIGURED naming the parameter) plus the checks only mysql_monitor makes (absolute paths,
 * attribute names, cluster_type in any case, the credentials file). {@code toString} shows no secret.
 *
 * @param host      TCP host; when null the unix {@code socket} is used
 * @param port      TCP port (with {@code host})
 * @param pidFile   mysqld pid file checked before each probe; null = not checked
 * @param dampen    attrd dampening; {@link Duration#ZERO} = none
 * @param load      the load publishing, null when off (load_attribute empty)
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
        Duration dampen,
        LoadSettings load) {

    public static final String DEFAULT_SOCKET = "/var/lib/mysql/mysql.sock";
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

    /** Every parameter of the action's environment, checked; the credentials file is read. */
    public static MysqlMonitorConfig from(OcfEnv env) {
        String user = text(env, "user");
        Secret password = Secret.of(env.explicit("password").orElse(null));
        Path credentials = optionalPath(env, "credentials_file");
        if (credentials != null) {
            CredentialsFile file = CredentialsFile.read(credentials);
            password = file.password(); // preferred over the password parameter
            if (file.user() != null && !file.user().isEmpty()) {
                user = file.user();
            }
        }
        Path pidFile = optionalPath(env, "pid");
        String host = env.optional("host").filter(h -> !h.isBlank()).map(String::strip).orElse(null);
        Path socket = host != null ? null : absolute(env, "socket", text(env, "socket"));
        int port = env.integer("port", 1, 65535);
        AttributeNames names = attributeNames(env);
        long maxLag = env.integer("max_slave_lag", 0, Integer.MAX_VALUE);
        String ct = text(env, "cluster_type").toLowerCase(Locale.ROOT);
        ClusterType type = ClusterType.fromParameter(ct);
        if (type == null) {
            throw env.invalid("cluster_type", ct, "must be one of replication, pxc, read-only");
        }
        int failcount = env.integer("reader_failcount", 1, 1000);
        Duration poll = env.duration("poll_interval", Duration.ofMillis(50), Duration.ofHours(1));
        Duration connect = env.duration("connect_timeout", Duration.ofMillis(100), Duration.ofMinutes(5));
        Duration query = env.duration("query_timeout", Duration.ofMillis(100), Duration.ofMinutes(5));
        boolean donor = env.bool("available_when_donor");
        boolean readonly = env.bool("available_when_readonly");
        Duration dampen = env.duration("dampen", Duration.ZERO, Duration.ofHours(1));
        LoadSettings load = load(env, names, pidFile);
        return new MysqlMonitorConfig(user, password, credentials, pidFile, socket, host, port, names.reader(),
                names.writer(), maxLag, type, failcount, MonitorFiles.of(env).state(), poll, connect, query, donor,
                readonly, dampen, load);
    }

    /** load_attribute and its companions; null when load_attribute is empty (off). */
    static LoadSettings load(OcfEnv env, AttributeNames names, Path pidFile) {
        String attribute = env.optional("load_attribute").map(String::strip).orElse("");
        if (attribute.isEmpty()) {
            return null;
        }
        if (!usableAttributeName(attribute)) {
            throw env.invalid("load_attribute", attribute, "must be a node attribute name ([A-Za-z0-9_.:-], at most 128)");
        }
        if (attribute.equals(names.reader()) || attribute.equals(names.writer())) {
            throw env.invalid("load_attribute", attribute, "must differ from reader_attribute and writer_attribute");
        }
        String cgroup = env.optional("load_cgroup").map(String::strip).filter(c -> !c.isEmpty()).orElse(null);
        if (cgroup != null && (!cgroup.startsWith("/") || cgroup.equals("/") || cgroup.contains("/../")
                || cgroup.endsWith("/..") || cgroup.chars().anyMatch(c -> c < ' '))) {
            throw env.invalid("load_cgroup", cgroup, "must be a cgroup v2 path below the root, e.g. /system.slice/mariadb.service");
        }
        if (cgroup == null && pidFile == null) {
            throw env.invalid("load_attribute", attribute, "needs pid (the database's cgroup is that process's) or load_cgroup");
        }
        int threshold = env.integer("load_threshold", 1, 100);
        Duration hold = env.duration("load_hold", Duration.ZERO, Duration.ofDays(1));
        return new LoadSettings(attribute, cgroup, threshold, hold);
    }

    /**
     * {@link #from(OcfEnv)} for parameters given by name (tests, benchmarks): {@code state}
     * defaults to {@code defaultStateFile}.
     */
    public static MysqlMonitorConfig parse(Map<String, String> params, Path defaultStateFile) {
        Map<String, String> env = new HashMap<>();
        params.forEach((k, v) -> env.put("OCF_RESKEY_" + k, v));
        env.putIfAbsent("OCF_RESKEY_state", defaultStateFile.toString());
        return from(OcfEnv.of(env, OcfAction.VALIDATE_ALL, MysqlMonitorMetaData.META));
    }

    /** The reader and writer attribute names, as the daemon writes them. */
    record AttributeNames(String reader, String writer) {
    }

    /** Both names, checked: usable by attrd and different. */
    static AttributeNames attributeNames(OcfEnv env) {
        String reader = attribute(env, "reader_attribute");
        String writer = attribute(env, "writer_attribute");
        if (reader.equals(writer)) {
            throw env.invalid("writer_attribute", writer, "must differ from reader_attribute");
        }
        return new AttributeNames(reader, writer);
    }

    /** Whether {@code name} is an attribute name the daemon accepts (and so may have written). */
    static boolean usableAttributeName(String name) {
        return ATTRIBUTE_NAME.matcher(name).matches();
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

    /** The value, or the declared default when it is blank. */
    private static String text(OcfEnv env, String name) {
        String v = env.string(name).strip();
        return v.isEmpty() ? env.metaData().parameter(name).orElseThrow().defaultValue() : v;
    }

    private static Path optionalPath(OcfEnv env, String name) {
        String v = env.optional(name).orElse("");
        return v.isBlank() ? null : absolute(env, name, v.strip());
    }

    static Path absolute(OcfEnv env, String name, String value) {
        if (!value.startsWith("/")) {
            throw env.invalid(name, value, "must be an absolute path");
        }
        return Path.of(value);
    }

    private static String attribute(OcfEnv env, String name) {
        String v = text(env, name);
        if (!usableAttributeName(v)) {
            throw env.invalid(name, v, "must be a node attribute name ([A-Za-z0-9_.:-], at most 128)");
        }
        return v;
    }
}
