package io.clonevip.agent.mysql;

import io.clonevip.pacemaker.NodeAttributes;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resident check: every poll_interval probe → decide → publish attributes on change →
 * heartbeat. Logs one line per change of decision (never a secret: details come scrubbed from
 * {@link ProbeFailure}). A republish request of the level-10 monitor (see {@link StatusFile})
 * makes the next check write both attributes again. With load publishing on, every check also
 * samples the database's CPU ({@link HeadroomPublisher}). {@link #run()} returns after
 * {@link #stop()}; {@link #shutdown()} then sets both attributes to 0 (and deletes the load one).
 */
public final class MonitorLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(MonitorLoop.class);

    private final MysqlMonitorConfig config;
    private final DbProbe probe;
    private final DecisionTable table;
    private final AttributePublisher publisher;
    private final StatusFile statusFile;
    private final HeadroomPublisher load;
    private volatile boolean stopping;
    private volatile Thread runner;
    private volatile long checks;
    private long republished;
    private volatile Decision current;
    private final CountDownLatch finished = new CountDownLatch(1);

    public MonitorLoop(MysqlMonitorConfig config, DbProbe probe, AttributePublisher publisher, StatusFile statusFile) {
        this(config, probe, publisher, statusFile, null);
    }

    /** With {@code load} (null: none) sampled after every check. */
    public MonitorLoop(MysqlMonitorConfig config, DbProbe probe, AttributePublisher publisher, StatusFile statusFile,
                       HeadroomPublisher load) {
        this.config = config;
        this.probe = probe;
        this.table = DecisionTable.of(config);
        this.publisher = publisher;
        this.statusFile = statusFile;
        this.load = load;
    }

    /**
     * The usual wiring: JDBC probe, the attributes written to {@code attributes} dampened by the
     * dampen parameter, heartbeat in the state file (null: none), and the load attribute when
     * load_attribute is set.
     */
    public static MonitorLoop create(MysqlMonitorConfig config, NodeAttributes attributes, StatusFile statusFile) {
        return new MonitorLoop(config, new DbProbe(config),
                new AttributePublisher(attributes, config.dampen(), config.readerAttribute(), config.writerAttribute(),
                        config.readerFailcount()),
                statusFile,
                config.load() == null ? null : HeadroomPublisher.create(attributes, config.load(), config.pidFile()));
    }

    /** One complete check; returns its decision. */
    public Decision checkOnce() {
        if (statusFile != null && statusFile.takeRepublishRequest()) {
            // the level-10 monitor saw attrd hold other values than ours: write both again now
            publisher.forget();
            republished++;
            LOG.info("republishing {} and {} (requested by the level-10 monitor)", config.readerAttribute(),
                    config.writerAttribute());
        }
        DbStatus s = probe.probe();
        Decision d = table.evaluate(s);
        Decision previous = current;
        current = d;
        boolean wrote = publisher.publish(d);
        if (load != null) {
            load.check();
        }
        if (d != previous) {
            String detail = s.detail() == null ? "" : " [" + s.detail() + "]";
            LOG.info("{} -> {} ({}): {}={} {}={}{}", previous == null ? "start" : previous.name(), d.name(), d.reason(),
                    config.readerAttribute(), publisher.reader(), config.writerAttribute(), publisher.writer(), detail);
        } else if (wrote) {
            LOG.info("{} ({}): {}={} {}={}", d.name(), d.reason(), config.readerAttribute(), publisher.reader(),
                    config.writerAttribute(), publisher.writer());
        }
        if (statusFile != null) {
            try {
                statusFile.write(System.currentTimeMillis(), checks + 1, publisher, republished, d);
            } catch (IOException e) {
                LOG.warn("cannot write status file {}: {}", statusFile.path(), e.getMessage());
            }
        }
        checks++;
        return d;
    }

    @Override
    public void run() {
        runner = Thread.currentThread();
        try {
            long period = config.pollInterval().toNanos();
            long next = System.nanoTime();
            while (!stopping) {
                checkOnce();
                next += period;
                long now = System.nanoTime();
                if (next - now < 0) {
                    next = now; // a check overran the interval: no burst of catch-up checks
                }
                while (!stopping && (now = System.nanoTime()) - next < 0) {
                    LockSupport.parkNanos(this, next - now);
                }
            }
        } finally {
            finished.countDown();
        }
    }

    /** Waits until {@link #run()} has returned; false on timeout. */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Ends {@link #run()} after the check in progress. */
    public void stop() {
        stopping = true;
        Thread t = runner;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Stops, closes the connection, sets both attributes to 0 and deletes the load attribute. */
    public void shutdown() {
        stop();
        probe.close();
        publisher.publishZero();
        if (load != null) {
            load.stop();
        }
        LOG.info("stopped: {}=0 {}=0", config.readerAttribute(), config.writerAttribute());
    }

    public long checks() {
        return checks;
    }

    public Decision current() {
        return current;
    }

    public int reader() {
        return publisher.reader();
    }

    public int writer() {
        return publisher.writer();
    }
}
