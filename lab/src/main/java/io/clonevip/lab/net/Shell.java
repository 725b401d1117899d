package io.clonevip.lab.net;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the lab's setup commands (iproute2, nft) with a deadline; the product never shells out. */
public final class Shell {
    private Shell() {}

    /** Result of one command. */
    public record Result(int exit, String out, String err) {
        public boolean ok() { return exit == 0; }
    }

    public static Result run(List<String> argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new LabException("timed out: " + String.join(" ", argv));
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new LabException("cannot run " + argv.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted");
        }
    }

    public static String ok(String... argv) {
        Result r = run(List.of(argv));
        if (!r.ok()) throw new LabException(String.join(" ", argv) + " -> exit " + r.exit() + ": " + r.err().strip());
        return r.out();
    }
}
