package io.clonevip.agent.mysql;

import io.clonevip.testkit.db.DbLab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell agent's logic without a JVM or a database: the level-10 monitor's decisions, stop and
 * monitor around a daemon that is gone, stop with parameters that do not validate, the checked
 * CRM_meta_timeout, and what children get in their environment. The script's functions loaded
 * alone ({@code MM_FUNCTIONS_ONLY=1}), and the actions against a hand-written heartbeat, a
 * stand-in daemon process (a shell blocked in {@code read}, named like the daemon's main class)
 * and {@link FakeAttrd}. The real daemon and real attrd: {@code MysqlMonitorScriptTest},
 * {@code MysqlMonitorAgentIT}, {@code MysqlMonitorPacemakerIT}.
 */
class MysqlMonitorLevelTest {
    private static final Path AGENT = DbLab.labDir().getParent().getParent().resolve("agents/src/main/sh/mysql_monitor.sh");
    private static final String PASSWORD = "Pw-in-env-7Qx";

    @TempDir
    Path dir;
    private FakeAttrd attrd;
    private Process daemon;

    record Result(int rc, String out) {
        List<String> reasons() {
            return out.lines().filter(l -> l.startsWith("ocf-exit-reason:")).toList();
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        attrd = FakeAttrd.in(dir);
        // stands in for the daemon: alive, not a zombie, its cmdline names the main class, no child
        daemon = new ProcessBuilder("sh", "-c", "read -r x", "io.clonevip.agent.mysql.MonitorDaemon").start();
        Files.writeString(dir.resolve("mm.state.pid"), daemon.pid() + "\n");
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        daemon.destroyForcibly();
        daemon.waitFor(10, TimeUnit.SECONDS);
    }

    private Result sh(Map<String, String> extraEnv, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(args).redirectErrorStream(true).directory(dir.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", attrd.bin() + ":" + System.getenv("PATH"));
        pb.environment().put("OCF_RESKEY_state", dir.resolve("mm.state").toString());
        pb.environment().put("OCF_RESKEY_CRM_meta_timeout", "20000");
        pb.environment().putAll(extraEnv);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new Result(p.exitValue(), out);
    }

    /** Runs shell code with the agent's functions loaded. */
    private Result functions(String code) throws Exception {
        return sh(Map.of(), "sh", "-c", "MM_FUNCTIONS_ONLY=1 . \"$0\"; " + code, AGENT.toString());
    }

    private Result monitor(String level) throws Exception {
        Map<String, String> env = new HashMap<>();
        if (level != null) {
            env.put("OCF_CHECK_LEVEL", level);
        }
        return sh(env, "sh", AGENT.toString(), "monitor");
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

    @Test
    void checkLevelIsTheNearestLowerSupportedOne() throws Exception {
        Map<String, String> expected = new LinkedHashMap<>();
        for (String zero : List.of("", "0", "1", "5", "9", "09", "abc", "-1", "10x", " 10")) {
            expected.put(zero, "0");
        }
        for (String ten : List.of("10", "11", "20", "99", "100", "123456789012345678901234567890")) {
            expected.put(ten, "10");
        }
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Result r = sh(Map.of("OCF_CHECK_LEVEL", e.getKey()), "sh", "-c",
                    "MM_FUNCTIONS_ONLY=1 . \"$0\"; check_level; echo \"$level\"", AGENT.toString());
            assertEquals(e.getValue(), r.out().strip(), "OCF_CHECK_LEVEL='" + e.getKey() + "'");
        }
        assertEquals("0", functions("unset OCF_CHECK_LEVEL; check_level; echo \"$level\"").out().strip());
    }

    @Test
    void attributeVerdictTable() throws Exception {
        // name wanted written in-attrd -> rc, verdict
        String[][] rows = {
                {"readable 1 1 1", "0", ""},
                {"readable 0 0 0", "0", ""},
                {"readable 3 3 3", "0", ""},
                {"writable 1 1 0", "1", " writable is '0' in attrd, the daemon wrote '1';"},
                {"writable 0 0 1", "1", " writable is '1' in attrd, the daemon wrote '0';"},
                {"readable 1 1 ''", "1", " readable is '' in attrd, the daemon wrote '1';"},
                {"readable 1 1 '(none)'", "1", " readable is '(none)' in attrd, the daemon wrote '1';"},
                {"writable 1 -1 1", "1", " writable: the daemon's last write failed (wants 1);"},
                {"writable 0 -1 0", "1", " writable: the daemon's last write failed (wants 0);"},
        };
        for (String[] row : rows) {
            Result r = functions("verdict=; attribute_verdict " + row[0] + "; echo \"$?|$verdict\"");
            assertEquals(row[1] + "|" + row[2], r.out().strip(), row[0]);
        }
    }

    @Test
    void attrdValueReadsAttrdUpdaterQuery() throws Exception {
        attrd.set("readable", "1");
        attrd.set("writable", null); // deleted: attrd keeps the name with an empty value
        Result r = functions("for n in readable writable never; do attrd_value $n; echo \"$n=[$av]\"; done");
        assertEquals(List.of("readable=[1]", "writable=[]", "never=[(none)]"), r.out().lines().toList());
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
            assertEquals(0, r.rc(), r.out());
            assertEquals("", r.out());
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
        assertEquals(1, r.rc(), r.out());
        assertEquals(List.of("ocf-exit-reason:attributes differ: writable is '0' in attrd, the daemon wrote '1';"
                + " the daemon did not write them again within 1s"), r.reasons());
        assertTrue(ms >= 900, "waited for the daemon's next check (stale_after 1 s): " + ms + " ms");
        assertFalse(Files.exists(dir.resolve("mm.state.republish")), "request withdrawn");
        assertEquals(Map.of("writable", "0"), Map.of("writable", attrd.value("writable").orElseThrow()),
                "the monitor itself never writes an attribute");
    }

    @Test
    void levelTenReportsAFailedWriteAndAForeignHeartbeat() throws Exception {
        attrd.set("readable", "1");
        attrd.set("writable", "1");
        heartbeat(daemon.pid(), 1, 1, 1, -1);
        Result failed = monitor("10");
        assertEquals(1, failed.rc(), failed.out());
        assertTrue(failed.reasons().getFirst().startsWith(
                "ocf-exit-reason:attributes differ: writable: the daemon's last write failed (wants 1);"), failed.out());

        heartbeat(1, 1, 1, 1, 1);
        Result foreign = monitor("10");
        assertEquals(1, foreign.rc(), foreign.out());
        assertTrue(foreign.reasons().getFirst().contains("heartbeat written by PID 1, the daemon is " + daemon.pid()),
                foreign.out());
    }

    @Test
    void levelTenWithAnOlderDaemonsHeartbeatIsLevelZero() throws Exception {
        long now = System.currentTimeMillis();
        Files.writeString(dir.resolve("mm.state"), "checked_at=" + now / 1000 + "\nchecked_at_ms=" + now
                + "\nstale_after=5\npid=" + daemon.pid() + "\nchecks=3\nreader=1\nwriter=1\ndecision=WRITABLE\n");
        Result r = monitor("10");
        assertEquals(0, r.rc(), r.out());
        assertTrue(r.out().contains("no attribute record (older daemon): level 0 only"), r.out());
        assertEquals(0, queries());
    }

    private Result action(String action, String... params) throws Exception {
        return actionIn("sh", action, params);
    }

    /** The agent under {@code shell} (sh = dash here, or bash) with OCF_RESKEY_password and params. */
    private Result actionIn(String shell, String action, String... params) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("OCF_RESKEY_password", PASSWORD);
        for (int i = 0; i < params.length; i += 2) {
            env.put(params[i], params[i + 1]);
        }
        return sh(env, shell, AGENT.toString(), action);
    }

    private List<String> writes() throws IOException {
        return attrd.calls().stream().filter(c -> !c.contains("-Q")).toList();
    }

    private void assertNoPasswordInChildren() throws IOException {
        String env = attrd.environments();
        assertFalse(env.contains("OCF_RESKEY_password") || env.contains(PASSWORD), "a child got the password: " + env);
    }

    /**
     * stop of a running daemon: nothing on stdout or stderr (dash reported each look at the gone
     * daemon's /proc/PID/stat: "cannot open /proc/N/stat"), both attributes set to 0 by stop itself,
     * the daemon's files gone, and attrd_updater without the password in its environment.
     */
    @Test
    void stopIsQuietClearsBothAttributesAndGivesChildrenNoPassword() throws Exception {
        heartbeat(daemon.pid(), 1, 1, 1, 1);
        Result r = action("stop");
        assertEquals(0, r.rc(), r.out());
        assertEquals("", r.out(), "stop's output");
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
        assertEquals(7, r.rc(), r.out());
        assertEquals("0", attrd.value("writable").orElseThrow());
        assertEquals("0", attrd.value("readable").orElseThrow());
        assertNoPasswordInChildren();

        Files.delete(dir.resolve("mm.state.pid")); // a probe of a clean node writes nothing
        int before = attrd.calls().size();
        assertEquals(7, action("monitor").rc());
        assertEquals(before, attrd.calls().size());
    }

    /**
     * Parameters that do not validate, nothing of this instance present: stop succeeds and
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
                new String[] {"OCF_RESKEY_state", dir.resolve("victim").toString(), "OCF_RESKEY_writer_attribute", "x;y"});
        for (String[] c : cases) {
            Result r = action("stop", c);
            assertEquals(0, r.rc(), String.join(" ", c) + ": " + r.out());
            assertEquals("", r.out());
            for (Map.Entry<String, String> f : foreign.entrySet()) {
                assertEquals(f.getValue(), Files.readString(dir.resolve(f.getKey())), f.getKey() + " after stop " + String.join(" ", c));
            }
        }
        assertEquals(List.of("-n readable -U 0", "-n writable -U 0", "-n writable -U 0", "-n readable -U 0"), writes(),
                "only names the daemon accepts");
    }

    /**
     * CRM_meta_timeout is checked before any arithmetic, under dash and under bash (where
     * $((t)) evaluates t's text and a[$(cmd)] runs cmd): start and monitor refuse with 6 and
     * say what is wrong, stop goes on with the default and says so; no command runs.
     */
    @Test
    void aTimeoutThatIsNoNumberRunsNothing() throws Exception {
        Path pwned = dir.resolve("pwned");
        String evil = "a[$(touch " + pwned + ")]";
        String reason = "ocf-exit-reason:CRM_meta_timeout '" + evil + "' is not a whole number of milliseconds (at most 9 digits)";
        for (String shell : List.of("sh", "bash")) {
            heartbeat(daemon.pid(), 1, 1, 1, 1);
            Result monitor = actionIn(shell, "monitor", "OCF_RESKEY_CRM_meta_timeout", evil, "OCF_CHECK_LEVEL", "10");
            assertEquals(6, monitor.rc(), shell + ": " + monitor.out());
            assertEquals(List.of(reason), monitor.reasons(), shell);
            Result stop = actionIn(shell, "stop", "OCF_RESKEY_CRM_meta_timeout", evil);
            assertEquals(0, stop.rc(), shell + ": " + stop.out());
            assertTrue(stop.out().contains("stopping within the default timeout (20 s)"), stop.out());
            assertTrue(daemon.waitFor(5, TimeUnit.SECONDS), shell + ": stopped");
            Result start = actionIn(shell, "start", "OCF_RESKEY_CRM_meta_timeout", evil, "CLONEVIP_JAVA", "/bin/true");
            assertEquals(6, start.rc(), shell + ": " + start.out());
            assertEquals(List.of(reason), start.reasons(), shell);
            assertFalse(Files.exists(pwned), shell + " ran the command in CRM_meta_timeout");
            daemon = new ProcessBuilder("sh", "-c", "read -r x", "io.clonevip.agent.mysql.MonitorDaemon").start();
            Files.writeString(dir.resolve("mm.state.pid"), daemon.pid() + "\n");
        }
        for (String[] t : new String[][] {{"20000", "18"}, {"020000", "18"}, {"0", "2"}, {"", "18"}, {"999999999", "999997"}}) {
            Result r = sh(Map.of("OCF_RESKEY_CRM_meta_timeout", t[0]), "sh", "-c",
                    "MM_FUNCTIONS_ONLY=1 . \"$0\"; echo \"$op_s|$timeout_error\"", AGENT.toString());
            assertEquals(t[1] + "|", r.out().strip(), "CRM_meta_timeout=" + t[0]);
        }
        for (String bad : List.of("1000000000", "-5", "2e4", "20s", " 20000")) {
            Result r = sh(Map.of("OCF_RESKEY_CRM_meta_timeout", bad), "sh", "-c",
                    "MM_FUNCTIONS_ONLY=1 . \"$0\"; echo \"$op_s|$timeout_error\"", AGENT.toString());
            assertTrue(r.out().startsWith("18|CRM_meta_timeout '" + bad + "' is not"), bad + ": " + r.out());
        }
    }
}
