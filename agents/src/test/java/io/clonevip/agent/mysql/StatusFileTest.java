package io.clonevip.agent.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The heartbeat's level-10 record and the republish request, and the publisher's side of it. */
class StatusFileTest {
    @TempDir
    Path dir;

    private static Map<String, String> read(Path file) throws IOException {
        Map<String, String> m = new HashMap<>();
        for (String l : Files.readAllLines(file)) {
            int eq = l.indexOf('=');
            m.put(l.substring(0, eq), l.substring(eq + 1));
        }
        return m;
    }

    @Test
    void heartbeatRecordsWrittenAndWantedValues() throws IOException {
        Path state = dir.resolve("mm.state");
        StatusFile status = new StatusFile(state, 7, "rd", "wr");
        RecordingAttrd sink = new RecordingAttrd();
        AttributePublisher pub = new AttributePublisher(sink.attributes(), Duration.ZERO, "rd", "wr", 2);
        pub.publish(Decision.WRITABLE);
        status.write(1_700_000_000_123L, 1, pub, 0, Decision.WRITABLE);
        Map<String, String> hb = read(state);
        assertEquals("1700000000", hb.get("checked_at"));
        assertEquals("7", hb.get("stale_after"));
        assertEquals(List.of("2", "1", "2", "1"), List.of(hb.get("reader"), hb.get("writer"), hb.get("want_reader"),
                hb.get("want_writer")));
        assertEquals(List.of("rd", "wr", "0"), List.of(hb.get("reader_attribute"), hb.get("writer_attribute"),
                hb.get("republished")));

        sink.failing = true;
        pub.publish(Decision.READ_ONLY); // writer 1 -> 0 fails
        status.write(1_700_000_001_000L, 2, pub, 0, Decision.READ_ONLY);
        hb = read(state);
        assertEquals("-1", hb.get("writer"), "failed write");
        assertEquals("0", hb.get("want_writer"));
        assertEquals("2", hb.get("reader"), "unchanged, not written");
    }

    @Test
    void forgetMakesTheNextPublishWriteBothAgain() {
        RecordingAttrd sink = new RecordingAttrd();
        AttributePublisher pub = new AttributePublisher(sink.attributes(), Duration.ZERO, "readable", "writable", 1);
        pub.publish(Decision.WRITABLE);
        pub.publish(Decision.WRITABLE);
        assertEquals(List.of("readable=1", "writable=1"), sink.writes(), "only changes");
        pub.forget();
        assertEquals(-1, pub.reader());
        pub.publish(Decision.WRITABLE);
        assertEquals(List.of("readable=1", "writable=1", "readable=1", "writable=1"), sink.writes());
        assertEquals(1, pub.wantedReader());
        assertEquals(1, pub.wantedWriter());
    }

    @Test
    void republishRequestIsTakenOnceAndDeletedWithTheHeartbeat() throws IOException {
        Path state = dir.resolve("mm.state");
        StatusFile status = new StatusFile(state, 7, "readable", "writable");
        assertFalse(status.takeRepublishRequest());
        Path request = dir.resolve("mm.state.republish");
        Files.writeString(request, "");
        assertTrue(status.takeRepublishRequest());
        assertFalse(Files.exists(request));
        assertFalse(status.takeRepublishRequest(), "once per request");
        Files.writeString(request, "");
        status.delete();
        assertFalse(Files.exists(request), "stop removes a pending request");
    }

    @Test
    void theLoopServesARequestAtItsNextCheck() throws Exception {
        Path state = dir.resolve("mm.state");
        MysqlMonitorConfig config = MysqlMonitorConfig.parse(Map.of("host", "127.0.0.1", "port", "1",
                "connect_timeout", "100ms", "state", state.toString()), state);
        RecordingAttrd sink = new RecordingAttrd();
        MonitorLoop loop = MonitorLoop.create(config, sink.attributes(), new StatusFile(state, 5, "readable", "writable"));
        try {
            loop.checkOnce(); // nothing listens on port 1: 0/0
            loop.checkOnce();
            assertEquals(List.of("readable=0", "writable=0"), sink.writes());
            Files.writeString(dir.resolve("mm.state.republish"), "");
            loop.checkOnce();
            assertEquals(List.of("readable=0", "writable=0", "readable=0", "writable=0"), sink.writes());
            assertEquals("1", read(state).get("republished"));
            assertFalse(Files.exists(dir.resolve("mm.state.republish")));
            loop.checkOnce();
            assertEquals(4, sink.writes().size(), "served once");
        } finally {
            loop.shutdown();
        }
    }
}
