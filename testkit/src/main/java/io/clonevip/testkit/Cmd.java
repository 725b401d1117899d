package io.clonevip.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs a command for a test, with a deadline; output captured. The output goes to files, not
 * pipes, so that the deadline holds even when the command (or a daemon it started, which keeps
 * the pipes open) never ends: on the deadline the command and everything it started are killed
 * and the test fails with what the command had printed so far.
 */
public record Cmd(int exit, String out, String err, List<String> argv) {

    public static Cmd run(String... argv) {
        return run(60, argv);
    }

    /** Runs {@code argv} with the default deadline of a minute. */
    public static Cmd run(List<String> argv) {
        return run(Duration.ofSeconds(60), argv);
    }

    public static Cmd run(int timeoutSeconds, String... argv) {
        return run(Duration.ofSeconds(timeoutSeconds), List.of(argv));
    }

    /** Runs {@code argv} with a time limit; on the deadline everything it started is killed and this throws. */
    public static Cmd run(Duration timeout, List<String> argv) {
        return run(timeout, argv, Map.of());
    }

    /** As {@link #run(Duration, List)} with {@code env} added to the environment (secrets go here, never in argv). */
    public static Cmd run(Duration timeout, List<String> argv, Map<String, String> env) {
        return run(timeout, argv, env, name -> false);
    }

    /**
     * As {@link #run(Duration, List, Map)}, the inherited variables whose name {@code unset} accepts
     * removed first (e.g. a test's own OCF_ variables, which an agent run must not see).
     */
    public static Cmd run(Duration timeout, List<String> argv, Map<String, String> env, Predicate<String> unset) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("cmd-out", ".txt");
            err = Files.createTempFile("cmd-err", ".txt");
            ProcessBuilder pb = new ProcessBuilder(argv)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().keySet().removeIf(unset);
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s: " + String.join(" ", argv)
                        + "\nstdout: " + Files.readString(out) + "\nstderr: " + Files.readString(err));
            }
            return new Cmd(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), List.copyOf(argv));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + argv.getFirst() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            delete(out);
            delete(err);
        }
    }

    private static void delete(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a temporary file: nothing to do
            }
        }
    }

    /** Whether the command exited 0. */
    public boolean ok() {
        return exit == 0;
    }

    /** Runs and fails the test setup unless the exit code is 0. */
    public static String ok(String... argv) {
        Cmd c = run(argv);
        if (c.exit != 0) throw new IllegalStateException(String.join(" ", argv) + " -> exit " + c.exit + ": " + c.err + c.out);
        return c.out;
    }

    /** Runs with a time limit and fails the test unless the exit code is 0; returns stdout. */
    public static String ok(int timeoutSeconds, String... argv) {
        return run(timeoutSeconds, argv).assertOk().out;
    }

    /** This, unless the command exited other than 0: then the test fails with the command and its output. */
    public Cmd assertOk() {
        if (exit != 0) {
            throw new AssertionError(toString());
        }
        return this;
    }

    /** The command, its exit code and its output, for a failing assertion's message. */
    @Override
    public String toString() {
        return String.join(" ", argv) + " -> exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
}
