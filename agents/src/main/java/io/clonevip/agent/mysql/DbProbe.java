package io.clonevip.agent.mysql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * Asks one MariaDB/MySQL server for the facts of a {@link DbStatus} over one kept JDBC connection
 * (unix socket through the driver's {@code localSocket}, or TCP), with the statements of
 * {@link MonitorQueries} prepared on the server once per connection. Connect and socket timeouts
 * bound every call, so a hung (e.g. SIGSTOPped) server gives {@link ProbeError#TIMEOUT}. After a
 * failed connect, new attempts back off exponentially from poll_interval up to
 * max(poll_interval, 2 s); meanwhile {@link #probe()} repeats the last failure at once.
 * Not thread-safe: one caller (the monitor loop).
 */
public final class DbProbe implements AutoCloseable {
    private static final Duration BACKOFF_CAP = Duration.ofSeconds(2);

    private final String url;
    private final Properties props = new Properties();
    private final Secret password;
    private final Path pidFile;
    private final MonitorQueries queries;
    private final long pollNanos;
    private final long capNanos;
    private Connection connection;
    private int failedConnects;
    private long nextConnectNanos;
    private DbStatus lastFailure;

    public DbProbe(MysqlMonitorConfig c) {
        int connectMs = (int) c.connectTimeout().toMillis();
        int queryMs = (int) c.queryTimeout().toMillis();
        String options = "connectTimeout=" + connectMs + "&socketTimeout=" + queryMs
                + "&allowMultiQueries=true&useServerPrepStmts=true&sslMode=disable&tcpKeepAlive=true";
        if (c.host() != null) {
            String host = c.host().contains(":") ? "[" + c.host() + "]" : c.host();
            url = "jdbc:mariadb://" + host + ":" + c.port() + "/?" + options;
        } else {
            url = "jdbc:mariadb://localhost/?localSocket=" + c.socket() + "&" + options;
        }
        props.setProperty("user", c.user());
        if (!c.password().isEmpty()) {
            props.setProperty("password", c.password().reveal());
        }
        this.password = c.password();
        this.pidFile = c.pidFile();
        this.queries = new MonitorQueries(c.clusterType());
        this.pollNanos = c.pollInterval().toNanos();
        this.capNanos = Math.max(pollNanos, BACKOFF_CAP.toNanos());
    }

    /** The JDBC URL (no credentials in it). */
    public String url() {
        return url;
    }

    /** One check; never throws. */
    public DbStatus probe() {
        try {
            return probeOrThrow();
        } catch (RuntimeException | LinkageError e) {
            // a driver defect or a missing class must not end the monitor: fail safe (0/0)
            disconnect();
            return DbStatus.failed(ProbeError.QUERY_FAILED, "internal error " + e.getClass().getName()
                    + (e.getMessage() == null ? "" : ": " + password.scrub(e.getMessage().replace('\n', ' '))));
        }
    }

    private DbStatus probeOrThrow() {
        if (pidFile != null && !processRunning()) {
            disconnect();
            return DbStatus.failed(ProbeError.NOT_RUNNING, "no running process for pid file " + pidFile);
        }
        if (connection == null) {
            long now = System.nanoTime();
            if (lastFailure != null && now - nextConnectNanos < 0) {
                return lastFailure;
            }
            try {
                connection = DriverManager.getConnection(url, props);
                queries.onConnect(connection);
                failedConnects = 0;
            } catch (SQLException e) {
                disconnect();
                failedConnects++;
                long delay = Math.min(capNanos, pollNanos << Math.min(failedConnects - 1, 20));
                nextConnectNanos = System.nanoTime() + delay;
                ProbeFailure f = ProbeFailure.of(e, password);
                lastFailure = DbStatus.failed(f.error(), f.detail());
                return lastFailure;
            }
        }
        try {
            DbStatus s = queries.run();
            lastFailure = null;
            return s;
        } catch (SQLException e) {
            ProbeFailure f = ProbeFailure.of(e, password);
            if (!f.keepConnection()) {
                disconnect();
            }
            return DbStatus.failed(f.error(), f.detail());
        }
    }

    private boolean processRunning() {
        try {
            String text = Files.readString(pidFile).strip();
            long pid = Long.parseLong(text);
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    private void disconnect() {
        if (connection != null) {
            try {
                connection.abort(Runnable::run); // no server round trip: the server may hang
            } catch (SQLException | RuntimeException ignored) {
                // closing a broken connection
            }
        }
        connection = null;
        queries.onDisconnect();
    }

    @Override
    public void close() {
        disconnect();
    }
}
