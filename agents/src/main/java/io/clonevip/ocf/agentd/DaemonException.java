package io.clonevip.ocf.agentd;

/** A reason the daemon cannot start, with its exit status. */
final class DaemonException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    DaemonException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
