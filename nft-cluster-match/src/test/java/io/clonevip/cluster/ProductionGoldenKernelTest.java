package io.clonevip.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The golden files of {@link ProductionGolden} are what the kernel and nft give today: the
 * production ruleset applied in a fresh namespace lists exactly as recorded, and nft still sends
 * the recorded bytes for its text. {@link #record} writes them again.
 */
class ProductionGoldenKernelTest {

    // ClusterIpTables.apply(spec(mode), 1-4); nft --debug=netlink list table inet|arp clonevip_198_51_100_100
    @ParameterizedTest
    @EnumSource(HashMode.class)
    void kernelHoldsTheGoldenRuleset(HashMode mode) throws Exception {
        String file = ProductionGolden.netlinkFile(mode);
        assertEquals(ProductionGolden.body(file), ProductionCapture.kernelListing(mode),
                file + " (recorded as " + ProductionGolden.header(file) + "; this machine: " + ProductionCapture.nftVersion() + ")");
    }

    // nft --debug=mnl -f <the listing of <mode>.netlink.txt, element counters removed>
    @ParameterizedTest
    @MethodSource("io.clonevip.cluster.ProductionGolden#nftWritable")
    void nftSendsTheGoldenRequest(HashMode mode) throws Exception {
        String file = ProductionGolden.mnlFile(mode);
        String input = ProductionGolden.nftInput(ProductionGolden.body(ProductionGolden.netlinkFile(mode)));
        assertEquals(ProductionGolden.body(file), ProductionCapture.nftRequest(input),
                file + " (recorded as " + ProductionGolden.header(file) + "; this machine: " + ProductionCapture.nftVersion() + ")");
    }

    // ClusterIpTables.apply(spec6(mode), 1-4) with eth0 = NIC_MAC; nft --debug=netlink list table inet clonevip_2001_db8_1__100
    @ParameterizedTest
    @MethodSource("io.clonevip.cluster.ProductionGolden#ipv6Modes")
    void kernelHoldsTheGoldenIpv6Ruleset(HashMode mode) throws Exception {
        String file = ProductionGolden.netlinkFile(mode, true);
        assertEquals(ProductionGolden.body(file), ProductionCapture.kernelListing(mode, true),
                file + " (recorded as " + ProductionGolden.header(file) + "; this machine: " + ProductionCapture.nftVersion() + ")");
    }

    // nft --debug=mnl -f <the listing of ipv6-<mode>.netlink.txt, element counters removed>
    @ParameterizedTest
    @MethodSource("io.clonevip.cluster.ProductionGolden#ipv6Modes")
    void nftSendsTheGoldenIpv6Request(HashMode mode) throws Exception {
        String file = ProductionGolden.mnlFile(mode, true);
        String input = ProductionGolden.nftInput(ProductionGolden.body(ProductionGolden.netlinkFile(mode, true)));
        assertEquals(ProductionGolden.body(file), ProductionCapture.nftRequest(input),
                file + " (recorded as " + ProductionGolden.header(file) + "; this machine: " + ProductionCapture.nftVersion() + ")");
    }

    /**
     * Records the golden files again (root; namespaces of its own): {@code mvn -B -ntp -pl
     * nft-cluster-match -am test -Dtest=ProductionGoldenKernelTest#record -Dgolden.record=true
     * -Dsurefire.excludedGroups= -Dsurefire.failIfNoSpecifiedTests=false}, from the repository root.
     */
    @Test
    @Tag("seeds") // a recorder, not a test: excluded from the suite (pom: surefire.excludedGroups)
    @EnabledIfSystemProperty(named = "golden.record", matches = "true")
    void record() throws Exception {
        Path dir = Path.of("src/test/resources").resolve(ProductionGolden.DIR);
        Files.createDirectories(dir);
        for (boolean ipv6 : new boolean[] {false, true}) {
            for (HashMode mode : HashMode.values()) {
                if (ipv6 && mode.clusteripCompatible()) continue; // refused for IPv6
                ClusterIpSpec spec = ProductionGolden.spec(mode, ipv6);
                String listing = ProductionCapture.kernelListing(mode, ipv6);
                Files.writeString(dir.resolve(ProductionGolden.netlinkFile(mode, ipv6)), ProductionGolden.asHeader(ProductionCapture.header(
                        ProductionCapture.netlinkCommand(mode, ipv6) + ", in a fresh network namespace after ClusterIpTables.apply of "
                                + SpecComment.format(spec) + " with local buckets " + ProductionGolden.local().format()
                                + (ipv6 ? ", eth0 one end of a veth pair with MAC " + ProductionGolden.NIC_MAC : ""),
                        "each set's element lines sorted (the kernel lists them in its hash table's random order)")) + listing);
                if (!mode.listsFaithfully()) continue; // nft's text cannot express the byteorder step: no nft request to compare
                Files.writeString(dir.resolve(ProductionGolden.mnlFile(mode, ipv6)), ProductionGolden.asHeader(ProductionCapture.header(
                        "nft --debug=mnl -f FILE in a fresh network namespace, FILE = the table texts of "
                                + ProductionGolden.netlinkFile(mode, ipv6) + " without the set elements' counters",
                        "ANSI colours removed; the cache requests nft sends before BATCH_BEGIN left out"))
                        + ProductionCapture.nftRequest(ProductionGolden.nftInput(listing)));
            }
        }
    }
}
