package io.clonevip.agent.mysql;

import io.clonevip.testkit.db.DbLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Measures (asserts nothing) the candidate load signals of one MariaDB server under a CPU squeeze
 * against idle, for the choice of mysql_monitor's load signal (docs/measurements/load-signal.md):
 * the replication lab's primary is put into a cgroup of its own (cgroup v1 {@code cpu} for the
 * quota, the cgroup v2 hierarchy for its {@code cpu.pressure}), a client load of {@code THREADS}
 * kept connections runs CPU-bound queries with a think time, and once a second, on one kept
 * monitor connection as the daemon would: the check's round trip ({@code SELECT @@global.read_only}
 * prepared), {@code Threads_running}, the cgroup's PSI {@code some avg10} and the node-wide one.
 * Phases: idle, load, load squeezed to 20 % of one CPU, squeezed idle, load again. Prints one
 * tab-separated line per second, then the median and 90th percentile of each signal per phase.
 * Not a test: run it by hand (root), see the page.
 */
public final class LoadSignalMeasurement {
    private static final int THREADS = Integer.getInteger("threads", 4);
    private static final long THINK_MS = Long.getLong("think", 50);
    private static final int PHASE_S = Integer.getInteger("phase", 40);
    private static final long QUOTA_US = Long.getLong("quota", 20000);
    private static final Path V1 = Path.of("/sys/fs/cgroup/cpu");
    private static final Path V2 = Path.of("/sys/fs/cgroup/unified");

    private LoadSignalMeasurement() {
    }

    record Sample(String phase, double checkMs, int threadsRunning, double psiCgroup, double psiSecond, double psiNode,
                  double clientMs, double usedOfLimit, double throttled) {
    }

    public static void main(String[] args) throws Exception {
        String name = "clonevip-loadsig-" + ProcessHandle.current().pid();
        Path v1 = V1.resolve(name);
        Path v2 = V2.resolve(name);
        try (DbLab lab = DbLab.replication()) {
            long pid = lab.pid(DbLab.PRIMARY);
            String url = "jdbc:mariadb://127.0.0.1:" + lab.port(DbLab.PRIMARY)
                    + "/?connectTimeout=2000&socketTimeout=20000&useServerPrepStmts=true&sslMode=disable";
            Properties props = new Properties();
            props.setProperty("user", "monitor");
            props.setProperty("password", lab.monitorPassword());
            Files.createDirectories(v1);
            Files.createDirectories(v2);
            Files.writeString(v1.resolve("cgroup.procs"), Long.toString(pid));
            Files.writeString(v2.resolve("cgroup.procs"), Long.toString(pid));
            int n = calibrate(url, props);
            System.out.println("# server pid " + pid + ", BENCHMARK count " + n + ", " + THREADS + " threads, think "
                    + THINK_MS + " ms, quota " + QUOTA_US + "/100000 us, load average " + loadAverage());
            System.out.println("phase\tcheck_ms\tthreads_running\tpsi_cgroup_avg10\tpsi_cgroup_1s\tpsi_node_avg10\tclient_ms"
                    + "\tused_of_limit\tthrottled_periods");
            List<Sample> all = new ArrayList<>();
            ConcurrentLinkedQueue<Long> client = new ConcurrentLinkedQueue<>();
            AtomicBoolean loadOn = new AtomicBoolean(false);
            AtomicBoolean done = new AtomicBoolean(false);
            List<Thread> workers = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                workers.add(Thread.ofPlatform().start(() -> load(url, props, n, loadOn, done, client)));
            }
            try (Connection mon = DriverManager.getConnection(url, props);
                 PreparedStatement check = mon.prepareStatement(MonitorQueries.READ_ONLY_SQL);
                 PreparedStatement running = mon.prepareStatement("SHOW GLOBAL STATUS LIKE 'Threads_running'")) {
                String[][] phases = {{"idle", "0", "-1"}, {"load", "1", "-1"}, {"load+squeeze", "1", "" + QUOTA_US},
                        {"squeeze, no load", "0", "" + QUOTA_US}, {"load again", "1", "-1"}};
                for (String[] ph : phases) {
                    Files.writeString(v1.resolve("cpu.cfs_quota_us"), ph[2]);
                    loadOn.set(ph[1].equals("1"));
                    long lastTotal = psiTotal(v2.resolve("cpu.pressure"));
                    long lastT = System.nanoTime();
                    long lastUsage = stat(v2.resolve("cpu.stat"), "usage_usec");
                    long lastPeriods = stat(v1.resolve("cpu.stat"), "nr_periods");
                    long lastThrottled = stat(v1.resolve("cpu.stat"), "nr_throttled");
                    double limit = ph[2].equals("-1") ? Runtime.getRuntime().availableProcessors()
                            : Long.parseLong(ph[2]) / 100000.0;
                    for (int s = 0; s < PHASE_S; s++) {
                        Thread.sleep(1000);
                        long t0 = System.nanoTime();
                        try (ResultSet rs = check.executeQuery()) {
                            rs.next();
                        }
                        double checkMs = (System.nanoTime() - t0) / 1e6;
                        int tr;
                        try (ResultSet rs = running.executeQuery()) {
                            rs.next();
                            tr = Integer.parseInt(rs.getString(2));
                        }
                        long total = psiTotal(v2.resolve("cpu.pressure"));
                        long now = System.nanoTime();
                        double psi1 = (total - lastTotal) * 100.0 / ((now - lastT) / 1e3);
                        long usage = stat(v2.resolve("cpu.stat"), "usage_usec");
                        double used = (usage - lastUsage) * 100.0 / ((now - lastT) / 1e3) / limit;
                        long periods = stat(v1.resolve("cpu.stat"), "nr_periods");
                        long throttledNow = stat(v1.resolve("cpu.stat"), "nr_throttled");
                        double thr = periods == lastPeriods ? 0 : (throttledNow - lastThrottled) * 100.0 / (periods - lastPeriods);
                        lastUsage = usage;
                        lastPeriods = periods;
                        lastThrottled = throttledNow;
                        lastTotal = total;
                        lastT = now;
                        List<Long> c = new ArrayList<>();
                        for (Long x; (x = client.poll()) != null; ) {
                            c.add(x);
                        }
                        double clientMs = c.isEmpty() ? Double.NaN
                                : c.stream().mapToLong(Long::longValue).sorted().toArray()[c.size() / 2] / 1e6;
                        Sample sm = new Sample(ph[0], checkMs, tr, avg10(v2.resolve("cpu.pressure")), psi1,
                                avg10(Path.of("/proc/pressure/cpu")), clientMs, used, thr);
                        all.add(sm);
                        System.out.printf("%s\t%.2f\t%d\t%.2f\t%.1f\t%.2f\t%.1f\t%.1f\t%.0f%n", sm.phase(), sm.checkMs(),
                                sm.threadsRunning(), sm.psiCgroup(), sm.psiSecond(), sm.psiNode(), sm.clientMs(),
                                sm.usedOfLimit(), sm.throttled());
                    }
                }
            } finally {
                done.set(true);
                for (Thread w : workers) {
                    w.join(30_000);
                }
                Files.writeString(v1.resolve("cpu.cfs_quota_us"), "-1");
            }
            summary(all);
            System.out.println("# load average at the end " + loadAverage());
        } finally {
            // the server is gone with the lab; the empty groups can go
            Files.deleteIfExists(v1);
            Files.deleteIfExists(v2);
        }
    }

    private static void summary(List<Sample> all) {
        System.out.println();
        System.out.println("| phase | check ms p50 / p90 | Threads_running p50 / p90 | cgroup PSI some avg10 p50 / p90 "
                + "| node PSI some avg10 p50 / p90 | CPU used of its limit % p50 / p90 | client query ms p50 |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (String ph : all.stream().map(Sample::phase).distinct().toList()) {
            // the first 10 s of a phase are its transition (avg10)
            List<Sample> s = all.stream().filter(x -> x.phase().equals(ph)).skip(10).toList();
            System.out.printf("| %s | %s | %s | %s | %s | %s | %s |%n", ph, pct(s, Sample::checkMs, "%.2f"),
                    pct(s, x -> x.threadsRunning(), "%.0f"), pct(s, Sample::psiCgroup, "%.1f"),
                    pct(s, Sample::psiNode, "%.1f"), pct(s, Sample::usedOfLimit, "%.0f"),
                    String.format("%.1f", quantile(s.stream().mapToDouble(Sample::clientMs)
                            .filter(d -> !Double.isNaN(d)).toArray(), 0.5)));
        }
    }

    private static String pct(List<Sample> s, java.util.function.ToDoubleFunction<Sample> f, String fmt) {
        double[] v = s.stream().mapToDouble(f).toArray();
        return String.format(fmt + " / " + fmt, quantile(v, 0.5), quantile(v, 0.9));
    }

    private static double quantile(double[] v, double q) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] c = v.clone();
        Arrays.sort(c);
        return c[Math.min(c.length - 1, (int) Math.floor(q * c.length))];
    }

    private static int calibrate(String url, Properties props) throws Exception {
        int n = 10000;
        try (Connection c = DriverManager.getConnection(url, props)) {
            for (int i = 0; i < 5; i++) {
                long t0 = System.nanoTime();
                bench(c, n);
                double ms = (System.nanoTime() - t0) / 1e6;
                n = (int) Math.max(1000, n * 4.0 / Math.max(ms, 0.1)); // aim at 4 ms of server CPU a query
            }
        }
        return n;
    }

    private static void bench(Connection c, int n) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT BENCHMARK(?, SHA2('clonevip', 256))")) {
            ps.setInt(1, n);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
        }
    }

    private static void load(String url, Properties props, int n, AtomicBoolean on, AtomicBoolean done,
                             ConcurrentLinkedQueue<Long> lat) {
        try (Connection c = DriverManager.getConnection(url, props)) {
            while (!done.get()) {
                if (on.get()) {
                    long t0 = System.nanoTime();
                    bench(c, n);
                    lat.add(System.nanoTime() - t0);
                }
                Thread.sleep(THINK_MS);
            }
        } catch (Exception e) {
            System.err.println("load thread: " + e);
        }
    }

    private static double avg10(Path pressure) throws Exception {
        String some = Files.readAllLines(pressure).getFirst();
        for (String f : some.split(" ")) {
            if (f.startsWith("avg10=")) {
                return Double.parseDouble(f.substring(6));
            }
        }
        throw new IllegalStateException("no avg10 in " + pressure);
    }

    private static long stat(Path file, String key) throws Exception {
        for (String l : Files.readAllLines(file)) {
            if (l.startsWith(key + " ")) {
                return Long.parseLong(l.substring(key.length() + 1).strip());
            }
        }
        throw new IllegalStateException("no " + key + " in " + file);
    }

    private static long psiTotal(Path pressure) throws Exception {
        String some = Files.readAllLines(pressure).getFirst();
        return Long.parseLong(some.substring(some.indexOf("total=") + 6).strip());
    }

    private static String loadAverage() throws Exception {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }
}
