package io.clonevip.pacemaker;

import java.io.Serial;

/**
 * A node attribute could not be written, read or deleted. The message is meant for users
 * (it names the operation, the attribute, the node and what the Pacemaker tool said) and
 * never carries a stack trace of its own; {@link #exitCode()} is the tool's exit code, or
 * {@link #NOT_RUN} when the tool could not be run at all.
 */
public final class NodeAttributeException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** {@link #exitCode()} when no tool process finished (not found, not startable, timed out). */
    public static final int NOT_RUN = -1;

    private final String attribute;
    private final int exitCode;

    NodeAttributeException(String message, String attribute, int exitCode, Throwable cause) {
        super(message, cause, false, false);
        this.attribute = attribute;
        this.exitCode = exitCode;
    }

    static NodeAttributeException failed(String operation, String attribute, String node,
                                         String tool, CommandResult result) {
        String reason = result.firstErrorLine();
        return new NodeAttributeException(
                "cannot " + operation + " node attribute '" + attribute + "'" + on(node) + ": "
                        + tool + " exited " + result.exitCode() + (reason.isEmpty() ? "" : ": " + reason),
                attribute, result.exitCode(), null);
    }

    static NodeAttributeException notRun(String operation, String attribute, String node,
                                         String tool, Exception cause) {
        return new NodeAttributeException(
                "cannot " + operation + " node attribute '" + attribute + "'" + on(node) + ": "
                        + tool + ": " + cause.getMessage(),
                attribute, NOT_RUN, cause);
    }

    private static String on(String node) {
        return node == null ? " on the local node" : " on node " + node;
    }

    /** The attribute the failed operation was about, or {@code null} (e.g. the node name lookup). */
    public String attribute() {
        return attribute;
    }

    /** The Pacemaker tool's exit code, or {@link #NOT_RUN}. */
    public int exitCode() {
        return exitCode;
    }
}
