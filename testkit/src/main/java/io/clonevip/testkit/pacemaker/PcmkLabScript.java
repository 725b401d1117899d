package io.clonevip.testkit.pacemaker;

import io.clonevip.testkit.Cmd;
import io.clonevip.testkit.Repo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** One lab's calls of {@code lab/pacemaker/pcmk-lab.sh}, with its id in the environment. */
record PcmkLabScript(Path script, String id, boolean client) {

    /** Runs {@code pcmk-lab.sh ARGS...} for this lab. */
    Cmd run(List<String> args, Duration timeout) {
        List<String> argv = new ArrayList<>(List.of("env", "CLONEVIP_LAB_ID=" + id, "CLONEVIP_LAB_QUIET=1",
                "CLONEVIP_LAB_CLIENT=" + (client ? "1" : "0"), "TMPDIR=/tmp", script.toString()));
        argv.addAll(args);
        return Cmd.run(timeout, argv);
    }

    /** Runs {@code pcmk-lab.sh ARGS...}; returns stdout, throws when it exits non-zero. */
    String runOk(String... args) {
        Cmd result = run(List.of(args), PacemakerLab.COMMAND_TIMEOUT);
        if (!result.ok()) {
            throw new IllegalStateException("pcmk-lab.sh " + String.join(" ", args) + " exited "
                    + result.exit() + ": " + result.err().strip());
        }
        return result.out();
    }

    /** lab/pacemaker/pcmk-lab.sh above the working directory, or the path in system property {@code clonevip.pcmkLab}. */
    static Path locate() {
        return Repo.file("lab/pacemaker/pcmk-lab.sh", "clonevip.pcmkLab");
    }
}
