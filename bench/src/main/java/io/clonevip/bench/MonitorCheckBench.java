package io.clonevip.bench;

import io.clonevip.agent.mysql.DbProbe;
import io.clonevip.agent.mysql.DbStatus;
import io.clonevip.agent.mysql.Decision;
import io.clonevip.agent.mysql.ClusterType;
import io.clonevip.agent.mysql.DecisionTable;
import io.clonevip.agent.mysql.MonitorQueries;
import io.clonevip.agent.mysql.MysqlMonitorConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One full mysql_monitor check against a local MariaDB (the replication and Galera labs of
 * {@code lab/db}, started by {@code bench/run-jmh.sh}: read-only mode against the primary,
 * replication mode against the replica, which returns a slave-status row ({@code replication}),
 * and against the writable primary, where the check stops after read_only
 * ({@code replication-primary}), pxc mode against a Synced Galera node): the agent's own
 * {@link DbProbe} over
 * its kept JDBC connection plus the decision, versus a new connection per check (a new probe
 * each time, as Percona's agent connects anew), versus a bare {@code SELECT 1} on a kept
 * connection opened with the same URL and options (a text statement), and the check's own
 * statements through plain JDBC on that connection, prepared as the agent prepares them (the
 * server's and driver's share). Target: kept check within 1.5x of SELECT 1.
 * Needs {@code CLONEVIP_BENCH_DB=host:primaryPort:replicaPort[:galeraPort]}; the monitor password comes from
 * {@code LAB_MONITOR_PASSWORD} (default {@code monitor}, the lab's).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class MonitorCheckBench {
    /** The cluster_type checked (named apart from DecisionBench's parameter so -p can pick checks). */
    @Param({"read-only", "replication", "replication-primary", "pxc"})
    public String cluster;

    private MysqlMonitorConfig config;
    private DbProbe kept;
    private DecisionTable table;
    private Connection bare;
    private Statement bareStatement;
    /** The check's statements on the bare connection: a prepared statement, or null = text in {@link #texts}. */
    private final List<PreparedStatement> prepared = new ArrayList<>();
    private final List<String> texts = new ArrayList<>();

    @Setup(Level.Trial)
    public void setup() throws Exception {
        String db = System.getenv("CLONEVIP_BENCH_DB");
        if (db == null) throw new IllegalStateException("CLONEVIP_BENCH_DB=host:primaryPort:replicaPort not set (run through bench/run-jmh.sh)");
        String[] p = db.split(":");
        String port = switch (cluster) {
            case "replication" -> p[2];
            case "pxc" -> {
                if (p.length < 4) throw new IllegalStateException("no Galera node in CLONEVIP_BENCH_DB");
                yield p[3];
            }
            default -> p[1];
        };
        String pw = System.getenv().getOrDefault("LAB_MONITOR_PASSWORD", "monitor");
        String type = cluster.equals("replication-primary") ? "replication" : cluster;
        config = MysqlMonitorConfig.parse(Map.of("host", p[0], "port", port, "user", "monitor", "password", pw,
                "cluster_type", type, "state", "/nonexistent/clonevip-bench.state"), Path.of("/nonexistent"));
        table = DecisionTable.of(config);
        kept = new DbProbe(config);
        DbStatus first = kept.probe();
        if (!first.reachable()) throw new IllegalStateException("probe failed: " + first.detail());
        Decision d = table.evaluate(first);
        if (!d.readerHealthy()) throw new IllegalStateException("lab server not healthy for " + cluster + ": " + d.reason());
        Properties props = new Properties();
        props.setProperty("user", "monitor");
        props.setProperty("password", pw);
        bare = DriverManager.getConnection(kept.url(), props);
        bareStatement = bare.createStatement();
        MonitorQueries q = new MonitorQueries(ClusterType.fromParameter(type));
        q.onConnect(bare);
        List<String> sqls = q.statements();
        if (cluster.equals("replication-primary")) sqls = sqls.subList(0, 1); // read_only OFF: the check stops there
        for (String one : sqls) {
            prepared.add(one.contains(";") ? null : bare.prepareStatement(one));
            texts.add(one);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        kept.close();
        bare.close();
    }

    /** The agent's check: probe over the kept connection, then the decision. */
    @Benchmark
    public Decision checkKeptConnection() {
        return table.evaluate(kept.probe());
    }

    /** The same check with a new connection each time (connect, query, close). */
    @Benchmark
    public Decision checkNewConnection() {
        try (DbProbe fresh = new DbProbe(config)) {
            return table.evaluate(fresh.probe());
        }
    }

    /**
     * The check's own statements on a kept connection (prepared as the agent prepares them, a
     * multi-statement text as text) with every result set read through plain JDBC: the server's
     * and driver's share of a check, without the agent's logic.
     */
    @Benchmark
    public int sameSqlKeptConnection() throws Exception {
        int rows = 0;
        for (int i = 0; i < texts.size(); i++) {
            PreparedStatement ps = prepared.get(i);
            Statement st = ps != null ? ps : bareStatement;
            boolean more = ps != null ? ps.execute() : st.execute(texts.get(i));
            while (more || st.getUpdateCount() != -1) {
                if (more) {
                    try (ResultSet rs = st.getResultSet()) {
                        while (rs.next()) rows++;
                    }
                }
                more = st.getMoreResults();
            }
        }
        return rows;
    }

    /** The floor: one round trip of {@code SELECT 1} on a kept connection. */
    @Benchmark
    public int selectOneKeptConnection() throws Exception {
        try (ResultSet rs = bareStatement.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
