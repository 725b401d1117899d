package io.clonevip.agent.ipaddr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * An installation (scripts/install.sh into a temp root with a private agentd run dir) and the
 * processes the agentd tests start: the daemon inside a namespace through the installed
 * launcher, and the installed entry script as Pacemaker runs it (empty environment plus the
 * OCF variables), with output to files and a deadline.
 */
final class AgentdLab {
    final Path root;
    final Path script;
    final Path launcher;
    final Path runDir;
    final Path unitDir;
    final Path unit;

    AgentdLab(Path root) {
        this.root = root;
        this.script = root.resolve("ocf/IPaddr3");
        this.launcher = root.resolve("lib/bin/clonevip-agentd");
        this.runDir = root.resolve("run");
        this.unitDir = root.resolve("units");
        this.unit = unitDir.resolve("clonevip-agentd.service");
    }

    /** A daemon started by the test, with its log file. */
    record Daemon(Process process, Path log) {
        long pid() {
            return process.pid();
        }

        String logText() throws IOException {
            return Files.readString(log, StandardCharsets.UTF_8);
        }

        /** SIGTERM and wait. */
        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(70, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }

        void kill() throws InterruptedException {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A finished run of the entry script. */
    record ScriptRun(int rc, String out, String err, Duration took) {
        @Override
        public String toString() {
            return "rc=" + rc + " after " + took.toMillis() + " ms, stdout:\n" + out + "stderr:\n" + err;
        }
    }

    /** Counts the daemon's log lines containing {@code text}, once at least {@code expected} are there or 10 s passed. */
    static long logged(Daemon d, String text, long expected) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long n;
        while ((n = d.logText().lines().filter(l -> l.contains(text)).count()) < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return n;
    }

    /** Starts the installed launcher in {@code netns} and waits until it publishes its pid file. */
    Daemon startDaemon(String netns, String tag) throws Exception {
        return startDaemon(netns, tag, List.of(launcher.toString()));
    }

    /** Starts {@code command} (the launcher, perhaps behind {@code env -i ...}) with --verbose in {@code netns}. */
    Daemon startDaemon(String netns, String tag, List<String> command) throws Exception {
        Path log = root.resolve("daemon-" + tag + ".log");
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", netns));
        argv.addAll(command);
        argv.add("--verbose");
        Process p = new ProcessBuilder(argv)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Daemon d = new Daemon(p, log);
        String want = p.pid() + " ";
        boolean up = poll(Duration.ofSeconds(30), () -> {
            try {
                return Files.readString(runDir.resolve("pid")).startsWith(want) || !p.isAlive();
            } catch (IOException e) {
                return false;
            }
        });
        if (!up || !p.isAlive()) {
            d.kill();
            throw new IllegalStateException("daemon did not come up: " + d.logText());
        }
        return d;
    }

    /** Starts the entry script ({@code script}) in {@code netns} with exactly {@code env}. */
    Process startScript(Path script, String netns, Map<String, String> env, String action, Path out, Path err)
            throws IOException {
        return startScript(List.of(), script, netns, env, action, out, err);
    }

    /** As {@link #startScript(Path, String, Map, String, Path, Path)}, through {@code wrapper} (e.g. setpriv ...). */
    Process startScript(List<String> wrapper, Path script, String netns, Map<String, String> env, String action, Path out,
                        Path err) throws IOException {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", netns, "env", "-i",
                "PATH=/usr/sbin:/usr/bin:/sbin:/bin"));
        env.forEach((k, v) -> argv.add(k + "=" + v));
        argv.addAll(wrapper);
        argv.add(script.toString());
        argv.add(action);
        return new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    }

    ScriptRun run(String netns, Map<String, String> env, String action) throws Exception {
        return run(script, netns, env, action);
    }

    /** Runs the entry script to its end (at most 60 s: a hang fails the test instead of blocking it). */
    ScriptRun run(Path script, String netns, Map<String, String> env, String action) throws Exception {
        return run(List.of(), script, netns, env, action);
    }

    /** Runs the installed entry script through {@code wrapper} (a command that ends by running its arguments). */
    ScriptRun run(List<String> wrapper, String netns, Map<String, String> env, String action) throws Exception {
        return run(wrapper, script, netns, env, action);
    }

    private ScriptRun run(List<String> wrapper, Path script, String netns, Map<String, String> env, String action)
            throws Exception {
        Path out = Files.createTempFile(root, "out-", ".txt");
        Path err = Files.createTempFile(root, "err-", ".txt");
        long t0 = System.nanoTime();
        Process p = startScript(wrapper, script, netns, env, action, out, err);
        try {
            return await(p, out, err, t0, Duration.ofSeconds(60));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static ScriptRun await(Process p, Path out, Path err, long t0, Duration limit) throws Exception {
        if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("entry script still running after " + limit.toSeconds() + " s");
        }
        return new ScriptRun(p.exitValue(), Files.readString(out), Files.readString(err),
                Duration.ofNanos(System.nanoTime() - t0));
    }

    static boolean poll(Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }

    /**
     * How many requests the daemon's log says it served for {@code action}, once at least {@code expected}
     * are logged or 10 s passed: the daemon logs a request after it has answered the client, so a client's
     * exit does not mean its line is written yet. For {@code expected} 0 it is the count now.
     */
    static long served(Daemon d, String action, long expected) throws IOException, InterruptedException {
        return logged(d, " IPaddr3 " + action + " rc=", expected);
    }
}
