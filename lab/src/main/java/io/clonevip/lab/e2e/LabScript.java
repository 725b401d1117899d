package io.clonevip.lab.e2e;

import io.clonevip.lab.net.LabException;
import io.clonevip.testkit.Cmd;
import io.clonevip.testkit.Repo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calls of {@code lab/e2e/e2e-lab.sh} for one lab: its id and the run's passwords go in the
 * environment (never on a command line). {@link Cmd} writes the output to temporary files, not
 * pipes, because the daemons the script starts outlive it.
 */
final class LabScript {

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

    Cmd run(Duration timeout, List<String> args) {
        List<String> argv = new ArrayList<>();
        argv.add(script.toString());
        argv.addAll(args);
        return Cmd.run(timeout, argv, env);
    }

    String ok(Duration timeout, String... args) {
        Cmd r = run(timeout, List.of(args));
        if (!r.ok()) {
            throw new LabException("e2e-lab.sh " + String.join(" ", args) + " exited " + r.exit() + ": "
                    + (r.err().strip() + " " + r.out().strip()).strip());
        }
        return r.out();
    }

    /** lab/e2e/e2e-lab.sh above the working directory, or system property {@code clonevip.e2eLab}. */
    static Path locate() {
        return Repo.file("lab/e2e/e2e-lab.sh", "clonevip.e2eLab");
    }
}
