package io.clonevip.netctl.migrate;

import io.clonevip.netctl.ExitCodes;
import io.clonevip.netctl.NetctlException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs Pacemaker's {@code crm_verify -x FILE} on a CIB file. crm_verify checks the schema, ids,
 * references and constraints; it does not look at resource agents (Pacemaker 2.1.5 accepts a
 * primitive of an agent that is not installed), so clonevip's agents need not be installed here.
 * A crm_verify that is not installed is reported in the verdict; one that hangs fails the migration.
 */
public final class CrmVerify {
    /** How long crm_verify may take unless --verify-timeout says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private CrmVerify() {}

    /**
     * The verdict.
     *
     * @param ran      whether crm_verify was found and ran to the end
     * @param exitCode its exit code (0 = valid), -1 when it did not run
     * @param output   what it printed (stdout and stderr), stripped; or why it did not run
     */
    public record Verdict(boolean ran, int exitCode, String output) {
        public boolean valid() { return ran && exitCode == 0; }

        /** One line for the report. */
        public String summary() {
            if (!ran) return "not run: " + output;
            if (exitCode == 0) return "valid (crm_verify -x exit 0)" + (output.isEmpty() ? "" : ": " + output);
            return "INVALID (crm_verify -x exit " + exitCode + "): " + output;
        }
    }

    /** The crm_verify on PATH (or in /usr/sbin, /usr/bin), or null. */
    static Path binary() {
        String path = System.getenv("PATH");
        String dirs = (path == null ? "" : path) + File.pathSeparator + "/usr/sbin" + File.pathSeparator + "/usr/bin";
        for (String d : dirs.split(File.pathSeparator)) {
            if (d.isEmpty()) continue;
            Path p = Path.of(d, "crm_verify");
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    /**
     * crm_verify's verdict on {@code cib}. One that has not ended within {@code timeout} is killed
     * with everything it started, and the migration fails: exit 1, nothing written.
     */
    public static Verdict check(Path cib, Duration timeout) {
        Path bin = binary();
        if (bin == null) return new Verdict(false, -1, "crm_verify not found (Pacemaker not installed here)");
        Process p;
        try {
            p = new ProcessBuilder(bin.toString(), "-x", cib.toString()).redirectErrorStream(true).start();
            p.getOutputStream().close();
        } catch (IOException e) {
            return new Verdict(false, -1, "crm_verify could not be run: " + e.getMessage());
        }
        // Read on another thread: a hung crm_verify never ends its output, and the deadline must hold.
        FutureTask<byte[]> output = new FutureTask<>(() -> p.getInputStream().readAllBytes());
        Thread.ofVirtual().name("crm_verify-output").start(output);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            if (!p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) throw hung(p, timeout);
            byte[] out;
            try { // it ended; its output ends with it unless something it started still holds it open
                out = output.get(Math.max(TimeUnit.SECONDS.toNanos(1), deadline - System.nanoTime()),
                        TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw hung(p, timeout);
            }
            String text = new String(out, StandardCharsets.UTF_8).strip().replace('\n', ' ');
            return new Verdict(true, p.exitValue(), text);
        } catch (ExecutionException e) {
            return new Verdict(false, -1, "crm_verify's output could not be read: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(p);
            throw new NetctlException(ExitCodes.FAILURE, "interrupted while crm_verify -x ran; nothing written");
        }
    }

    private static NetctlException hung(Process p, Duration timeout) {
        kill(p);
        return new NetctlException(ExitCodes.FAILURE, "crm_verify -x did not finish within " + timeout.toSeconds()
                + " s and was stopped (--verify-timeout sets the limit); nothing written");
    }

    /** Kills crm_verify and whatever it started (found before it dies: orphans are re-parented). */
    private static void kill(Process p) {
        List<ProcessHandle> started = p.descendants().toList();
        p.destroyForcibly();
        started.forEach(ProcessHandle::destroyForcibly);
    }
}
