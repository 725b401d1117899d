package io.clonevip.nft;

/**
 * What one attempt of {@link NftConn#transact} planned from the ruleset it read: the batch to
 * apply (empty: nothing to change) and what the caller gets once it is applied.
 */
public record Plan<T>(Batch batch, T value) {}
