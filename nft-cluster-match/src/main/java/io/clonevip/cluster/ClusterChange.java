package io.clonevip.cluster;

/**
 * What a {@link ClusterIpTables} operation did, from the one read its transaction was planned on:
 * the state it found and the state it left, without reading the tables again.
 *
 * @param before     the node's state the transaction was computed from; null when not configured
 * @param after      the state the transaction produced; null when the VIP's configuration is
 *                   gone (or was never there)
 * @param generation the ruleset generation {@code after} holds for: a later
 *                   {@code NftConn.getGenId()} equal to it means nothing changed since
 */
public record ClusterChange(ClusterState before, ClusterState after, int generation) {

    /** Whether the VIP has no configuration on this node now (the caller then removes the address). */
    public boolean removed() { return after == null; }

    /** How many buckets this node serves now. */
    public int localCount() { return after == null ? 0 : after.local().size(); }
}
