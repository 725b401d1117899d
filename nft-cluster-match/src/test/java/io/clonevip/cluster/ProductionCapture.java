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

    static String netlinkCommand(HashMode mode, boolean ipv6) {
        String t = ClusterRuleset.tableName(ProductionGolden.spec(mode, ipv6).vip());
        return "nft --debug=netlink list table inet " + t + (ipv6 ? "" : "; nft --debug=netlink list table arp " + t);
    }

    static String kernelListing(HashMode mode) throws Exception { return kernelListing(mode, false); }

    /**
     * {@link ClusterIpTables#apply} of the spec for {@code mode} in a fresh namespace, then
     * {@code nft --debug=netlink list table} of its inet and arp table (IPv6: the inet table alone): the bytecode the kernel
     * holds as nft decodes it, and nft's text of it; elements sorted ({@link ProductionGolden#sortElements}).
     */
    static String kernelListing(HashMode mode, boolean ipv6) throws Exception {
        ClusterIpSpec spec = ProductionGolden.spec(mode, ipv6);
        String table = ClusterRuleset.tableName(spec.vip());
        try (TestNetns ns = TestNetns.create("gold")) {
            // the IPv6 VIP's NA rule is built for its NIC's MAC: eth0 (one end of a veth pair) with a fixed one
            if (ipv6) ns.ip("link", "add", "eth0", "address", ProductionGolden.NIC_MAC.toString(), "type", "veth", "peer", "name", "eth0p");
            NetNs.run(ns.name(), () -> {
                try (NftConn c = NftConn.open()) {
                    new ClusterIpTables(c).apply(spec, ProductionGolden.local());
                }
            });
            return ProductionGolden.sortElements(ns.execOk("nft", "--debug=netlink", "list", "table", "inet", table)
                    + (ipv6 ? "" : ns.execOk("nft", "--debug=netlink", "list", "table", "arp", table)));
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
