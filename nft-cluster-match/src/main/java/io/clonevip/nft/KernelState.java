package io.clonevip.nft;

import io.clonevip.nativ.KernelException;
import java.util.List;

/**
 * What the destroy fallback for kernels before 6.3 needs to know about the current ruleset
 * (answered by {@link NftConn} with dumps).
 */
interface KernelState {
    List<Table> tables() throws KernelException;

    /** Elements of the set; empty if the set or its table does not exist. */
    List<SetElement> elements(NftSet set) throws KernelException;
}
