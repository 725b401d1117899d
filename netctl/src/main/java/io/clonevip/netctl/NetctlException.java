package io.clonevip.netctl;

/** A failure to report to the user: one line, and the exit code it maps to. */
public final class NetctlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public NetctlException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() { return exitCode; }
}
