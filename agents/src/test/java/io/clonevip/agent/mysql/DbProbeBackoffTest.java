package io.clonevip.agent.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Reconnect backoff: a TCP listener that accepts and closes at once (no database; it only counts
 * connection attempts) makes every connect fail. Checks go on at poll_interval while attempts
 * thin out exponentially up to max(poll_interval, 2 s).
 */
class DbProbeBackoffTest {
    @Test
    void failedConnectsBackOffWhileChecksContinue() throws Exception {
        AtomicInteger accepts = new AtomicInteger();
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofPlatform().daemon().start(() -> {
                while (!listener.isClosed()) {
                    try (Socket s = listener.accept()) {
                        accepts.incrementAndGet();
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            MysqlMonitorConfig c = MysqlMonitorConfig.parse(MysqlMonitorConfigTest.params("cluster_type", "read-only",
                    "host", "127.0.0.1", "port", Integer.toString(listener.getLocalPort()), "poll_interval", "50ms",
                    "connect_timeout", "1s", "query_timeout", "1s"), Path.of("/nonexistent"));
            try (DbProbe probe = new DbProbe(c)) {
                long end = System.nanoTime() + 3_000_000_000L;
                int checks = 0;
                while (System.nanoTime() - end < 0) {
                    DbStatus s = probe.probe();
                    assertEquals(ProbeError.UNREACHABLE, s.error(), s.detail());
                    checks++;
                    Thread.sleep(50); // the poll interval
                }
                // attempts at about 0, 0.05, 0.15, 0.35, 0.75, 1.55 s, then every 2 s
                assertTrue(checks >= 30, checks + " checks");
                assertTrue(accepts.get() >= 3 && accepts.get() <= 9, accepts.get() + " connection attempts in 3 s");
            }
            listener.close();
            acceptor.join(2000);
        }
    }
}
