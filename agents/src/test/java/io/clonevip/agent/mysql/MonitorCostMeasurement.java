package io.clonevip.agent.mysql;

import io.clonevip.testkit.db.DbLab;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;

/**
 * Measures (asserts nothing) what a check costs: the resident monitor (in-process loop and the
 * real daemon process) versus one {@code mariadb} CLI fork per check (Percona's approach), and a
 * JDBC {@code SHOW GLOBAL STATUS LIKE 'wsrep%'} on a kept connection versus a new connection per
 * check; all against the same Galera node in the same run. Not a test: run it by hand, see
 * docs/measurements/mysql-monitor.md. Prints a Markdown table.
 */
public final class MonitorCostMeasurement {
    private static final int N = 1000;
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private MonitorCostMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        try (DbLab lab = DbLab.galera()) {
            int port = lab.port(1);
            long server = lab.pid(1);
            String pw = lab.monitorPassword();
            System.out.println("| what (" + N + " runs unless said) | wall per check | client CPU per check | server CPU per check |");
            System.out.println("|---|---|---|---|");
            inProcessLoop(port, pw, server);
            daemonProcess(lab, port, pw, server);
            cliFork(port, pw, server);
            jdbc(port, pw, server, true);
            jdbc(port, pw, server, false);
        }
    }

    private static void inProcessLoop(int port, String pw, long server) throws Exception {
        MysqlMonitorConfig c = MysqlMonitorConfig.parse(params(port, pw, "1s"), Path.of("/nonexistent"));
        MonitorLoop loop = MonitorLoop.create(c, new RecordingAttrd().attributes(), null);
        for (int i = 0; i < 200; i++) {
            loop.checkOnce();
        }
        long cpu0 = MX.getCurrentThreadCpuTime();
        long srv0 = ticks(server);
        long t0 = System.nanoTime();
        for (int i = 0; i < N; i++) {
            loop.checkOnce();
        }
        row("resident loop, in-process checkOnce (pxc: 2 statements, 1 round trip), thread CPU",
                System.nanoTime() - t0, MX.getCurrentThreadCpuTime() - cpu0, ticks(server) - srv0, N);
        loop.shutdown();
    }

    private static void daemonProcess(DbLab lab, int port, String pw, long server) throws Exception {
        Path dir = lab.runDir().resolve("daemon");
        Files.createDirectories(dir.resolve("bin"));
        Path fake = dir.resolve("bin/attrd_updater");
        Files.writeString(fake, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-Xmx32m",
                "-XX:MaxMetaspaceSize=48m", "-cp", System.getProperty("java.class.path"), MonitorDaemon.class.getName())
                .redirectErrorStream(true).redirectOutput(dir.resolve("daemon.log").toFile());
        Map<String, String> env = pb.environment();
        env.put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
        params(port, pw, "50ms").forEach((k, v) -> env.put("OCF_RESKEY_" + k, v));
        env.put("OCF_RESKEY_state", dir.resolve("mm.state").toString());
        Process p = pb.start();
        try {
            int warm = 200;
            int n = 400;
            long c0 = awaitChecks(dir.resolve("mm.state"), warm);
            Duration cpu0 = p.info().totalCpuDuration().orElseThrow();
            long srv0 = ticks(server);
            long t0 = System.nanoTime();
            long c1 = awaitChecks(dir.resolve("mm.state"), c0 + n);
            Duration cpu1 = p.info().totalCpuDuration().orElseThrow();
            long checks = c1 - c0;
            String rss = Files.readAllLines(Path.of("/proc/" + p.pid() + "/status")).stream()
                    .filter(l -> l.startsWith("VmRSS")).findFirst().orElse("VmRSS: ?").replaceAll("\\s+", " ");
            row("resident daemon process (poll 50ms, " + checks + " checks, whole JVM incl. GC/JIT; " + rss + ")",
                    System.nanoTime() - t0, cpu1.minus(cpu0).toNanos(), ticks(server) - srv0, checks);
        } finally {
            p.destroy();
            p.waitFor();
        }
    }

    private static long awaitChecks(Path state, long atLeast) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() - deadline < 0) {
            try {
                for (String l : Files.readAllLines(state)) {
                    if (l.startsWith("checks=") && Long.parseLong(l.substring(7)) >= atLeast) {
                        return Long.parseLong(l.substring(7));
                    }
                }
            } catch (java.io.IOException | NumberFormatException ignored) {
                // not written yet
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("daemon did not reach " + atLeast + " checks");
    }

    private static void cliFork(int port, String pw, long server) throws Exception {
        String sql = MonitorQueries.GALERA_SQL;
        ProcessBuilder pb = new ProcessBuilder("mariadb", "--no-defaults", "-h127.0.0.1", "-P" + port, "-umonitor",
                "-N", "-B", "--connect-timeout=2", "-e", sql).redirectErrorStream(true);
        pb.environment().put("MYSQL_PWD", pw); // not on the command line
        for (int i = 0; i < 20; i++) {
            run(pb);
        }
        long[] child0 = children();
        long srv0 = ticks(server);
        long t0 = System.nanoTime();
        for (int i = 0; i < N; i++) {
            run(pb);
        }
        long wall = System.nanoTime() - t0;
        long[] child1 = children();
        long childNs = (child1[0] + child1[1] - child0[0] - child0[1]) * 10_000_000L;
        row("one `mariadb` CLI fork per check (same SQL), child CPU from /proc/self/stat cutime+cstime", wall, childNs,
                ticks(server) - srv0, N);
    }

    private static void run(ProcessBuilder pb) throws Exception {
        Process p = pb.start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("mariadb CLI failed");
        }
    }

    private static void jdbc(int port, String pw, long server, boolean kept) throws Exception {
        Properties props = new Properties();
        props.setProperty("user", "monitor");
        props.setProperty("password", pw);
        String url = "jdbc:mariadb://127.0.0.1:" + port + "/?connectTimeout=2000&socketTimeout=2000";
        String sql = "SHOW GLOBAL STATUS LIKE 'wsrep%'";
        long[] each = new long[N];
        try (Connection keep = DriverManager.getConnection(url, props); Statement st = keep.createStatement()) {
            for (int i = 0; i < 200; i++) {
                once(kept ? st : null, url, props, sql);
            }
            long cpu0 = MX.getCurrentThreadCpuTime();
            long srv0 = ticks(server);
            long t0 = System.nanoTime();
            for (int i = 0; i < N; i++) {
                long s = System.nanoTime();
                once(kept ? st : null, url, props, sql);
                each[i] = System.nanoTime() - s;
            }
            long wall = System.nanoTime() - t0;
            Arrays.sort(each);
            row("JDBC `SHOW GLOBAL STATUS LIKE 'wsrep%'`, " + (kept ? "kept connection" : "new connection per check")
                    + String.format(" (median %.3f ms)", each[N / 2] / 1e6), wall, MX.getCurrentThreadCpuTime() - cpu0,
                    ticks(server) - srv0, N);
        }
    }

    private static void once(Statement kept, String url, Properties props, String sql) throws Exception {
        if (kept != null) {
            try (ResultSet rs = kept.executeQuery(sql)) {
                while (rs.next()) {
                    rs.getString(2);
                }
            }
            return;
        }
        try (Connection c = DriverManager.getConnection(url, props); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                rs.getString(2);
            }
        }
    }

    private static Map<String, String> params(int port, String pw, String poll) {
        return MysqlMonitorConfigTest.params("cluster_type", "pxc", "host", "127.0.0.1", "port", Integer.toString(port),
                "user", "monitor", "password", pw, "poll_interval", poll, "connect_timeout", "2s", "query_timeout", "2s");
    }

    /** utime+stime of a process in clock ticks (100 Hz). */
    private static long ticks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** cutime, cstime of this JVM: CPU of waited-for children, in ticks. */
    private static long[] children() throws Exception {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[13]), Long.parseLong(f[14])};
    }

    private static void row(String what, long wallNs, long clientCpuNs, long serverTicks, long n) {
        System.out.printf("| %s | %.3f ms | %.3f ms | %.3f ms |%n", what, wallNs / 1e6 / n, clientCpuNs / 1e6 / n,
                serverTicks * 10.0 / n);
    }
}
