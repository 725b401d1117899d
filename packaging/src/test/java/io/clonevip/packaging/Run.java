package io.clonevip.packaging;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One finished command: its exit status and what it printed (stdout and stderr kept apart, through files). */
record Run(List<String> argv, int exit, String out, String err) {

    static Run of(int timeoutSeconds, List<String> argv) {
        return of(timeoutSeconds, Map.of(), argv);
    }

    /** Runs {@code argv} with {@code env} added to this process's environment; a command past its time is killed. */
    static Run of(int timeoutSeconds, Map<String, String> env, List<String> argv) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("clonevip-pkg-out-", ".txt");
            err = Files.createTempFile("clonevip-pkg-err-", ".txt");
            ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor();
                throw new AssertionError("timed out after " + timeoutSeconds + " s: " + argv + "\n"
                        + Files.readString(out, StandardCharsets.UTF_8) + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Run(argv, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + argv + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + argv, e);
        } finally {
            try {
                if (out != null) {
                    Files.deleteIfExists(out);
                }
                if (err != null) {
                    Files.deleteIfExists(err);
                }
            } catch (IOException ignored) {
                // a temporary file left in TMPDIR
            }
        }
    }

    /** Runs {@code argv} and fails the test unless it exits 0; returns its stdout. */
    static String ok(int timeoutSeconds, String... argv) {
        Run r = of(timeoutSeconds, List.of(argv));
        r.assertOk();
        return r.out();
    }

    Run assertOk() {
        if (exit != 0) {
            throw new AssertionError(this.toString());
        }
        return this;
    }

    @Override
    public String toString() {
        return String.join(" ", argv) + " -> exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
}
