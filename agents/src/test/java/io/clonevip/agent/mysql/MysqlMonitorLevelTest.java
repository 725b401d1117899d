package io.clonevip.agent.mysql;

import io.clonevip.testkit.db.DbLab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.ocf.OcfAction;
import io.clonevip.ocf.OcfEnv;
import io.clonevip.pacemaker.NodeAttributes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The monitor's depths without a database, in process ({@link StandIn}: a hand-written heartbeat,
 * a stand-in daemon process, {@link FakeAttrd}): OCF_CHECK_LEVEL mapping, and the level-10 audit
 * of attrd's values ({@link AttributeAudit}) with its repair through the daemon. The real daemon
 * and real attrd: {@code MysqlMonitorScriptTest}, {@code MysqlMonitorPacemakerIT}.
 */
class MysqlMonitorLevelTest {
    @RegisterExtension
    final StandIn in = new StandIn();

    @Test
    void checkLevelIsTheNearestLowerSupportedOne() {
        Map<String, Integer> expected = new LinkedHashMap<>();
        for (String zero : List.of("", "0", "1", "5", "9", "09", "abc", "-1", "10x", " 10")) {
            expected.put(zero, 0);
        }
        for (String ten : List.of("10", "11", "20", "99", "100", "0010", "123456789012345678901234567890")) {
            expected.put(ten, 10);
        }
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            OcfEnv env = OcfEnv.of(Map.of("OCF_CHECK_LEVEL", e.getKey()), OcfAction.MONITOR, MysqlMonitorMetaData.META);
            assertEquals(e.getValue(), env.checkLevel(0, 10), "OCF_CHECK_LEVEL='" + e.getKey() + "'");
        }
        assertEquals(0, OcfEnv.of(Map.of(), OcfAction.MONITOR, MysqlMonitorMetaData.META).checkLevel(0, 10));
    }

    @Test
    void attributeVerdictTable() {
        Optional<String> none = Optional.empty();
        Object[][] rows = {
                {"readable", "1", "1", Optional.of("1"), ""},
                {"readable", "0", "0", Optional.of("0"), ""},
                {"readable", "3", "3", Optional.of("3"), ""},
                {"writable", "1", "1", Optional.of("0"), " writable is '0' in attrd, the daemon wrote '1';"},
                {"writable", "0", "0", Optional.of("1"), " writable is '1' in attrd, the daemon wrote '0';"},
                {"readable", "1", "1", none, " readable is not set in attrd, the daemon wrote '1';"},
                {"writable", "1", "-1", Optional.of("1"), " writable: the daemon's last write failed (wants 1);"},
                {"writable", "0", "-1", Optional.of("0"), " writable: the daemon's last write failed (wants 0);"},
        };
        for (Object[] r : rows) {
            @SuppressWarnings("unchecked")
            Optional<String> inAttrd = (Optional<String>) r[3];
            assertEquals(r[4], AttributeAudit.verdict((String) r[0], (String) r[1], (String) r[2], inAttrd), List.of(r).toString());
        }
    }

    @Test
    void attrdValuesAreReadThroughTheOneWriter() throws Exception {
        in.attrd.set("readable", "1");
        in.attrd.set("writable", null); // deleted: attrd keeps the name with an empty value
        NodeAttributes attributes = NodeAttributes.local(in.env());
        assertEquals(Optional.of("1"), attributes.get("readable"));
        assertEquals(Optional.empty(), attributes.get("writable"));
        assertEquals(Optional.empty(), attributes.get("never"));
        assertTrue(in.attrd.calls().getFirst().matches("-Q -n readable -N node1 --output-as=xml"), in.attrd.calls().toString());
    }

    @Test
    void levelZeroAndLowLevelsNeverAskAttrd() throws Exception {
        in.heartbeat(in.daemon.pid(), 1, 1, 1, 1);
        in.attrd.set("readable", "0");
        for (String level : new String[] {null, "0", "9", "abc"}) {
            assertEquals(0, in.monitor(level).rc(), "level " + level);
        }
        assertEquals(0, in.queries(), in.attrd.calls().toString());
    }

    @Test
    void levelTenPassesWhenAttrdHoldsWhatTheDaemonWrote() throws Exception {
        in.heartbeat(in.daemon.pid(), 1, 0, 1, 0);
        in.attrd.set("readable", "1");
        in.attrd.set("writable", "0");
        for (String level : List.of("10", "20")) {
            StandIn.Result r = in.monitor(level);
            assertEquals(0, r.rc(), r.err());
            assertEquals("", r.out() + r.err());
        }
        assertEquals(4, in.queries());
        assertEquals(4, in.attrd.calls().size(), "read-only: no write " + in.attrd.calls());
        assertFalse(Files.exists(in.dir.resolve("mm.state.republish")));
    }

    @Test
    void levelTenFailsWhenTheDaemonDoesNotRepairADifference() throws Exception {
        in.heartbeat(in.daemon.pid(), 1, 1, 1, 1);
        in.attrd.set("readable", "1");
        in.attrd.set("writable", "0"); // somebody else
        long t0 = System.nanoTime();
        StandIn.Result r = in.monitor("10");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(1, r.rc(), r.err());
        assertEquals(List.of("ocf-exit-reason:attributes differ: writable is '0' in attrd, the daemon wrote '1';"
                + " the daemon did not write them again within 1s"), r.reasons());
        assertTrue(ms >= 900, "waited for the daemon's next check (stale_after 1 s): " + ms + " ms");
        assertFalse(Files.exists(in.dir.resolve("mm.state.republish")), "request withdrawn");
        assertEquals(Optional.of("0"), in.attrd.value("writable"), "the monitor itself never writes an attribute");
        assertEquals(List.of(), in.writes());
    }

    /** The daemon serves the request (a fake one here: the test plays it) and attrd then agrees. */
    @Test
    void levelTenSucceedsWhenTheDaemonsRepublishRepairs() throws Exception {
        in.heartbeat(in.daemon.pid(), 1, 1, 1, 1);
        in.attrd.set("readable", "1");
        in.attrd.set("writable", "0");
        Thread playsDaemon = Thread.ofPlatform().start(() -> {
            try {
                Path request = in.dir.resolve("mm.state.republish");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!Files.exists(request) && System.nanoTime() - deadline < 0) {
                    Thread.sleep(20); // polling for the monitor's request with a deadline
                }
                Files.delete(request);
                in.attrd.set("writable", "1");
                String hb = Files.readString(in.dir.resolve("mm.state")).replace("republished=0", "republished=1");
                Files.writeString(in.dir.resolve("mm.state"), hb);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        StandIn.Result r = in.monitor("10");
        playsDaemon.join(10_000);
        assertEquals(0, r.rc(), r.err());
        assertTrue(r.err().contains("attrd differed from the daemon: writable is '0' in attrd, the daemon wrote '1';"
                + " it wrote both attributes again"), r.err());
        assertEquals(List.of(), in.writes(), "the monitor itself never writes");
    }

    @Test
    void levelTenReportsAFailedWriteAndAForeignHeartbeat() throws Exception {
        in.attrd.set("readable", "1");
        in.attrd.set("writable", "1");
        in.heartbeat(in.daemon.pid(), 1, 1, 1, -1);
        StandIn.Result failed = in.monitor("10");
        assertEquals(1, failed.rc(), failed.err());
        assertTrue(failed.reasons().getFirst().startsWith(
                "ocf-exit-reason:attributes differ: writable: the daemon's last write failed (wants 1);"), failed.err());

        in.heartbeat(1, 1, 1, 1, 1);
        StandIn.Result foreign = in.monitor("10");
        assertEquals(1, foreign.rc(), foreign.err());
        assertTrue(foreign.reasons().getFirst().contains("heartbeat written by PID 1, the daemon is " + in.daemon.pid()),
                foreign.err());
    }

    @Test
    void levelTenWithAnOlderDaemonsHeartbeatIsLevelZero() throws Exception {
        long now = System.currentTimeMillis();
        Files.writeString(in.dir.resolve("mm.state"), "checked_at=" + now / 1000 + "\nchecked_at_ms=" + now
                + "\nstale_after=5\npid=" + in.daemon.pid() + "\nchecks=3\nreader=1\nwriter=1\ndecision=WRITABLE\n");
        StandIn.Result r = in.monitor("10");
        assertEquals(0, r.rc(), r.err());
        assertTrue(r.err().contains("no attribute record (older daemon): level 0 only"), r.err());
        assertEquals(0, in.queries());
    }
}
