package io.clonevip.pacemaker;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Runs one external command to completion. The production runner starts a local process
 * ({@link #local()}); tests may wrap the argument vector, for example to run the very same
 * command inside a Pacemaker lab node.
 */
@FunctionalInterface
public interface CommandRunner {

    /**
     * Runs {@code argv} and waits for it.
     *
     * @throws IOException when the command cannot be started or does not finish in time
     */
    CommandResult run(List<String> argv, Duration timeout) throws IOException;

    /** Runs commands as child processes of this JVM. */
    static CommandRunner local() {
        return new ProcessCommandRunner();
    }
}
