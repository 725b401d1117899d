package io.clonevip.cluster;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;

/**
 * What {@link VipConnections} did to the connections it was asked to close.
 *
 * @param closed    connections the kernel aborted (their clients were sent a reset)
 * @param gone      connections that ended by themselves between the dump and the destroy
 * @param notClosed connections still open because a destroy failed (or was not tried after a
 *                  failure every other destroy would share: EOPNOTSUPP, EPERM)
 * @param why       the first failure, null when {@code notClosed} is 0; EOPNOTSUPP means the
 *                  kernel was built without {@code CONFIG_INET_DIAG_DESTROY}
 */
public record ConnectionsClosed(int closed, int gone, int notClosed, KernelException why) {

    /** Whether the kernel cannot destroy sockets at all (no {@code CONFIG_INET_DIAG_DESTROY}). */
    public boolean unsupported() {
        return why != null && why.is(Errno.EOPNOTSUPP);
    }

    /**
     * One line for the log: "closed 3 TCP connections" and {@code which} (e.g. "of bucket 2 on
     * 192.0.2.100"), with what could not be closed and why.
     */
    public String summary(String which) {
        String s = "closed " + closed + " TCP connection" + (closed == 1 ? "" : "s") + (which.isEmpty() ? "" : " " + which);
        if (gone > 0) {
            s += " (" + gone + " ended by themselves meanwhile)";
        }
        if (notClosed > 0) {
            s += "; could not close " + notClosed + ": " + why.getMessage();
        }
        return s;
    }
}
