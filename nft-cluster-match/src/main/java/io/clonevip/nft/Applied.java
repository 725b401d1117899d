package io.clonevip.nft;

/**
 * What {@link NftConn#transact} returns: the applied plan's value and the ruleset generation it
 * holds for (the generation after the transaction, or the one read when nothing had to change).
 * A later {@link NftConn#getGenId()} equal to it means no process has changed the ruleset since.
 */
public record Applied<T>(T value, int generation) {}
