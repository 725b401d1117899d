package io.clonevip.lab.e2e;

import io.clonevip.nativ.NetNs;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A pool of persistent MariaDB connections through the VIP, as an application's connection pool
 * keeps them (docs/developer/e2e-drain.md): slot i holds one connection in bucket (i mod N) + 1,
 * opened from a source port chosen for that bucket ({@link BucketPorts}), and runs {@link #QUERY}
 * on it every {@code period}. A failed query breaks the connection: the slot drops it and opens
 * another at its next turn (one period later) from a new port of the same bucket, as a pool
 * replaces a broken connection.
 * With a max lifetime, a connection older than its own lifetime (the maximum less up to 2.5 %,
 * as HikariCP's {@code maxLifetime}) is closed between two queries and replaced (retired).
 * Every connection and every failed query is recorded, in ms since {@code origin}.
 */
public final class ConnectionPool implements AutoCloseable {

    static final String QUERY = "SELECT @@hostname, CONNECTION_ID()";
    /** A session whose client closed it this recently may still be in the processlist. */
    static final long CLOSE_GRACE_MILLIS = 10_000;

    /**
     * @param label       the pool's name in reports
     * @param size        connections (30)
     * @param buckets     the VIP clone's bucket count
     * @param period      time from one query of a connection to its next (100 ms)
     * @param maxLifetime retire connections older than this; null: never
     * @param firstPort   first source port of this pool's range (pools of one client need disjoint ranges)
     * @param lastPort    last source port of the range
     */
    public record Options(String label, int size, int buckets, Duration period, Duration maxLifetime, int firstPort,
                         int lastPort) {
    }

    private final Options o;
    private final String namespace;
    private final InetAddress source;
    private final String url;
    private final Properties props;
    private final BucketPorts ports;
    private final long origin;
    private final ConcurrentLinkedQueue<PoolConnection> ended = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<PoolFailure> failures = new ConcurrentLinkedQueue<>();
    private final Map<Integer, Live> live = new ConcurrentHashMap<>();
    private final Map<Integer, Long> closedCleanly = new ConcurrentHashMap<>();
    private final Map<Integer, Long> lastAnswer = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> slots = new ArrayList<>();

    /** A connection being opened ({@code node} null) or open. */
    private record Live(int slot, int bucket, int port, String node, long id, long opened, int queries, int otherNode) {
        PoolConnection as(long closed, PoolConnection.End end) {
            return new PoolConnection("", slot, bucket, port, node, id, opened, closed, end, queries, otherNode);
        }
    }

    /**
     * Starts the pool's slots in {@code namespace}, connecting from {@code source} to
     * {@code vip}:3306 as {@code user}; {@code origin} is System.nanoTime() of the run's start.
     */
    public ConnectionPool(Options options, String namespace, InetAddress source, String vip, BucketFunction buckets,
                          String user, String password, long origin) throws ClassNotFoundException {
        this.o = options;
        this.namespace = namespace;
        this.source = source;
        this.url = "jdbc:mariadb://" + vip + ":" + VipClient.PORT + "/";
        this.props = VipClient.driverProperties(user, password);
        this.ports = new BucketPorts(source, buckets, options.firstPort(), options.lastPort());
        this.origin = origin;
        for (int s = 0; s < options.size(); s++) {
            int slot = s;
            slots.add(Thread.ofPlatform().daemon().name("pool-" + options.label() + "-" + s).start(() -> slot(slot)));
        }
    }

    public Options options() {
        return o;
    }

    /** The bucket of slot {@code slot}'s connections. */
    int bucketOf(int slot) {
        return slot % o.buckets() + 1;
    }

    /** Every connection so far, open ones included (as {@link PoolConnection.End#OPEN}). */
    public List<PoolConnection> connections() {
        List<PoolConnection> all = new ArrayList<>();
        ended.forEach(c -> all.add(labelled(c)));
        live.values().stream().filter(l -> l.node() != null).forEach(l -> all.add(labelled(l.as(-1, PoolConnection.End.OPEN))));
        return all;
    }

    public List<PoolFailure> failures() {
        return List.copyOf(failures);
    }

    /**
     * Whether the server session of source port {@code port} on {@code node} belongs to this pool's
     * client side at {@code now} ms: the connection is open there or being opened, or its client
     * closed it cleanly less than {@link #CLOSE_GRACE_MILLIS} ago (the server may not have seen the
     * close yet). A broken connection owns nothing: its session, if still there, is orphaned.
     */
    public boolean owns(int port, String node, long now) {
        Live l = live.get(port);
        if (l != null && (l.node() == null || l.node().equals(node))) {
            return true;
        }
        Long closed = closedCleanly.get(port);
        return closed != null && now - closed < CLOSE_GRACE_MILLIS;
    }

    /** Whether every slot has had an answer to a query it started at or after {@code t} ms. */
    public boolean everySlotAnsweredSince(long t) {
        for (int s = 0; s < o.size(); s++) {
            if (lastAnswer.getOrDefault(s, -1L) < t) {
                return false;
            }
        }
        return true;
    }

    private PoolConnection labelled(PoolConnection c) {
        return new PoolConnection(o.label(), c.slot(), c.bucket(), c.port(), c.node(), c.connectionId(), c.opened(),
                c.closed(), c.end(), c.queries(), c.otherNode());
    }

    private void slot(int slot) {
        try {
            Thread.sleep(slot * o.period().toMillis() / o.size()); // spread the slots over the period
            NetNs.run(namespace, () -> {
                Connection c = null;
                Live l = null;
                long retireAt = Long.MAX_VALUE;
                while (running.get()) {
                    long t0 = System.nanoTime();
                    if (c != null && now() >= retireAt) {
                        close(c);
                        retire(l);
                        c = null;
                    }
                    if (c == null) {
                        int port = ports.next(bucketOf(slot));
                        l = new Live(slot, bucketOf(slot), port, null, -1, now(), 0, 0);
                        live.put(port, l);
                        c = open(l);
                        l = c == null ? null : live.get(port);
                        retireAt = c == null || o.maxLifetime() == null ? Long.MAX_VALUE : l.opened() + lifetime();
                    } else {
                        l = query(c, l);
                        if (l == null) {
                            close(c);
                            c = null;
                        }
                    }
                    long rest = o.period().toMillis() - (System.nanoTime() - t0) / 1_000_000;
                    if (rest > 0) {
                        Thread.sleep(rest); // the application's pace, not a wait for a condition
                    }
                }
                if (c != null) {
                    close(c);
                    live.remove(l.port());
                    ended.add(l.as(now(), PoolConnection.End.CLOSED));
                }
            });
        } catch (Exception e) {
            failures.add(new PoolFailure(o.label(), slot, bucketOf(slot), 0, now(), null, "slot ended: " + e));
        }
    }

    /** Connects and runs the first query; null (and the failure recorded) when either fails. */
    private Connection open(Live l) {
        long t = now();
        ClientSocketFactory.next(new ClientSocketFactory.Source(source, l.port()));
        Connection c = null;
        try {
            c = DriverManager.getConnection(url, props);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(QUERY)) {
                rs.next();
                Live open = new Live(l.slot(), l.bucket(), l.port(), rs.getString(1), rs.getLong(2), t, 1, 0);
                live.put(l.port(), open);
                lastAnswer.put(l.slot(), t);
                return c;
            }
        } catch (SQLException e) {
            live.remove(l.port());
            failures.add(new PoolFailure(o.label(), l.slot(), l.bucket(), l.port(), t, null, VipClient.why(e)));
            if (c != null) {
                close(c);
            }
            return null;
        }
    }

    /** One query on an open connection: the updated connection, or null when it broke (recorded). */
    private Live query(Connection c, Live l) {
        long t = now();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(QUERY)) {
            rs.next();
            boolean other = !l.node().equals(rs.getString(1));
            Live next = new Live(l.slot(), l.bucket(), l.port(), l.node(), l.id(), l.opened(), l.queries() + 1,
                    l.otherNode() + (other ? 1 : 0));
            live.put(l.port(), next);
            lastAnswer.put(l.slot(), t);
            return next;
        } catch (SQLException e) {
            live.remove(l.port());
            failures.add(new PoolFailure(o.label(), l.slot(), l.bucket(), l.port(), t, l.node(), VipClient.why(e)));
            ended.add(l.as(now(), PoolConnection.End.BROKEN));
            return null;
        }
    }

    private void retire(Live l) {
        long t = now();
        closedCleanly.put(l.port(), t);
        live.remove(l.port());
        ended.add(l.as(t, PoolConnection.End.RETIRED));
    }

    /** HikariCP's: the max lifetime less a random variance of up to 2.5 % (none below 10 s). */
    private long lifetime() {
        long max = o.maxLifetime().toMillis();
        return max - (max > 10_000 ? ThreadLocalRandom.current().nextLong(max / 40) : 0);
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // broken already: nothing to close cleanly
        }
    }

    private long now() {
        return (System.nanoTime() - origin) / 1_000_000;
    }

    /** Stops every slot; open connections are closed (recorded as {@link PoolConnection.End#CLOSED}). */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : slots) {
            t.join(10_000);
        }
    }
}
