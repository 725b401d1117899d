package io.clonevip.cluster;

import io.clonevip.nativ.NetNs;
import io.clonevip.nft.NftConn;
import io.clonevip.testkit.Cmd;
import io.clonevip.testkit.net.TestNetns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Captures what the golden files of {@link ProductionGolden} hold, each in a network namespace
 * of its own that it deletes: the kernel's tables after clonevip applied the ruleset, listed by
 * nft, and what nft itself sends for the same ruleset text.
 */
final class ProductionCapture {
    private ProductionCapture() {}

    /** {@code nft --version} of this machine, e.g. {@code nftables v1.0.6 (Lester Gooch #5)}. */
    static String nftVersion() { return Cmd.ok("nft", "--version").strip(); }

    static String netlinkCommand(HashMode mode) {
        String t = ClusterRuleset.tableName(ProductionGolden.spec(mode).vip());
        return "nft --debug=netlink list table inet " + t + "; nft --debug=netlink list table arp " + t;
    }

    /**
     * {@link ClusterIpTables#apply} of the spec for {@code mode} in a fresh namespace, then
     * {@code nft --debug=netlink list table} of its inet and arp table: the bytecode the kernel
     * holds as nft decodes it, and nft's text of it; elements sorted ({@link ProductionGolden#sortElements}).
     */
    static String kernelListing(HashMode mode) throws Exception {
        ClusterIpSpec spec = ProductionGolden.spec(mode);
        String table = ClusterRuleset.tableName(spec.vip());
        try (TestNetns ns = TestNetns.create("gold")) {
            NetNs.run(ns.name(), () -> {
                try (NftConn c = NftConn.open()) {
                    new ClusterIpTables(c).apply(spec, ProductionGolden.local());
                }
            });
            return ProductionGolden.sortElements(ns.execOk("nft", "--debug=netlink", "list", "table", "inet", table)
                    + ns.execOk("nft", "--debug=netlink", "list", "table", "arp", table));
        }
    }

    /** {@code nft --debug=mnl -f} of {@code ruleset} in a fresh namespace: nft's batch, from BATCH_BEGIN on, without colours. */
    static String nftRequest(String ruleset) throws IOException {
        Path f = Files.createTempFile("golden", ".nft");
        try (TestNetns ns = TestNetns.create("gold")) {
            Files.writeString(f, ruleset);
            return ProductionGolden.batchPart(ns.execOk("nft", "--debug=mnl", "-f", f.toString()));
        } finally {
            Files.delete(f);
        }
    }

    /** The header lines of a recorded file. */
    static List<String> header(String command, String normalised) {
        return List.of(
                "GENERATED, do not edit: recorded by io.clonevip.cluster.ProductionGoldenKernelTest#record"
                        + " (nft-reference/README.md) with " + nftVersion() + " on Linux " + Cmd.ok("uname", "-r").strip(),
                "command: " + command,
                "normalised: " + normalised);
    }
}
