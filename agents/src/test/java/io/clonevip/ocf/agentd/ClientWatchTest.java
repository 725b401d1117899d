package io.clonevip.ocf.agentd;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The watch of a running action must not delay its answer: {@link ClientWatch#finish} waits for
 * the watching thread's current poll, so the daemon's poll slice is added to the wall time of
 * every action it serves (a monitor of a few ms took 108 ms through the daemon with 100 ms slices).
 */
class ClientWatchTest {

    @Test
    void finishingTheWatchOfALiveClientAddsLittleToTheAction() throws Exception {
        Path dir = Files.createTempDirectory("clonevip-watch-");
        Path pipe = dir.resolve("c1");
        Fifo.create(pipe, 0600);
        List<Long> finishMs = new ArrayList<>();
        // read-write: the client's read end, held for the whole test (opening it never blocks)
        try (RandomAccessFile client = new RandomAccessFile(pipe.toFile(), "rw");
             Fifo reply = Fifo.openWriter(pipe).orElseThrow()) {
            for (int i = 0; i < 5; i++) {
                ClientWatch watch = ClientWatch.start(reply, Thread.currentThread(), RequestHandler.WATCH_MS, () -> { });
                Thread.sleep(10); // the action: a monitor takes a few ms in the daemon
                long t0 = System.nanoTime();
                assertFalse(watch.finish(), "the client is there: not interrupted");
                finishMs.add((System.nanoTime() - t0) / 1_000_000);
            }
        } finally {
            Files.deleteIfExists(pipe);
            Files.delete(dir);
        }
        System.out.println("ClientWatch.finish took " + finishMs + " ms");
        assertTrue(finishMs.stream().sorted().toList().get(2) < 30, "median time finish() waited, ms: " + finishMs);
    }
}
