package io.clonevip.clusterip;

/**
 * A CLUSTERIP request, migration or migration input that cannot be carried out, with a reason
 * callers switch on (netctl maps it to an exit code). The message is for users: it names what was
 * found and what to do, no secrets, no stack trace needed; nothing was changed where a method says
 * so. Kernel errors are {@link io.clonevip.nativ.KernelException}s; invalid parameters are refused
 * earlier by {@link ClusterIpParams} with {@link IllegalArgumentException}.
 */
public final class ClusterIpException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the request was refused. */
    public enum Reason {
        /** A CLUSTERIP rule, or a clonevip ruleset, for the VIP exists with other parameters (hash, MAC, nodes, interface). */
        CONFLICT,
        /** The kernel has no CLUSTERIP (module missing: kernel 6.3+ removed it). */
        UNSUPPORTED,
        /** The VIP has neither a CLUSTERIP rule nor a clonevip ruleset on this node. */
        NOTHING_TO_MIGRATE,
        /** The CLUSTERIP rule(s) cannot be turned into a cluster IP spec (several disagreeing rules, no {@code --new}, unknown hash mode, invalid values). */
        UNREADABLE_RULE,
        /** The VIP address is not on the rule's interface and no address was given. */
        NO_ADDRESS,
        /** The nftables configuration did not read back as planned; CLUSTERIP was left in place. */
        NOT_CONFIRMED,
        /** An input file (an iptables-save output, a copy of a /proc/net/ipt_CLUSTERIP file) is malformed or inconsistent; {@link #where()} says where. */
        BAD_INPUT
    }

    private final Reason reason;
    private final SourceLine where;
    private final String detail;

    public ClusterIpException(Reason reason, String message) {
        super(message);
        this.reason = reason;
        this.where = null;
        this.detail = message;
    }

    /** {@link Reason#BAD_INPUT} at {@code where}; the message is {@code file:line: detail}. */
    public ClusterIpException(SourceLine where, String detail) {
        super(where + ": " + detail);
        this.reason = Reason.BAD_INPUT;
        this.where = where;
        this.detail = detail;
    }

    public Reason reason() { return reason; }

    /** The file and line a {@link Reason#BAD_INPUT} refers to (line 0: the file as a whole); null for the other reasons. */
    public SourceLine where() { return where; }

    /** The message without the file and line prefix. */
    public String detail() { return detail; }
}
