package io.clonevip.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Round trip of each candidate statement for one monitor mode on one kept connection, against
 * {@code SELECT 1} on the same connection: which SQL gives a check's facts cheapest. Candidates
 * run interleaved (rounds of {@code BATCH} calls each, order rotated per round) after a warm-up;
 * every call is timed alone; the figure is the median per candidate. Each candidate reads what
 * the monitor would read from its result. Optionally the server's CPU (mariadbd utime+stime,
 * whole process, 10 ms ticks) per call. Prints a Markdown table and writes it as JSON to OUT.
 * The connection uses the agent's options plus {@code useServerPrepStmts=true}: a
 * {@link Statement} still goes as text (COM_QUERY); "prepared" candidates go through a
 * server-side prepared statement (binary protocol; the driver skips unchanged column metadata
 * on MariaDB ≥ 10.6).
 * A prepared candidate of several statements ({@link SqlCandidate#THEN}) runs them one after the
 * other, a round trip each. Run by {@code bench/sql-candidates.sh}.
 * Usage: MonitorSqlCandidates SET HOST PORT [ROUNDS [SERVER_PID [OUT.json]]] with SET one of
 * galera, galera-pfs (the same on a node with performance_schema ON), replica, primary, status
 * ({@link SqlCandidate#set}); password from LAB_MONITOR_PASSWORD.
 */
public final class MonitorSqlCandidates {
    private static final int BATCH = 40;
    private static final int WARMUP = 300;

    private MonitorSqlCandidates() {}

    public static void main(String[] args) throws Exception {
        String set = args[0];
        String url = "jdbc:mariadb://" + args[1] + ":" + args[2] + "/?connectTimeout=2000&socketTimeout=5000"
                + "&allowMultiQueries=true&sslMode=disable&tcpKeepAlive=true&useServerPrepStmts=true";
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 60;
        long pid = args.length > 4 ? Long.parseLong(args[4]) : 0;
        Properties p = new Properties();
        p.setProperty("user", "monitor");
        p.setProperty("password", System.getenv().getOrDefault("LAB_MONITOR_PASSWORD", "monitor"));
        List<SqlCandidate> cands = SqlCandidate.set(set);
        try (Connection c = DriverManager.getConnection(url, p); Statement st = c.createStatement()) {
            String server = c.getMetaData().getDatabaseProductVersion() + (set.startsWith("galera") ? ", galera " + wsrepVersion(st) : "")
                    + ", performance_schema " + (scalar(st, "SELECT @@performance_schema").equals("1") ? "ON" : "OFF");
            List<Runner> runners = new ArrayList<>();
            for (SqlCandidate cand : cands) {
                Runner r;
                try {
                    List<PreparedStatement> ps = new ArrayList<>();
                    if (cand.prepared()) {
                        for (String one : cand.sql().split(SqlCandidate.THEN)) ps.add(c.prepareStatement(one));
                    }
                    r = new Runner(cand, st, ps, rounds * BATCH);
                    String sample = r.call();
                    r.sample = sample.length() > 100 ? sample.substring(0, 100) + "…" : sample;
                } catch (SQLException e) {
                    System.out.println("skipped (" + e.getErrorCode() + " " + e.getMessage().lines().findFirst().orElse("") + "): " + cand.name());
                    continue;
                }
                runners.add(r);
            }
            for (Runner r : runners) {
                for (int i = 0; i < WARMUP; i++) r.call();
            }
            for (int round = 0; round < rounds; round++) {
                for (int k = 0; k < runners.size(); k++) {
                    Runner r = runners.get((k + round) % runners.size());
                    long cpu0 = pid > 0 ? cpuTicks(pid) : 0;
                    for (int i = 0; i < BATCH; i++) {
                        long t0 = System.nanoTime();
                        r.call();
                        r.times[r.n++] = System.nanoTime() - t0;
                    }
                    if (pid > 0) r.ticks += cpuTicks(pid) - cpu0;
                }
            }
            print(set, server, runners, pid > 0, args.length > 5 ? Path.of(args[5]) : null);
            for (Runner r : runners) {
                for (PreparedStatement ps : r.ps) ps.close();
            }
        }
    }

    private static void print(String set, String server, List<Runner> runners, boolean cpu, Path out) throws Exception {
        double floor = runners.stream().filter(r -> r.cand.name().equals(SqlCandidate.SELECT_1)).findFirst()
                .map(Runner::median).orElse(Double.NaN);
        StringBuilder json = new StringBuilder("{\"set\": \"" + set + "\", \"server\": \"" + esc(server) + "\", \"candidates\": [");
        System.out.printf("%n%s: %d calls per candidate, medians%n%n", set, runners.get(0).n);
        System.out.println("| statement | gives | µs median (p25–p75) | / SELECT 1 |" + (cpu ? " server CPU µs/call |" : ""));
        System.out.println("|---|---|---|---|" + (cpu ? "---|" : ""));
        String sep = "";
        for (Runner r : runners) {
            double m = r.median();
            String gives = r.sample.isBlank() ? r.cand.gives() + " — empty answer here" : r.cand.gives();
            double cpuUs = r.ticks * 10_000.0 / r.n;
            System.out.printf(Locale.ROOT, "| %s | %s | %.1f (%.1f–%.1f) | %.2f |%s%n", r.cand.name(), gives,
                    m, r.quantile(0.25), r.quantile(0.75), m / floor, cpu ? String.format(Locale.ROOT, " %.0f |", cpuUs) : "");
            System.out.println("|   ↳ sample | " + r.sample.replace("|", "/") + " | | |" + (cpu ? " |" : ""));
            json.append(sep).append(String.format(Locale.ROOT,
                    "{\"name\": \"%s\", \"gives\": \"%s\", \"medianUs\": %.2f, \"p25Us\": %.2f, \"p75Us\": %.2f, \"ratio\": %.3f, \"serverCpuUs\": %s, \"calls\": %d, \"sample\": \"%s\"}",
                    esc(r.cand.name()), esc(gives), m, r.quantile(0.25), r.quantile(0.75), m / floor,
                    cpu ? String.format(Locale.ROOT, "%.1f", cpuUs) : "null", r.n, esc(r.sample)));
            sep = ", ";
        }
        json.append("]}\n");
        if (out != null) Files.writeString(out, json);
    }

    private static String scalar(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? String.valueOf(rs.getString(rs.getMetaData().getColumnCount())) : "";
        }
    }

    private static String wsrepVersion(Statement st) throws SQLException {
        return scalar(st, "SHOW GLOBAL STATUS LIKE 'wsrep_provider_version'");
    }

    private static String esc(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static long cpuTicks(long pid) throws Exception {
        String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
    }

    /** One candidate on the shared connection with its timings. */
    private static final class Runner {
        final SqlCandidate cand;
        final Statement st;
        final List<PreparedStatement> ps;
        final long[] times;
        int n;
        long ticks;
        String sample;

        Runner(SqlCandidate cand, Statement st, List<PreparedStatement> ps, int calls) {
            this.times = new long[calls];
            this.cand = cand;
            this.st = st;
            this.ps = ps;
        }

        /** Runs the statement, reads what a monitor would, returns it as text. */
        String call() throws SQLException {
            StringBuilder b = new StringBuilder();
            if (ps.isEmpty()) {
                read(st, st.execute(cand.sql()), b);
            }
            for (PreparedStatement p : ps) {
                read(p, p.execute(), b);
            }
            return b.toString();
        }

        private void read(Statement s, boolean more, StringBuilder b) throws SQLException {
            while (more || s.getUpdateCount() != -1) {
                if (more) {
                    try (ResultSet rs = s.getResultSet()) {
                        cand.read(rs, b);
                    }
                }
                more = s.getMoreResults();
            }
        }

        double median() {
            return quantile(0.5);
        }

        double quantile(double q) {
            long[] t = Arrays.copyOf(times, n);
            Arrays.sort(t);
            return t[(int) Math.min(n - 1, Math.round(q * (n - 1)))] / 1000.0;
        }
    }
}
