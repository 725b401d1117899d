package io.clonevip.netctl.migrate;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs Pacemaker's {@code crm_verify -x FILE} on a CIB file. crm_verify checks the schema, ids,
 * references and constraints; it does not look at resource agents (Pacemaker 2.1.5 accepts a
 * primitive of an agent that is not installed), so clonevip's agents need not be installed here.
 */
public final class CrmVerify {
    private static final long TIMEOUT_SECONDS = 60;

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

    public static Verdict check(Path cib) {
        Path bin = binary();
        if (bin == null) return new Verdict(false, -1, "crm_verify not found (Pacemaker not installed here)");
        try {
            Process p = new ProcessBuilder(bin.toString(), "-x", cib.toString()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Verdict(false, -1, "crm_verify did not finish within " + TIMEOUT_SECONDS + " s");
            }
            String text = new String(out, StandardCharsets.UTF_8).strip().replace('\n', ' ');
            return new Verdict(true, p.exitValue(), text);
        } catch (IOException e) {
            return new Verdict(false, -1, "crm_verify could not be run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Verdict(false, -1, "interrupted");
        }
    }
}
