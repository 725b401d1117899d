package io.clonevip.agent.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.ocf.OcfAction;
import io.clonevip.ocf.OcfEnv;
import io.clonevip.ocf.OcfMain;
import io.clonevip.pacemaker.NodeAttributes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java actions' logic without a database: the level-10 monitor's decisions, stop and monitor
 * around a daemon that is gone, stop with parameters that do not validate, the checked
 * CRM_meta_timeout, and what children get in their environment. In process through
 * {@link OcfMain#run}, against a hand-written heartbeat, a stand-in daemon process (a shell
 * blocked in {@code read}, named like the daemon's main class) and {@link FakeAttrd}. The real
 * daemon and real attrd: {@code MysqlMonitorScriptTest}, {@code MysqlMonitorAgentIT},
 * {@code MysqlMonitorPacemakerIT}.
 */
class MysqlMonitorLevelTest {
    private static final String PASSWORD = "Pw-in-env-7Qx";

    @TempDir
    Path dir;
    private FakeAttrd attrd;
    private Process daemon;

    record Result(int rc, String out, String err) {
        List<String> reasons() {
            return err.lines().filter(l -> l.startsWith("ocf-exit-reason:")).toList();
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        attrd = FakeAttrd.in(dir);
        daemon = standIn();
    }

    /** Stands in for the daemon: alive, not a zombie, its cmdline names the main class, no child. */
    private Process standIn() throws IOException {
        Process p = new ProcessBuilder("sh", "-c", "read -r x", DaemonProcess.MAIN_CLASS).start();
        Files.writeString(dir.resolve("mm.state.pid"), p.pid() + "\n");
        return p;
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        daemon.destroyForcibly();
        daemon.waitFor(10, TimeUnit.SECONDS);
    }

    private Map<String, String> baseEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", attrd.bin() + ":" + System.getenv("PATH"));
        env.put("OCF_RESKEY_state", dir.resolve("mm.state").toString());
        env.put("OCF_RESKEY_CRM_meta_timeout", "20000");
        env.put("OCF_RESKEY_CRM_meta_interval", "10000");
        env.put("OCF_RESKEY_CRM_meta_on_node", "node1");
        env.put("OCF_RESKEY_password", PASSWORD);
        return env;
    }

    /** One action in process; {@code vars}: more environment, name value pairs. */
    private Result action(String action, String... vars) {
        Map<String, String> env = baseEnv();
        for (int i = 0; i < vars.length; i += 2) {
            env.put(vars[i], vars[i + 1]);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = OcfMain.run(new MysqlMonitorAgent(), new String[] {action}, env,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Result monitor(String level) {
        return level == null ? action("monitor") : action("monitor", "OCF_CHECK_LEVEL", level);
    }

    /** A fresh heartbeat as StatusFile writes it (stale_after 1 s keeps the repair wait short). */
    private void heartbeat(long pid, int wantReader, int wantWriter, int reader, int writer) throws IOException {
        long now = System.currentTimeMillis();
        Files.writeString(dir.resolve("mm.state"), "checked_at=" + now / 1000 + "\nchecked_at_ms=" + now
                + "\nstale_after=1\npid=" + pid + "\nchecks=7\nreader=" + reader + "\nwriter=" + writer
                + "\ndecision=WRITABLE\nwant_reader=" + wantReader + "\nwant_writer=" + wantWriter
                + "\nreader_attribute=readable\nwriter_attribute=writable\nrepublished=0\n");
    }

    private long queries() throws IOException {
        return attrd.calls().stream().filter(c -> c.contains("-Q")).count();
    }

    private List<String> writes() throws IOException {
        return attrd.calls().stream().filter(c -> !c.contains("-Q")).toList();
    }

    private void assertNoPasswordInChildren() throws IOException {
        String env = attrd.environments();
        assertFalse(env.contains("OCF_RESKEY_password") || env.contains(PASSWORD), "a child got the password: " + env);
    }

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
        attrd.set("readable", "1");
        attrd.set("writable", null); // deleted: attrd keeps the name with an empty value
        NodeAttributes attributes = NodeAttributes.local(baseEnv());
        assertEquals(Optional.of("1"), attributes.get("readable"));
        assertEquals(Optional.empty(), attributes.get("writable"));
        assertEquals(Optional.empty(), attributes.get("never"));
        assertTrue(attrd.calls().getFirst().matches("-Q -n readable -N node1 --output-as=xml"), attrd.calls().toString());
    }

    @Test
    void levelZeroAndLowLevelsNeverAskAttrd() throws Exception {
        heartbeat(daemon.pid(), 1, 1, 1, 1);
        attrd.set("readable", "0");
        for (String level : new String[] {null, "0", "9", "abc"}) {
            assertEquals(0, monitor(level).rc(), "level " + level);
        }
        assertEquals(0, queries(), attrd.calls().toString());
    }

    @Test
    void levelTenPassesWhenAttrdHoldsWhatTheDaemonWrote() throws Exception {
        heartbeat(daemon.pid(), 1, 0, 1, 0);
        attrd.set("readable", "1");
        attrd.set("writable", "0");
        for (String level : List.of("10", "20")) {
            Result r = monitor(level);
            assertEquals(0, r.rc(), r.err());
            assertEquals("", r.out() + r.err());
        }
        assertEquals(4, queries());
        assertEquals(4, attrd.calls().size(), "read-only: no write " + attrd.calls());
        assertFalse(Files.exists(dir.resolve("mm.state.republish")));
    }

    @Test
    void levelTenFailsWhenTheDaemonDoesNotRepairADifference() throws Exception {
        heartbeat(daemon.pid(), 1, 1, 1, 1);
        attrd.set("readable", "1");
        attrd.set("writable", "0"); // somebody else
        long t0 = System.nanoTime();
        Result r = monitor("10");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(1, r.rc(), r.err());
        assertEquals(List.of("ocf-exit-reason:attributes differ: writable is '0' in attrd, the daemon wrote '1';"
                + " the daemon did not write them again within 1s"), r.reasons());
        assertTrue(ms >= 900, "waited for the daemon's next check (stale_after 1 s): " + ms + " ms");
        assertFalse(Files.exists(dir.resolve("mm.state.republish")), "request withdrawn");
        assertEquals(Optional.of("0"), attrd.value("writable"), "the monitor itself never writes an attribute");
        assertEquals(List.of(), writes());
    }

    /** The daemon serves the request (a fake one here: the test plays it) and attrd then agrees. */
    @Test
    void levelTenSucceedsWhenTheDaemonsRepublishRepairs() throws Exception {
        heartbeat(daemon.pid(), 1, 1, 1, 1);
        attrd.set("readable", "1");
        attrd.set("writable", "0");
        Thread playsDaemon = Thread.ofPlatform().start(() -> {
            try {
                Path request = dir.resolve("mm.state.republish");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!Files.exists(request) && System.nanoTime() - deadline < 0) {
                    Thread.sleep(20); // polling for the monitor's request with a deadline
                }
                Files.delete(request);
                attrd.set("writable", "1");
                String hb = Files.readString(dir.resolve("mm.state")).replace("republished=0", "republished=1");
                Files.writeString(dir.resolve("mm.state"), hb);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Result r = monitor("10");
        playsDaemon.join(10_000);
        assertEquals(0, r.rc(), r.err());
        assertTrue(r.err().contains("attrd differed from the daemon: writable is '0' in attrd, the daemon wrote '1';"
                + " it wrote both attributes again"), r.err());
        assertEquals(List.of(), writes(), "the monitor itself never writes");
    }

    @Test
    void levelTenReportsAFailedWriteAndAForeignHeartbeat() throws Exception {
        attrd.set("readable", "1");
        attrd.set("writable", "1");
        heartbeat(daemon.pid(), 1, 1, 1, -1);
        Result failed = monitor("10");
        assertEquals(1, failed.rc(), failed.err());
        assertTrue(failed.reasons().getFirst().startsWith(
                "ocf-exit-reason:attributes differ: writable: the daemon's last write failed (wants 1);"), failed.err());

        heartbeat(1, 1, 1, 1, 1);
        Result foreign = monitor("10");
        assertEquals(1, foreign.rc(), foreign.err());
        assertTrue(foreign.reasons().getFirst().contains("heartbeat written by PID 1, the daemon is " + daemon.pid()),
                foreign.err());
    }

    @Test
    void levelTenWithAnOlderDaemonsHeartbeatIsLevelZero() throws Exception {
        long now = System.currentTimeMillis();
        Files.writeString(dir.resolve("mm.state"), "checked_at=" + now / 1000 + "\nchecked_at_ms=" + now
                + "\nstale_after=5\npid=" + daemon.pid() + "\nchecks=3\nreader=1\nwriter=1\ndecision=WRITABLE\n");
        Result r = monitor("10");
        assertEquals(0, r.rc(), r.err());
        assertTrue(r.err().contains("no attribute record (older daemon): level 0 only"), r.err());
        assertEquals(0, queries());
    }

    /**
     * stop of a running daemon: nothing on stdout or stderr, the daemon ended, both attributes set
     * to 0 by stop itself, the daemon's files gone, and attrd_updater without the password.
     */
    @Test
    void stopIsQuietClearsBothAttributesAndGivesChildrenNoPassword() throws Exception {
        heartbeat(daemon.pid(), 1, 1, 1, 1);
        Result r = action("stop");
        assertEquals(0, r.rc(), r.err());
        assertEquals("", r.out() + r.err(), "stop's output");
        assertTrue(daemon.waitFor(5, TimeUnit.SECONDS), "the daemon ended");
        assertEquals(List.of("-n readable -U 0", "-n writable -U 0"), writes());
        assertFalse(Files.exists(dir.resolve("mm.state")) || Files.exists(dir.resolve("mm.state.pid")));
        assertTrue(attrd.environments().contains("PATH="), "the dump works");
        assertNoPasswordInChildren();
    }

    /** The daemon died without its shutdown hook (SIGKILL): monitor sets both attributes to 0, then 7. */
    @Test
    void monitorOfADaemonThatDiedClearsBothAttributes() throws Exception {
        heartbeat(daemon.pid(), 1, 1, 1, 1);
        attrd.set("readable", "1");
        attrd.set("writable", "1");
        daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        Result r = action("monitor");
        assertEquals(7, r.rc(), r.err());
        assertEquals(Optional.of("0"), attrd.value("writable"));
        assertEquals(Optional.of("0"), attrd.value("readable"));
        assertNoPasswordInChildren();

        Files.delete(dir.resolve("mm.state.pid")); // a probe of a clean node writes nothing
        int before = attrd.calls().size();
        assertEquals(7, action("monitor", "OCF_RESKEY_CRM_meta_interval", "0").rc());
        assertEquals(before, attrd.calls().size());
    }

    /**
     * Parameters that do not validate (cluster_type is start's business only: stop runs normally
     * with it), nothing of this instance present: stop succeeds and
     * removes nothing it did not create (a state path naming somebody else's files, a relative
     * one), and writes no attribute under a name the daemon would refuse.
     */
    @Test
    void stopWithParametersThatDoNotValidateRemovesNothingItDidNotCreate() throws Exception {
        daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        Files.delete(dir.resolve("mm.state.pid"));
        Map<String, String> foreign = new LinkedHashMap<>();
        for (String suffix : List.of("", ".pid", ".tmp", ".republish")) {
            foreign.put("victim" + suffix, "somebody else's " + suffix + "\n");
        }
        for (Map.Entry<String, String> f : foreign.entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue());
        }
        List<String[]> cases = List.of(
                new String[] {"OCF_RESKEY_state", dir.resolve("victim").toString(), "OCF_RESKEY_cluster_type", "galera"},
                new String[] {"OCF_RESKEY_state", "victim", "OCF_RESKEY_reader_attribute", "bad name"},
                new String[] {"OCF_RESKEY_state", dir.resolve("victim").toString(), "OCF_RESKEY_writer_attribute", "x;y"},
                new String[] {"OCF_RESKEY_state", dir.resolve("victim").toString(), "OCF_RESKEY_port", "x"});
        for (String[] c : cases) {
            Result r = action("stop", c);
            assertEquals(0, r.rc(), String.join(" ", c) + ": " + r.err());
            assertEquals(List.of(), r.reasons());
            assertFalse(r.err().contains(PASSWORD), r.err());
            for (Map.Entry<String, String> f : foreign.entrySet()) {
                assertEquals(f.getValue(), Files.readString(dir.resolve(f.getKey())), f.getKey() + " after stop " + String.join(" ", c));
            }
        }
        assertEquals(List.of("-n readable -U 0", "-n writable -U 0", "-n writable -U 0", "-n readable -U 0",
                "-n readable -U 0", "-n writable -U 0"), writes(), "only names the daemon accepts");
    }

    /**
     * CRM_meta_timeout that is no number: start and monitor refuse with 6 and say what is wrong,
     * stop goes on with the default and says so. The action time is the timeout minus 2 s, at least 2 s.
     */
    @Test
    void aTimeoutThatIsNoNumberFailsStartAndMonitorButNotStop() throws Exception {
        String evil = "a[$(touch " + dir.resolve("pwned") + ")]";
        String reason = "ocf-exit-reason:meta attribute 'timeout' must be an integer, got '" + evil + "'";
        heartbeat(daemon.pid(), 1, 1, 1, 1);
        Result monitor = action("monitor", "OCF_RESKEY_CRM_meta_timeout", evil, "OCF_CHECK_LEVEL", "10");
        assertEquals(6, monitor.rc(), monitor.err());
        assertEquals(List.of(reason), monitor.reasons());
        Result stop = action("stop", "OCF_RESKEY_CRM_meta_timeout", evil);
        assertEquals(0, stop.rc(), stop.err());
        assertTrue(stop.err().contains("stopping within the default timeout (20 s)"), stop.err());
        assertTrue(daemon.waitFor(5, TimeUnit.SECONDS), "stopped");
        Result start = action("start", "OCF_RESKEY_CRM_meta_timeout", evil, "OCF_RESKEY_socket", "/nonexistent.sock");
        assertEquals(6, start.rc(), start.err());
        assertEquals(List.of(reason), start.reasons());
        assertFalse(Files.exists(dir.resolve("mm.state.pid")), "start launched nothing");
        for (String[] t : new String[][] {{"20000", "18"}, {"020000", "18"}, {"0", "2"}, {"", "18"}, {"-5", "2"},
                {"999999999", "999997"}}) {
            OcfEnv env = OcfEnv.of(Map.of("OCF_RESKEY_CRM_meta_timeout", t[0]), OcfAction.START, MysqlMonitorMetaData.META);
            assertEquals(Duration.ofSeconds(Long.parseLong(t[1])), MysqlMonitorAgent.actionTime(env), "CRM_meta_timeout=" + t[0]);
        }
    }
}
