package io.clonevip.nft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clonevip.netlink.MnlDebug;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The cluster ruleset of dataplane.md encoded by clonevip against what nft 1.0.6 sent
 * ({@code nft --debug=mnl,netlink -f ruleset} on node n1, 12 buckets, owns 1..4).
 */
class GoldenBatchTest {

    // nft -f cluster_n1.nft  (table inet cluster part: nft --debug=mnl)
    @Test
    void inetBatchIsByteForByteWhatNftSends() throws Exception {
        byte[] ours = ClusterRuleset.n1Lab().inetBatch().build(0).bytes();
        String expected = Golden.mnlFrom(Golden.read("mnl_final_plain.txt"), "00016");
        assertEquals(expected, Golden.plainMnl(MnlDebug.format(ours, NfGen.SIZE)));
    }

    // nft -f (table arp clarp of cluster_n1.nft)  (nft --debug=mnl, captured on the build host)
    @Test
    void arpBatchIsByteForByteWhatNftSends() throws Exception {
        byte[] ours = ClusterRuleset.n1Lab().arpBatch().build(0).bytes();
        String expected = Golden.mnlFrom(Golden.read("mnl_arp_clarp.txt"), "00016");
        assertEquals(expected, Golden.plainMnl(MnlDebug.format(ours, NfGen.SIZE)));
    }

    // nft --debug=netlink -f cluster_n1.nft: every rule's expressions, both tables
    @Test
    void rulesPrintLikeNftDebugNetlink() {
        ClusterRuleset r = ClusterRuleset.n1Lab();
        List<Rule> rules = List.of(r.arpRule(ClusterRuleset.clusterMac()), r.hashRule(true, NftSet.ANONYMOUS_NAME, 2),
                r.hashRule(false, NftSet.ANONYMOUS_NAME, 3), r.acceptRule(1), r.dropRule());
        List<String> ours = rules.stream().map(x -> x.family().nftName() + " " + x.table() + " " + x.chain() + "\n" + x.debugString()).toList();
        assertEquals(Golden.ruleBlocks(Golden.read("netlink_n1_N12.txt")), ours);
    }

    // flush set inet cluster local; add element inet cluster local { 2, 3, 4 }
    @Test
    void replaceIsFlushThenAddInOneBatch() throws Exception {
        NftSet local = NftSet.marks(Family.INET, "cluster", "local", 0, false);
        Batch b = new Batch().flushSet(local).addElements(local, List.of(SetElement.mark(2), SetElement.mark(3), SetElement.mark(4)));
        String mnl = Golden.plainMnl(MnlDebug.format(b.build(0).bytes(), NfGen.SIZE));
        // DELSETELEM (2574) without an element list, then NEWSETELEM (2572) with three host-order marks
        assertEquals(List.of("| 00016 | R--- |", "| 02574 | R--- |", "| 02572 | R--- |", "| 00017 | R--- |"),
                mnl.lines().filter(l -> l.matches("\\| \\d{5} \\|.*")).map(l -> l.substring(0, l.indexOf('\t'))).toList());
        assertEquals(3, mnl.lines().filter(l -> l.matches("\\| 0[234] 00 00 00  \\|.*")).count(), mnl);
    }
}
