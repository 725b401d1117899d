package io.clonevip.ocf.agentd;

import java.io.PrintStream;

/**
 * The daemon's own log on stderr (the journal under systemd). It names pids, agents,
 * actions, results and reasons; never environment values or an action's output, which go to
 * the client only. Debug lines (one per request) only with {@code --verbose}.
 */
final class DaemonLog {
    private final PrintStream err;
    private final boolean verbose;

    DaemonLog(PrintStream err, boolean verbose) {
        this.err = err;
        this.verbose = verbose;
    }

    void info(String message) {
        err.println("clonevip-agentd: " + message);
    }

    void debug(String message) {
        if (verbose) {
            info(message);
        }
    }
}
