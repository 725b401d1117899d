package io.clonevip.bench;

import io.clonevip.lab.e2e.ClientSocketFactory;
import io.clonevip.lab.e2e.VipClient;
import io.clonevip.nativ.NetNs;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The comparison's client workload in the lab's client namespace, closed loop: {@code concurrency}
 * threads, each either opening a new connection per query ({@link Mode#NEW_CONNECTION}: the seed's
 * {@code mysql -e "select @@hostname"} loop) or holding one persistent connection for the whole run
 * ({@link Mode#POOL}: an application's connection pool running short queries). Every query is
 * {@code SELECT @@hostname}, so each answer names the node that served it. The connection
 * settings are the end-to-end client's ({@link VipClient#driverProperties}): each socket is bound
 * to a source port chosen beforehand (a capture can then match SYN-ACKs with queries).
 */
final class CompareClient implements AutoCloseable {
    enum Mode { NEW_CONNECTION, POOL }

    /**
     * One query: start in ns since the client's origin, latency in ns, source port of its
     * connection, answering node or null, error text or null.
     */
    record Q(long startNs, long latencyNs, int port, String node, String error) {
        boolean ok() { return node != null; }
    }

    private static final int FIRST_PORT = 20000;
    private static final int LAST_PORT = 60999;
    private static final AtomicInteger NEXT_PORT = new AtomicInteger(FIRST_PORT);

    private final String namespace;
    private final InetAddress source;
    private final String target;
    private final Mode mode;
    private final Properties props;
    private final long pauseMillis;
    private final long origin;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean recording = new AtomicBoolean(true);
    private final ConcurrentLinkedQueue<Q> queries = new ConcurrentLinkedQueue<>();
    private final List<Thread> threads = new ArrayList<>();

    CompareClient(String namespace, String source, String target, String user, String password, Mode mode,
                  int concurrency, long pauseMillis, long origin) throws Exception {
        this.namespace = namespace;
        this.source = InetAddress.getByName(source);
        this.target = target;
        this.mode = mode;
        this.pauseMillis = pauseMillis;
        this.origin = origin;
        this.props = VipClient.driverProperties(user, password);
        for (int t = 0; t < concurrency; t++) {
            threads.add(Thread.ofPlatform().daemon().name("cmp-client-" + t).start(this::loop));
        }
    }

    /** Queries that end from now on are kept; earlier ones (warm-up) are dropped. */
    void record() {
        queries.clear();
        recording.set(true);
    }

    /** Every recorded query so far. */
    List<Q> queries() {
        return List.copyOf(queries);
    }

    private void loop() {
        try {
            NetNs.run(namespace, () -> {
                Connection kept = null;
                while (running.get()) {
                    if (mode == Mode.POOL && kept == null) {
                        long t0 = System.nanoTime();
                        int port = nextPort();
                        try {
                            kept = connect(port);
                        } catch (SQLException e) {
                            add(new Q(t0 - origin, System.nanoTime() - t0, port, null, why(e)));
                            pause();
                            continue;
                        }
                    }
                    Q q = mode == Mode.POOL ? onKept(kept) : once();
                    add(q);
                    if (mode == Mode.POOL && !q.ok()) {
                        close(kept);
                        kept = null; // a pool drops a broken connection and opens another
                    }
                    pause();
                }
                close(kept);
            });
        } catch (Exception e) {
            add(new Q(System.nanoTime() - origin, 0, 0, null, "client loop ended: " + e));
        }
    }

    private void add(Q q) {
        if (recording.get()) queries.add(q);
    }

    private void pause() throws InterruptedException {
        if (pauseMillis > 0) Thread.sleep(pauseMillis);
    }

    private static int nextPort() {
        return NEXT_PORT.getAndUpdate(p -> p >= LAST_PORT ? FIRST_PORT : p + 1);
    }

    private Connection connect(int port) throws SQLException {
        ClientSocketFactory.next(new ClientSocketFactory.Source(source, port));
        return DriverManager.getConnection("jdbc:mariadb://" + target + ":3306/", props);
    }

    private Q once() {
        int port = nextPort();
        long t0 = System.nanoTime();
        try (Connection c = connect(port); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@hostname")) {
            rs.next();
            return new Q(t0 - origin, System.nanoTime() - t0, port, rs.getString(1), null);
        } catch (SQLException e) {
            return new Q(t0 - origin, System.nanoTime() - t0, port, null, why(e));
        }
    }

    private Q onKept(Connection c) {
        long t0 = System.nanoTime();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@hostname")) {
            rs.next();
            return new Q(t0 - origin, System.nanoTime() - t0, 0, rs.getString(1), null);
        } catch (SQLException e) {
            return new Q(t0 - origin, System.nanoTime() - t0, 0, null, why(e));
        }
    }

    private static void close(Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException e) {
            // broken already
        }
    }

    private static String why(SQLException e) {
        Throwable c = e;
        while (c.getCause() != null) c = c.getCause();
        String m = c.getClass().getSimpleName() + (c.getMessage() == null ? "" : " " + c.getMessage());
        return m.length() > 90 ? m.substring(0, 90) : m;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) t.join(5000);
    }
}
