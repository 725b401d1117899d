package io.clonevip.agent.mysql;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.clonevip.ocf.OcfMain;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One mysql_monitor instance without a database for in-process action tests: state in
 * {@code <dir>/mm.state}, a stand-in daemon (a shell blocked in {@code read}, its command line
 * naming the daemon's main class: alive, not a zombie, no child) recorded in the pid file,
 * {@link FakeAttrd} first on PATH, and the actions through {@link OcfMain#run}; a JUnit extension:
 * all of it fresh for each test in a private temporary directory, removed after it.
 */
final class StandIn implements BeforeEachCallback, AfterEachCallback {
    static final String PASSWORD = "Pw-in-env-7Qx";

    Path dir;
    FakeAttrd attrd;
    Process daemon;

    record Result(int rc, String out, String err) {
        List<String> reasons() {
            return err.lines().filter(l -> l.startsWith("ocf-exit-reason:")).toList();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("clonevip-mm-standin-");
        attrd = FakeAttrd.in(dir);
        daemon = standIn();
    }

    /** A new stand-in daemon, recorded in the pid file. */
    Process standIn() throws IOException {
        Process p = new ProcessBuilder("sh", "-c", "read -r x", DaemonProcess.MAIN_CLASS).start();
        Files.writeString(dir.resolve("mm.state.pid"), p.pid() + "\n");
        return p;
    }

    /** A recurring (not probe) action's environment, with a password. */
    Map<String, String> env() {
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
    Result action(String action, String... vars) {
        Map<String, String> env = env();
        for (int i = 0; i < vars.length; i += 2) {
            env.put(vars[i], vars[i + 1]);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = OcfMain.run(new MysqlMonitorAgent(), new String[] {action}, env,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Result monitor(String level) {
        return level == null ? action("monitor") : action("monitor", "OCF_CHECK_LEVEL", level);
    }

    /** A fresh heartbeat as StatusFile writes it (stale_after 1 s keeps the repair wait short). */
    void heartbeat(long pid, int wantReader, int wantWriter, int reader, int writer) throws IOException {
        long now = System.currentTimeMillis();
        Files.writeString(dir.resolve("mm.state"), "checked_at=" + now / 1000 + "\nchecked_at_ms=" + now
                + "\nstale_after=1\npid=" + pid + "\nchecks=7\nreader=" + reader + "\nwriter=" + writer
                + "\ndecision=WRITABLE\nwant_reader=" + wantReader + "\nwant_writer=" + wantWriter
                + "\nreader_attribute=readable\nwriter_attribute=writable\nrepublished=0\n");
    }

    long queries() throws IOException {
        return attrd.calls().stream().filter(c -> c.contains("-Q")).count();
    }

    List<String> writes() throws IOException {
        return attrd.calls().stream().filter(c -> !c.contains("-Q")).toList();
    }

    void assertNoPasswordInChildren() throws IOException {
        String env = attrd.environments();
        assertFalse(env.contains("OCF_RESKEY_password") || env.contains(PASSWORD), "a child got the password: " + env);
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException, InterruptedException {
        daemon.destroyForcibly();
        daemon.waitFor(10, TimeUnit.SECONDS);
        try (var all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
