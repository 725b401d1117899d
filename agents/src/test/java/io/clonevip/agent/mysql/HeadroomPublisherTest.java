package io.clonevip.agent.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HeadroomPublisher} with a made-up cgroup tree (files in a temporary directory), a test clock and
 * {@link RecordingAttrd} behind the one attribute writer: it writes {@code load_headroom} with
 * {@code attrd_updater -U} only when the value changes, retries a failed write, publishes nothing while
 * the group cannot be read, and deletes the attribute at stop.
 */
class HeadroomPublisherTest {
    private static final long S = 1_000_000_000L;

    @TempDir
    Path dir;

    private long now;
    private long usage;
    private Path stat;
    private Path max;

    private HeadroomPublisher publisher(RecordingAttrd attrd) throws IOException {
        Path mountinfo = dir.resolve("mountinfo");
        Files.writeString(mountinfo, "30 25 0:26 / " + dir.resolve("cg") + " rw - cgroup2 cgroup2 rw\n");
        Files.createDirectories(dir.resolve("cg/db.service"));
        stat = dir.resolve("cg/db.service/cpu.stat");
        max = dir.resolve("cg/db.service/cpu.max");
        Files.writeString(max, "max 100000\n");
        setUsage(0);
        return new HeadroomPublisher(attrd.attributes(), "load_headroom", new Headroom(20, Duration.ofMinutes(10)),
                CgroupLocator.of("/db.service", null, dir.resolve("proc"), mountinfo, 2), () -> now);
    }

    private void setUsage(long micros) throws IOException {
        usage = micros;
        Files.writeString(stat, "usage_usec " + micros + "\nuser_usec 0\n");
    }

    /** {@code seconds} checks, one a second, the group using {@code cpus}. */
    private void run(HeadroomPublisher p, int seconds, double cpus) throws IOException {
        for (int i = 0; i < seconds; i++) {
            now += S;
            setUsage(usage + (long) (cpus * 1_000_000));
            p.check();
        }
    }

    @Test
    void writesOnlyChangesThroughAttrdUpdater() throws Exception {
        RecordingAttrd attrd = new RecordingAttrd();
        HeadroomPublisher p = publisher(attrd);
        p.check();
        run(p, 60, 0.1); // 95 % free
        assertEquals(List.of("load_headroom=100"), attrd.writes());
        assertEquals(List.of("attrd_updater", "-n", "load_headroom", "-U", "100"), attrd.commands().getFirst());
        Files.writeString(max, "20000 100000\n"); // squeezed to 0.2 CPU, and using all of it
        run(p, 60, 0.2);
        assertEquals("0", attrd.value("load_headroom"));
        List<String> w = attrd.writes();
        assertTrue(w.size() <= 11, w.toString()); // one write per step at most
        run(p, 120, 0.2);
        assertEquals(w, attrd.writes()); // steady: nothing more
        p.stop();
        assertEquals("load_headroom deleted", attrd.writes().getLast());
    }

    @Test
    void aFailedWriteIsTriedAgainAtTheNextCheck() throws Exception {
        RecordingAttrd attrd = new RecordingAttrd();
        HeadroomPublisher p = publisher(attrd);
        attrd.failing = true;
        p.check();
        run(p, 3, 0);
        assertEquals(-1, p.published());
        attrd.failing = false;
        run(p, 1, 0);
        assertEquals(List.of("load_headroom=100"), attrd.writes());
        assertEquals(100, p.published());
    }

    @Test
    void anUnreadableGroupPublishesNothingAndKeepsTheLastValue() throws Exception {
        RecordingAttrd attrd = new RecordingAttrd();
        HeadroomPublisher p = publisher(attrd);
        p.check();
        run(p, 5, 0);
        Files.delete(stat); // the group went away
        for (int i = 0; i < 5; i++) {
            now += S;
            p.check();
        }
        assertEquals(List.of("load_headroom=100"), attrd.writes());
        setUsage(0); // made again: starts over from a first sample
        run(p, 60, 2.0);
        assertEquals("0", attrd.value("load_headroom"));
    }
}
