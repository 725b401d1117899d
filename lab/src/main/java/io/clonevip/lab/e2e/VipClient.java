package io.clonevip.lab.e2e;

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
 * The blog's client loop ({@code while mysql -h VIP -e "select @@hostname"}) in the client
 * namespace with a real MySQL-protocol client (mariadb-java-client): every query is a new
 * connection from a new source port (and, with several source addresses, the next address in
 * turn), chosen beforehand so that its hash bucket is known.
 * {@code threads} loops run side by side, so a query stuck in a bucket nobody serves (connect
 * timeout) does not stop the others.
 */
public final class VipClient implements AutoCloseable {

    public static final int PORT = 3306;
    private static final int FIRST_PORT = 20000;
    private static final int LAST_PORT = 60999;

    private final String namespace;
    private final List<InetAddress> sources;
    private final String vip;
    private final BucketFunction buckets;
    private final Properties props = new Properties();
    private final long origin;
    private final ConcurrentLinkedQueue<Query> queries = new ConcurrentLinkedQueue<>();
    private final AtomicInteger nextPort = new AtomicInteger(FIRST_PORT);
    private final AtomicInteger nextSource = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> loops = new ArrayList<>();
    private final long pauseMillis;

    /**
     * Starts the loops. {@code origin}: System.nanoTime() of the scenario's start (query times
     * are relative to it).
     */
    public VipClient(String namespace, List<InetAddress> sources, String vip, BucketFunction buckets, String user,
                     String password, int threads, long pauseMillis, long origin) throws Exception {
        this.namespace = namespace;
        this.sources = List.copyOf(sources);
        this.vip = vip;
        this.buckets = buckets;
        this.origin = origin;
        this.pauseMillis = pauseMillis;
        props.putAll(driverProperties(user, password));
        for (int t = 0; t < threads; t++) {
            Thread loop = Thread.ofPlatform().daemon().name("vip-client-" + t).start(this::loop);
            loops.add(loop);
        }
    }

    /**
     * The lab client's JDBC connection properties: 1 s connect and 2 s socket timeouts, no TLS, an
     * abortive close (no TIME_WAIT left in the client), and every socket bound to the source the
     * calling thread chose ({@link ClientSocketFactory#next}). Loads the driver.
     */
    public static Properties driverProperties(String user, String password) throws ClassNotFoundException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "1000");
        props.setProperty("socketTimeout", "2000");
        props.setProperty("sslMode", "disable");
        props.setProperty("tcpAbortiveClose", "true");
        props.setProperty("socketFactory", ClientSocketFactory.class.getName());
        Class.forName("org.mariadb.jdbc.Driver");
        return props;
    }

    /** The bucket of a query from {@code source}:{@code sourcePort}. */
    public int bucket(InetAddress source, int sourcePort) {
        return buckets.bucket(source, sourcePort);
    }

    /** Every query so far, in completion order. */
    public List<Query> queries() {
        return List.copyOf(queries);
    }

    private void loop() {
        try {
            NetNs.run(namespace, () -> {
                while (running.get()) {
                    queries.add(once());
                    if (pauseMillis > 0) {
                        Thread.sleep(pauseMillis);
                    }
                }
            });
        } catch (Exception e) {
            queries.add(new Query(now(), 0, 0, 0, null, "client loop ended: " + e));
        }
    }

    private Query once() {
        int port = nextPort.getAndUpdate(p -> p >= LAST_PORT ? FIRST_PORT : p + 1);
        InetAddress self = sources.get(Math.floorMod(nextSource.getAndIncrement(), sources.size()));
        int bucket = bucket(self, port);
        long t0 = System.nanoTime();
        ClientSocketFactory.next(new ClientSocketFactory.Source(self, port));
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://" + vip + ":" + PORT + "/", props);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@hostname")) {
            rs.next();
            return new Query(ms(t0), (System.nanoTime() - t0) / 1_000_000, port, bucket, rs.getString(1), null);
        } catch (SQLException e) {
            return new Query(ms(t0), (System.nanoTime() - t0) / 1_000_000, port, bucket, null, why(e));
        }
    }

    /** Why a query failed, short: the exception's class, its SQL state and the innermost cause. */
    static String why(SQLException e) {
        return e.getClass().getSimpleName() + (e.getSQLState() == null ? "" : " " + e.getSQLState()) + ": " + cause(e);
    }

    /** The innermost cause's message, short (the driver's own text is long and repeats the URL). */
    private static String cause(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        String m = c.getClass().getSimpleName() + (c.getMessage() == null ? "" : " " + c.getMessage());
        return m.length() > 90 ? m.substring(0, 90) : m;
    }

    private long ms(long nanos) {
        return (nanos - origin) / 1_000_000;
    }

    private long now() {
        return ms(System.nanoTime());
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : loops) {
            t.join(5000);
        }
    }
}
