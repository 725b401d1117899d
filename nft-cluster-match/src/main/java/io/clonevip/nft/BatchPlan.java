package io.clonevip.nft;

import io.clonevip.nativ.KernelException;

/**
 * Builds a transaction from the ruleset as it is now ("observe, then converge"); see
 * {@link NftConn#applyConsistently}, which calls it again after a concurrent change.
 */
@FunctionalInterface
public interface BatchPlan {
    /** The batch to apply, read through {@code conn}; an empty batch when nothing is to change. */
    Batch build(NftConn conn) throws KernelException;
}
