package io.clonevip.nft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clonevip.netlink.MnlDebug;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A set's atomic replacement has the shape nft gives it ({@code nft-reference/netlink_replace.txt}).
 * The golden bytes of the ruleset clonevip writes are checked by {@code io.clonevip.cluster.ProductionGoldenTest}.
 */
class ReplaceBatchTest {

    // flush set inet cluster local; add element inet cluster local { 2, 3, 4 }
    @Test
    void replaceIsFlushThenAddInOneBatch() throws Exception {
        NftSet local = NftSet.marks(Family.INET, "cluster", "local", 0, false);
        Batch b = new Batch().flushSet(local).addElements(local, List.of(SetElement.mark(2), SetElement.mark(3), SetElement.mark(4)));
        String mnl = MnlDebug.format(b.build(0).bytes(), NfGen.SIZE).replaceAll("\u001b\\[[0-9;]*m", "");
        // DELSETELEM (2574) without an element list, then NEWSETELEM (2572) with three host-order marks
        assertEquals(List.of("| 00016 | R--- |", "| 02574 | R-A- |", "| 02572 | R-A- |", "| 00017 | R--- |"),
                mnl.lines().filter(l -> l.matches("\\| \\d{5} \\|.*")).map(l -> l.substring(0, l.indexOf('\t'))).toList());
        assertEquals(3, mnl.lines().filter(l -> l.matches("\\| 0[234] 00 00 00  \\|.*")).count(), mnl);
    }
}
