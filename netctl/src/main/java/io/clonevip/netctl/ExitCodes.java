package io.clonevip.netctl;

/**
 * netctl's exit codes, listed in {@code netctl --help}. Scripts may rely on them.
 */
public final class ExitCodes {
    private ExitCodes() {}

    /** Success. */
    public static final int OK = 0;
    /** The operation failed (kernel refused, I/O error, crm_verify did not finish in time...). */
    public static final int FAILURE = 1;
    /** Bad command line: unknown option, malformed address, port or bucket, a --netns name ip netns refuses. */
    public static final int USAGE = 2;
    /** The VIP named is not configured on this node. */
    public static final int NOT_FOUND = 3;
    /** Not permitted: CAP_NET_ADMIN (root) is needed. */
    public static final int PERMISSION = 4;
    /** The network namespace named with --netns does not exist. */
    public static final int NO_NAMESPACE = 5;
    /** A concurrent change kept the transaction from applying; nothing changed, try again. */
    public static final int CONFLICT = 6;
    /** An input file (iptables-save, /proc copy, CIB) is malformed or inconsistent; nothing written. */
    public static final int BAD_INPUT_FILE = 7;

    /** The help section listing the codes. */
    public static final String HELP = "Exit codes:%n"
            + "  0  success%n"
            + "  1  failure (the kernel refused, I/O error, crm_verify did not finish: nothing written)%n"
            + "  2  usage error (unknown option, malformed address, port, bucket or --netns name)%n"
            + "  3  VIP not configured on this node%n"
            + "  4  permission denied (needs root / CAP_NET_ADMIN)%n"
            + "  5  network namespace given with --netns does not exist%n"
            + "  6  concurrent change, nothing applied: try again%n"
            + "  7  input file malformed or inconsistent, nothing written";
}
