package io.clonevip.nft;

import io.clonevip.nativ.KernelException;

/**
 * Reads the ruleset as it is now and plans a transaction from it ("observe, then converge");
 * {@link NftConn#transact} calls it again after a concurrent change.
 */
@FunctionalInterface
public interface Planner<T> {
    Plan<T> plan() throws KernelException;
}
