package io.clonevip.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clonevip.netlink.MnlDebug;
import io.clonevip.nft.Batch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The production ruleset ({@link ClusterRuleset#of}, as {@link ClusterIpTables} adds it) against
 * the golden files of {@link ProductionGolden}, without a kernel: every rule's expressions and
 * every set's elements as the kernel held them, and, for the modes nft can write, the request
 * bytes nft sent for the same ruleset text.
 */
class ProductionGoldenTest {
    /** {@code struct nfgenmsg}, the extra header of every nf_tables message. */
    private static final int NFGENMSG_SIZE = 4;

    // nft --debug=netlink list table inet|arp clonevip_198_51_100_100 (after ClusterIpTables.apply)
    @ParameterizedTest
    @EnumSource(HashMode.class)
    void rulesAndElementsAreWhatTheKernelHolds(HashMode mode) {
        ClusterRuleset rs = ClusterRuleset.of(ProductionGolden.spec(mode));
        String golden = ProductionGolden.body(ProductionGolden.netlinkFile(mode));
        assertEquals(String.join("\n\n", ProductionGolden.blocks(golden).stream().map(ProductionGolden::addTimeForm).toList()),
                String.join("\n\n", ProductionGolden.blocksOf(rs, ProductionGolden.local())));
    }

    // nft --debug=netlink list table inet clonevip_2001_db8_1__100 (after ClusterIpTables.apply, eth0 = NIC_MAC)
    @ParameterizedTest
    @MethodSource("io.clonevip.cluster.ProductionGolden#ipv6Modes")
    void ipv6RulesAndElementsAreWhatTheKernelHolds(HashMode mode) {
        ClusterRuleset rs = ProductionGolden.ruleset(mode, true);
        String golden = ProductionGolden.body(ProductionGolden.netlinkFile(mode, true));
        assertEquals(String.join("\n\n", ProductionGolden.blocks(golden).stream().map(ProductionGolden::addTimeForm).toList()),
                String.join("\n\n", ProductionGolden.blocksOf(rs, ProductionGolden.local())));
    }

    // nft --debug=mnl -f <the IPv6 ruleset's text>: nft's text says all of it, the NA rewrite too
    @ParameterizedTest
    @MethodSource("io.clonevip.cluster.ProductionGolden#ipv6Modes")
    void ipv6RequestIsWhatNftSendsForTheSameRuleset(HashMode mode) throws Exception {
        ClusterRuleset rs = ProductionGolden.ruleset(mode, true);
        byte[] ours = RulesetBatches.add(new Batch(), rs, ProductionGolden.local()).build(0).bytes();
        assertEquals(String.join("\n\n", ProductionGolden.messages(ProductionGolden.body(ProductionGolden.mnlFile(mode, true)))),
                String.join("\n\n", ProductionGolden.messages(MnlDebug.format(ours, NFGENMSG_SIZE))));
    }

    // nft --debug=mnl -f <the ruleset's text>
    @ParameterizedTest
    @MethodSource("io.clonevip.cluster.ProductionGolden#nftWritable")
    void requestIsWhatNftSendsForTheSameRuleset(HashMode mode) throws Exception {
        ClusterRuleset rs = ClusterRuleset.of(ProductionGolden.spec(mode));
        byte[] ours = RulesetBatches.add(new Batch(), rs, ProductionGolden.local()).build(0).bytes();
        assertEquals(String.join("\n\n", ProductionGolden.messages(ProductionGolden.body(ProductionGolden.mnlFile(mode)))),
                String.join("\n\n", ProductionGolden.messages(MnlDebug.format(ours, NFGENMSG_SIZE))));
    }
}
