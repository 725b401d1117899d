package io.clonevip.agent.mysql;

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
 * The level-10 monitor's decision logic in the shell agent, without a JVM or a database: the
 * script's functions loaded alone ({@code MM_FUNCTIONS_ONLY=1}), and the monitor action against
 * a hand-written heartbeat, a stand-in daemon process (a shell blocked in {@code read}, named
 * like the daemon's main class) and {@link FakeAttrd}. The real daemon and real attrd:
 * {@code MysqlMonitorScriptTest}, {@code MysqlMonitorAgentIT}.
 */
class MysqlMonitorLevelTest {
    private static final Path AGENT = DbLab.labDir().getParent().getParent().resolve("agents/src/main/sh/mysql_monitor.sh");

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
        ProcessBuilder pb = new ProcessBuilder(args).redirectErrorStream(true);
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
}
