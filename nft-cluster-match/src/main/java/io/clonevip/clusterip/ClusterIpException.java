package io.clonevip.clusterip;

/**
 * A CLUSTERIP request the current state does not allow, with a reason callers switch on (the
 * message is for users: no secrets, no stack traces needed). Kernel errors are
 * {@link io.clonevip.nativ.KernelException}s; invalid parameters are refused earlier by
 * {@link ClusterIpParams} with {@link IllegalArgumentException}.
 */
public final class ClusterIpException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the request was refused. */
    public enum Reason {
        /** A CLUSTERIP rule for the VIP exists with other parameters (hash, MAC, nodes, interface). */
        CONFLICT,
        /** The kernel has no CLUSTERIP (module missing: kernel 6.3+ removed it). */
        UNSUPPORTED
    }

    private final Reason reason;

    public ClusterIpException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() { return reason; }
}
