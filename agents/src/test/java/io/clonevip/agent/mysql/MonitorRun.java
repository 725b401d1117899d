package io.clonevip.agent.mysql;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Test helper: a {@link MonitorLoop} polling in its own thread into a {@link RecordingAttrd}. */
final class MonitorRun implements AutoCloseable {
    final RecordingAttrd sink = new RecordingAttrd();
    final MysqlMonitorConfig config;
    final MonitorLoop loop;
    private final Thread thread;

    private MonitorRun(MysqlMonitorConfig config) {
        this.config = config;
        this.loop = MonitorLoop.create(config, sink.attributes(), null);
        this.thread = Thread.ofPlatform().name("monitor-" + config.port()).daemon().start(loop);
    }

    static MonitorRun start(Map<String, String> params) {
        return new MonitorRun(MysqlMonitorConfig.parse(params, Path.of("/nonexistent/state")));
    }

    String reader() {
        return sink.value(config.readerAttribute());
    }

    String writer() {
        return sink.value(config.writerAttribute());
    }

    int writeCount() {
        return sink.writes().size();
    }

    /** Waits until reader/writer have these values; returns the milliseconds it took. */
    long await(String reader, String writer, Duration within) {
        long t0 = System.nanoTime();
        long deadline = t0 + within.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (reader.equals(reader()) && writer.equals(writer())) {
                return (System.nanoTime() - t0) / 1_000_000;
            }
            try {
                Thread.sleep(20); // polling a condition with a deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        fail("expected " + config.readerAttribute() + "=" + reader + " " + config.writerAttribute() + "=" + writer
                + " within " + within.toMillis() + " ms; have " + reader() + "/" + writer() + " decision " + loop.current());
        return -1;
    }

    @Override
    public void close() throws InterruptedException {
        loop.stop();
        thread.join(10_000);
        loop.shutdown();
    }
}
