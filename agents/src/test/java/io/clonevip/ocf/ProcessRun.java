package io.clonevip.ocf;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One finished external process: exit status, stdout, stderr. */
record ProcessRun(int rc, String out, String err) {

    /** Runs {@code cmd} with the inherited environment minus OCF variables, plus {@code env}. */
    static ProcessRun of(List<String> cmd, Map<String, String> env, int timeoutSeconds)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("clonevip-ocf-out-", ".txt");
        Path err = Files.createTempFile("clonevip-ocf-err-", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(new File("/dev/null"));
            pb.environment().keySet().removeIf(k -> k.startsWith("OCF_") || k.startsWith("HA_"));
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor();
                throw new AssertionError("timed out after " + timeoutSeconds + " s: " + cmd);
            }
            return new ProcessRun(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    List<String> exitReasons() {
        return err.lines().filter(l -> l.contains(OcfMain.EXIT_REASON)).toList();
    }

    @Override
    public String toString() {
        return "rc=" + rc + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
