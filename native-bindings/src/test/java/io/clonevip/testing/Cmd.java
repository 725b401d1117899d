package io.clonevip.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command for a test, with a deadline; output captured. */
public record Cmd(int exit, String out, String err) {

    public static Cmd run(String... argv) {
        return run(60, argv);
    }

    public static Cmd run(int timeoutSeconds, String... argv) {
        try {
            Process p = new ProcessBuilder(List.of(argv)).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            var outF = p.getInputStream().readAllBytes();
            var errF = p.getErrorStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", argv));
            }
            return new Cmd(p.exitValue(), new String(outF, StandardCharsets.UTF_8), new String(errF, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + argv[0] + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs and fails the test setup unless the exit code is 0. */
    public static String ok(String... argv) {
        Cmd c = run(argv);
        if (c.exit != 0) throw new IllegalStateException(String.join(" ", argv) + " -> exit " + c.exit + ": " + c.err + c.out);
        return c.out;
    }
}
