package io.clonevip.lab;

import io.clonevip.pacemaker.CommandResult;
import io.clonevip.pacemaker.CommandRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** One lab's calls of {@code lab/pacemaker/pcmk-lab.sh}, with its id in the environment. */
final class PcmkLabScript {

    private final Path script;
    private final String id;
    private final boolean client;
    private final CommandRunner runner = CommandRunner.local();

    PcmkLabScript(Path script, String id, boolean client) {
        this.script = script;
        this.id = id;
        this.client = client;
    }

    /** Runs {@code pcmk-lab.sh ARGS...} for this lab. */
    CommandResult run(List<String> args, Duration timeout) {
        List<String> argv = new ArrayList<>(List.of("env", "CLONEVIP_LAB_ID=" + id, "CLONEVIP_LAB_QUIET=1",
                "CLONEVIP_LAB_CLIENT=" + (client ? "1" : "0"), "TMPDIR=/tmp", script.toString()));
        argv.addAll(args);
        try {
            return runner.run(argv, timeout);
        } catch (IOException e) {
            throw new UncheckedIOException("pcmk-lab.sh " + String.join(" ", args) + ": " + e.getMessage(), e);
        }
    }

    /** Runs {@code pcmk-lab.sh ARGS...}; returns stdout, throws when it exits non-zero. */
    String runOk(String... args) {
        CommandResult result = run(List.of(args), PacemakerLab.COMMAND_TIMEOUT);
        if (!result.ok()) {
            throw new IllegalStateException("pcmk-lab.sh " + String.join(" ", args) + " exited "
                    + result.exitCode() + ": " + result.stderr().strip());
        }
        return result.stdout();
    }

    /**
     * lab/pacemaker/pcmk-lab.sh above the working directory (the module or the repository
     * root), or the path in system property {@code clonevip.pcmkLab}.
     */
    static Path locate() {
        String override = System.getProperty("clonevip.pcmkLab");
        if (override != null) {
            return Path.of(override).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("lab/pacemaker/pcmk-lab.sh");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("lab/pacemaker/pcmk-lab.sh not found above " + Path.of("").toAbsolutePath());
    }
}
