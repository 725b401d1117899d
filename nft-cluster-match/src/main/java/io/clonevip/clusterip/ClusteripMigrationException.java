package io.clonevip.clusterip;

/**
 * A CLUSTERIP-to-nftables migration ({@link ClusteripToNft}) that cannot proceed, with a reason
 * callers switch on (netctl maps it to an exit code). The message names what was found and what
 * to do; nothing was changed when this is thrown by {@link ClusteripToNft#plan}.
 */
public final class ClusteripMigrationException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the migration was refused. */
    public enum Reason {
        /** The VIP has neither a CLUSTERIP rule nor a clonevip ruleset on this node. */
        NOTHING_TO_MIGRATE,
        /** The CLUSTERIP rule(s) cannot be turned into a cluster IP spec (several disagreeing rules, no {@code --new}, unknown hash mode, invalid values). */
        UNREADABLE_RULE,
        /** A clonevip ruleset for the VIP exists with another spec than the CLUSTERIP rule implies. */
        CONFLICT,
        /** The VIP address is not on the rule's interface and no address was given. */
        NO_ADDRESS,
        /** The nftables configuration did not read back as planned; CLUSTERIP was left in place. */
        NOT_CONFIRMED
    }

    private final Reason reason;

    public ClusteripMigrationException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() { return reason; }
}
