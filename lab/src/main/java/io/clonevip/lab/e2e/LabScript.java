package io.clonevip.lab.e2e;

import io.clonevip.lab.net.LabException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Calls of {@code lab/e2e/e2e-lab.sh} for one lab: its id and the run's passwords go in the
 * environment (never on a command line). Output goes to temporary files, not pipes, because
 * the daemons the script starts outlive it.
 */
final class LabScript {

    /** One run of the script. */
    record Result(int exit, String out, String err) {
        boolean ok() {
            return exit == 0;
        }
    }

    private final Path script;
    private final Map<String, String> env = new LinkedHashMap<>();

    LabScript(Path script, String appPassword, String monitorPassword) {
        this.script = script;
        env.put("CLONEVIP_LAB_QUIET", "1");
        env.put("TMPDIR", "/tmp");
        env.putIfAbsent("E2E_AOT", System.getenv().getOrDefault("E2E_AOT", "1"));
        env.put("E2E_APP_PASSWORD", appPassword);
        env.put("E2E_MONITOR_PASSWORD", monitorPassword);
    }

    void id(String id) {
        env.put("CLONEVIP_LAB_ID", id);
    }

    void set(String name, String value) {
        env.put(name, value);
    }

    Result run(Duration timeout, List<String> args) {
        List<String> argv = new ArrayList<>();
        argv.add(script.toString());
        argv.addAll(args);
        File out = null;
        File err = null;
        try {
            out = File.createTempFile("clonevip-e2e-out", ".txt");
            err = File.createTempFile("clonevip-e2e-err", ".txt");
            out.deleteOnExit();   // also when the JVM is stopped while the script runs
            err.deleteOnExit();
            ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out).redirectError(err);
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                throw new LabException("timed out after " + timeout.toSeconds() + " s: e2e-lab.sh " + String.join(" ", args));
            }
            return new Result(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                    Files.readString(err.toPath(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new LabException("cannot run e2e-lab.sh: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted: e2e-lab.sh " + String.join(" ", args));
        } finally {
            if (out != null) {
                out.delete();
            }
            if (err != null) {
                err.delete();
            }
        }
    }

    String ok(Duration timeout, String... args) {
        Result r = run(timeout, List.of(args));
        if (!r.ok()) {
            throw new LabException("e2e-lab.sh " + String.join(" ", args) + " exited " + r.exit() + ": "
                    + (r.err().strip() + " " + r.out().strip()).strip());
        }
        return r.out();
    }

    /** lab/e2e/e2e-lab.sh above the working directory, or system property {@code clonevip.e2eLab}. */
    static Path locate() {
        String override = System.getProperty("clonevip.e2eLab");
        if (override != null) {
            return Path.of(override).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("lab/e2e/e2e-lab.sh");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new LabException("lab/e2e/e2e-lab.sh not found above " + Path.of("").toAbsolutePath());
    }
}
