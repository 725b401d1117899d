package io.clonevip.agent.mysql;

import io.clonevip.testkit.db.DbLab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent through its entry script (start / monitor / stop / validate-all: the thin client, then
 * the Java action in a JVM of its own, see {@link EntryScript}) with the real daemon JVM against a
 * real server. attrd_updater is replaced by a recorder on PATH; real Pacemaker:
 * {@code MysqlMonitorPacemakerIT}.
 */
class MysqlMonitorScriptTest {
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    private static DbLab lab;
    private static Path agent;

    @TempDir
    Path dir;
    private FakeAttrd attrd;

    @BeforeAll
    static void up() throws IOException {
        lab = DbLab.replication();
        Path installed = Files.createTempDirectory("clonevip-mmscript-");
        agent = EntryScript.install(installed);
    }

    @AfterAll
    static void down() throws IOException {
        if (lab != null) {
            lab.close();
        }
        if (agent != null) {
            EntryScript.remove(agent);
        }
    }

    record Result(int rc, String out) {
    }

    private Map<String, String> env(String... params) throws IOException {
        attrd = FakeAttrd.in(dir);
        Map<String, String> env = new HashMap<>();
        env.put("PATH", attrd.bin() + ":" + System.getenv("PATH"));
        env.put("OCF_RESOURCE_INSTANCE", "p_mysql_monit:0");
        env.put("OCF_RESKEY_CRM_meta_on_node", "node1");
        env.put("OCF_RESKEY_CRM_meta_timeout", "20000");
        env.put("OCF_RESKEY_state", dir.resolve("mm.state").toString());
        env.put("OCF_RESKEY_cluster_type", "replication");
        env.put("OCF_RESKEY_host", "127.0.0.1");
        env.put("OCF_RESKEY_port", Integer.toString(lab.port(DbLab.PRIMARY)));
        env.put("OCF_RESKEY_user", "monitor");
        env.put("OCF_RESKEY_password", lab.monitorPassword()); // environment, never argv
        env.put("OCF_RESKEY_poll_interval", "200ms");
        env.put("OCF_RESKEY_connect_timeout", "500ms");
        env.put("OCF_RESKEY_query_timeout", "500ms");
        for (int i = 0; i < params.length; i += 2) {
            env.put("OCF_RESKEY_" + params[i], params[i + 1]);
        }
        return env;
    }

    private static Result agent(Map<String, String> env, String action) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(agent.toString(), action).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), action + " finished");
        return new Result(p.exitValue(), out);
    }

    private List<String> attrd() throws IOException {
        return attrd.calls().stream().filter(c -> !c.startsWith("-Q")).toList();
    }

    /**
     * OCF_CHECK_LEVEL=10 with the real daemon: attrd's values agree; somebody else changes or
     * deletes one → the monitor has the daemon write both again and succeeds; attrd refusing
     * writes → the repair fails and so does the monitor.
     */
    @Test
    void levelTenRepairsAttrdThroughTheDaemon() throws Exception {
        Map<String, String> env = env();
        Map<String, String> deep = new HashMap<>(env);
        deep.put("OCF_CHECK_LEVEL", "10");
        assertEquals(0, agent(env, "start").rc());
        try {
            assertEquals(0, agent(deep, "monitor").rc());
            assertEquals(List.of("-n readable -U 1", "-n writable -U 1"), attrd(), "agreeing: nothing written");

            attrd.set("writable", "0"); // somebody else
            long t0 = System.nanoTime();
            Result repaired = agent(deep, "monitor");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.err.println("script: level-10 monitor with a repair took " + ms + " ms (poll 200ms)");
            assertEquals(0, repaired.rc(), repaired.out());
            assertTrue(repaired.out().contains("attrd differed from the daemon: writable is '0' in attrd,"
                    + " the daemon wrote '1'; it wrote both attributes again"), repaired.out());
            assertEquals(Optional.of("1"), attrd.value("writable"));
            assertEquals(List.of("-n readable -U 1", "-n writable -U 1", "-n readable -U 1", "-n writable -U 1"), attrd());

            attrd.set("readable", null); // deleted (attrd_updater -D)
            Result deleted = agent(deep, "monitor");
            assertEquals(0, deleted.rc(), deleted.out());
            assertEquals(Optional.of("1"), attrd.value("readable"));
            assertTrue(Files.readString(dir.resolve("mm.state.log")).contains("republishing readable and writable"));

            attrd.refuseWrites(true);
            attrd.set("writable", "0");
            Result broken = agent(deep, "monitor");
            assertEquals(1, broken.rc(), broken.out());
            // the whole reason in the log line, the exit reason cut to Pacemaker's 128 characters
            assertTrue(broken.out().contains("ERROR: attributes still differ after the daemon wrote them again:"
                    + " readable: the daemon's last write failed (wants 1); writable: the daemon's last write failed"
                    + " (wants 1);"), broken.out());
            assertTrue(broken.out().contains("ocf-exit-reason:attributes still differ after the daemon wrote them again:"
                    + " readable: the daemon's last write failed (wants 1);"), broken.out());
            assertEquals(0, agent(env, "monitor").rc(), "level 0 only looks at the heartbeat");
        } finally {
            attrd.refuseWrites(false);
            assertEquals(0, agent(env, "stop").rc());
        }
    }

    @Test
    void startMonitorStaleStop() throws Exception {
        Map<String, String> env = env();
        assertEquals(7, agent(env, "monitor").rc(), "not running before start");
        assertEquals(0, agent(env, "stop").rc(), "stop of a stopped resource succeeds");
        assertEquals(0, agent(env, "validate-all").rc());

        long t0 = System.nanoTime();
        Result start = agent(env, "start");
        System.err.println("script: start took " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        assertEquals(0, start.rc(), start.out());
        assertEquals(0, agent(env, "start").rc(), "start is idempotent");
        assertEquals(0, agent(env, "monitor").rc());
        assertTrue(attrd().containsAll(List.of("-n readable -U 1", "-n writable -U 1")), attrd().toString());
        long pid = Long.parseLong(Files.readString(dir.resolve("mm.state.pid")).strip());
        String status = Files.readString(dir.resolve("mm.state"));
        assertTrue(status.contains("decision=WRITABLE"), status);

        // a hung daemon: heartbeat goes stale -> 1 (generic error), not 7
        long stale = Long.parseLong(status.lines().filter(l -> l.startsWith("stale_after=")).findFirst().orElseThrow().substring(12));
        ProcessHandle.of(pid).orElseThrow();
        new ProcessBuilder("kill", "-STOP", Long.toString(pid)).start().waitFor();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(stale + 3);
            Result r;
            do {
                Thread.sleep(250); // polling the agent's answer with a deadline
                r = agent(env, "monitor");
            } while (r.rc() == 0 && System.nanoTime() - deadline < 0);
            assertEquals(1, r.rc(), r.out());
            assertTrue(r.out().contains("ocf-exit-reason:mysql_monitor heartbeat is"), r.out());
        } finally {
            new ProcessBuilder("kill", "-CONT", Long.toString(pid)).start().waitFor();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (agent(env, "monitor").rc() != 0 && System.nanoTime() - deadline < 0) {
            Thread.sleep(100);
        }
        assertEquals(0, agent(env, "monitor").rc(), "fresh again after SIGCONT");

        Result stop = agent(env, "stop");
        assertEquals(0, stop.rc(), stop.out());
        assertEquals("", stop.out(), "stop says nothing");
        assertFalse(DaemonsSeen.running(pid), "daemon gone");
        List<String> writes = attrd();
        assertEquals(List.of("-n readable -U 0", "-n writable -U 0"), writes.subList(writes.size() - 2, writes.size()),
                "SIGTERM sets both attributes to 0");
        assertEquals(7, agent(env, "monitor").rc());
        assertFalse(Files.exists(dir.resolve("mm.state")));

        String log = Files.readString(dir.resolve("mm.state.log"));
        assertTrue(log.contains("start -> WRITABLE"), log);
        assertFalse(log.contains(lab.monitorPassword()), "no password in the daemon log");
        assertNoPasswordInChildren();
    }

    /** attrd_updater, run by the daemon and by the script, never gets the password in its environment. */
    private void assertNoPasswordInChildren() throws IOException {
        String env = attrd.environments();
        assertTrue(env.contains("PATH="), "attrd_updater ran and dumped its environment");
        assertFalse(env.contains("OCF_RESKEY_password") || env.contains(lab.monitorPassword()),
                "attrd_updater got the password");
    }

    /**
     * start with a live but unhealthy daemon (SIGSTOPped: its heartbeat goes stale) ends that one
     * (SIGTERM + SIGCONT, its hook sets 0/0) and starts a new one: one daemon per instance. A second
     * daemon launched by hand for the same state file exits 1 at once (the pid file's lock).
     */
    @Test
    void startWithAnUnhealthyDaemonReplacesIt() throws Exception {
        Map<String, String> env = env();
        Path state = dir.resolve("mm.state");
        try {
            assertEquals(0, agent(env, "start").rc());
            long first = Long.parseLong(Files.readString(dir.resolve("mm.state.pid")).strip());
            assertEquals(List.of(first), DaemonsSeen.daemonsFor(state));

            ProcessBuilder second = new ProcessBuilder(JAVA, "-cp", System.getProperty("java.class.path"),
                    "io.clonevip.agent.mysql.MonitorDaemon").redirectErrorStream(true)
                    .redirectOutput(dir.resolve("second.out").toFile());
            second.environment().clear();
            second.environment().putAll(env);
            Process p = second.start();
            p.getOutputStream().close();
            boolean ended = p.waitFor(30, TimeUnit.SECONDS);
            if (!ended) {
                p.destroyForcibly().waitFor();        // a second daemon that runs on is the defect: fail, do not hang
            }
            String out = Files.readString(dir.resolve("second.out"), StandardCharsets.UTF_8);
            assertTrue(ended, "a second daemon for the same state must exit at once: " + out);
            assertEquals(1, p.exitValue(), out);
            assertTrue(out.contains("ocf-exit-reason:another mysql_monitor daemon runs for " + state), out);
            assertEquals(first + "\n", Files.readString(dir.resolve("mm.state.pid")), "the pid file is untouched");

            new ProcessBuilder("kill", "-STOP", Long.toString(first)).start().waitFor();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            Result unhealthy;
            do {
                unhealthy = agent(env, "monitor"); // each call takes ~10 ms; polled with a deadline
            } while (unhealthy.rc() == 0 && System.nanoTime() - deadline < 0);
            assertEquals(1, unhealthy.rc(), unhealthy.out());

            long t0 = System.nanoTime();
            Result start = agent(env, "start");
            System.err.println("script: start replacing a SIGSTOPped daemon took " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            assertEquals(0, start.rc(), start.out());
            assertTrue(start.out().contains("daemon " + first + " is alive but unhealthy"), start.out());
            assertFalse(DaemonsSeen.running(first), "the unhealthy daemon is gone");
            long now = Long.parseLong(Files.readString(dir.resolve("mm.state.pid")).strip());
            assertEquals(List.of(now), DaemonsSeen.daemonsFor(state), "one daemon for this instance");
            assertEquals(0, agent(env, "monitor").rc());
            List<String> writes = attrd();
            assertTrue(Collections.indexOfSubList(writes, List.of("-n readable -U 0", "-n writable -U 0")) >= 0,
                    "the ended daemon set 0/0: " + writes);
        } finally {
            assertEquals(0, agent(env, "stop").rc());
        }
        assertEquals(List.of(), DaemonsSeen.daemonsFor(state));
        assertNoPasswordInChildren();
    }

    @Test
    void badParameterFailsStartAndValidateWithItsName() throws Exception {
        Map<String, String> env = env("cluster_type", "galera");
        Result v = agent(env, "validate-all");
        assertEquals(6, v.rc(), v.out());
        assertTrue(v.out().contains("ocf-exit-reason:parameter 'cluster_type' must be one of"), v.out());
        Result s = agent(env, "start");
        assertEquals(6, s.rc(), s.out());
        assertTrue(s.out().contains("ocf-exit-reason:parameter 'cluster_type' must be one of"), s.out());
        assertEquals(7, agent(env, "monitor").rc());
        assertFalse(s.out().contains(lab.monitorPassword()) || v.out().contains(lab.monitorPassword()));

        // a state directory others can write (here /tmp-like: 1777): refused before any file is made in it
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setAttribute(shared, "unix:mode", 01777);
        Result open = agent(env("state", shared.resolve("mm.state").toString()), "start");
        assertEquals(6, open.rc(), open.out());
        assertTrue(open.out().contains("ocf-exit-reason:state: directory " + shared + " is not root's alone"), open.out());
        try (var left = Files.list(shared)) {
            assertEquals(List.of(), left.toList(), "nothing created in the shared directory");
        }

        // a state directory of another user, and a symbolic link to a good one: refused alike
        Path foreign = Files.createDirectory(dir.resolve("foreign"));
        Files.setAttribute(foreign, "unix:uid", 4242);
        Result owned = agent(env("state", foreign.resolve("mm.state").toString()), "start");
        assertEquals(6, owned.rc(), owned.out());
        assertTrue(owned.out().contains("ocf-exit-reason:state: directory " + foreign + " is not root's alone"), owned.out());
        Path link = Files.createSymbolicLink(dir.resolve("link"), Files.createDirectory(dir.resolve("good")));
        Result linked = agent(env("state", link.resolve("mm.state").toString()), "start");
        assertEquals(6, linked.rc(), linked.out());
        try (var left = Files.list(dir.resolve("good"))) {
            assertEquals(List.of(), left.toList(), "nothing created through the link");
        }
    }
}
