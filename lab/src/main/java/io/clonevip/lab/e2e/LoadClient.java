package io.clonevip.lab.e2e;

import io.clonevip.nativ.NetNs;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The load run's client (docs/measurements/load-e2e.md): CPU-bound queries through the VIP from the
 * client namespace, {@code SELECT BENCHMARK(n, SHA2(...)), @@hostname} costing a few ms of server CPU
 * each. {@code shortThreads} loops open a new connection per query (kernel-chosen source ports, so
 * the queries spread over the buckets), {@code longThreads} keep one connection and reopen it only
 * after a failure; each waits {@code thinkMillis} between queries (a closed loop). Every query is
 * recorded with its start, its duration (connect included for the short ones), the answering node
 * and its kind.
 */
final class LoadClient implements AutoCloseable {

    /** One query: ms since the run's origin, its duration in ms, who answered (null: failed), short or long. */
    record LoadQuery(long startMillis, double millis, String answeredBy, boolean longConnection, String error) {
        boolean ok() {
            return answeredBy != null;
        }
    }

    private final String namespace;
    private final String url;
    private final Properties props = new Properties();
    private final int count;
    private final long thinkMillis;
    private final long origin;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ConcurrentLinkedQueue<LoadQuery> queries = new ConcurrentLinkedQueue<>();
    private final List<Thread> loops = new ArrayList<>();

    LoadClient(String namespace, String vip, String user, String password, int benchmarkCount, int shortThreads,
               int longThreads, long thinkMillis, long origin) throws ClassNotFoundException {
        this.namespace = namespace;
        this.url = "jdbc:mariadb://" + vip + ":" + VipClient.PORT + "/";
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "3000");
        props.setProperty("socketTimeout", "30000");
        props.setProperty("sslMode", "disable");
        props.setProperty("tcpAbortiveClose", "true");
        Class.forName("org.mariadb.jdbc.Driver");
        this.count = benchmarkCount;
        this.thinkMillis = thinkMillis;
        this.origin = origin;
        for (int i = 0; i < shortThreads; i++) {
            loops.add(Thread.ofPlatform().daemon().name("load-short-" + i).start(() -> loop(false)));
        }
        for (int i = 0; i < longThreads; i++) {
            loops.add(Thread.ofPlatform().daemon().name("load-long-" + i).start(() -> loop(true)));
        }
    }

    /** Every query so far. */
    List<LoadQuery> queries() {
        return List.copyOf(queries);
    }

    /** The BENCHMARK count that costs about {@code targetMillis} on the VIP now (median of 7, short connections). */
    static int calibrate(String namespace, String vip, String user, String password, double targetMillis) throws Exception {
        LoadClient probe = new LoadClient(namespace, vip, user, password, 0, 0, 0, 0, System.nanoTime());
        int[] n = {20000};
        NetNs.run(namespace, () -> {
            for (int round = 0; round < 3; round++) {
                double[] ms = new double[7];
                for (int i = 0; i < ms.length; i++) {
                    LoadQuery q = probe.once(null, n[0], false);
                    ms[i] = q.ok() ? q.millis() : Double.NaN;
                }
                java.util.Arrays.sort(ms);
                n[0] = (int) Math.max(1000, n[0] * targetMillis / Math.max(0.5, ms[3]));
            }
        });
        return n[0];
    }

    private void loop(boolean keep) {
        try {
            NetNs.run(namespace, () -> {
                Connection[] kept = {null};
                while (running.get()) {
                    LoadQuery q = once(kept, count, keep);
                    queries.add(q);
                    if (thinkMillis > 0) {
                        Thread.sleep(thinkMillis);
                    }
                }
                if (kept[0] != null) {
                    kept[0].close();
                }
            });
        } catch (Exception e) {
            queries.add(new LoadQuery((System.nanoTime() - origin) / 1_000_000, 0, null, keep, "loop ended: " + e));
        }
    }

    private LoadQuery once(Connection[] kept, int n, boolean keep) {
        long t0 = System.nanoTime();
        Connection c = null;
        try {
            c = keep && kept[0] != null ? kept[0] : DriverManager.getConnection(url, props);
            String host;
            try (PreparedStatement ps = c.prepareStatement("SELECT BENCHMARK(?, SHA2('clonevip', 256)), @@hostname")) {
                ps.setInt(1, n);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    host = rs.getString(2);
                }
            }
            if (keep) {
                kept[0] = c;
                c = null;
            }
            return new LoadQuery((t0 - origin) / 1_000_000, (System.nanoTime() - t0) / 1e6, host, keep, null);
        } catch (SQLException e) {
            if (keep && kept[0] != null) {
                try {
                    kept[0].close();
                } catch (SQLException ignored) {
                    // broken already
                }
                kept[0] = null;
            }
            return new LoadQuery((t0 - origin) / 1_000_000, (System.nanoTime() - t0) / 1e6, null, keep, VipClient.why(e));
        } finally {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // closing after a failure
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : loops) {
            t.join(35_000);
        }
    }
}
