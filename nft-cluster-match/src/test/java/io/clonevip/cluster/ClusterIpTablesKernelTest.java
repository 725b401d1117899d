package io.clonevip.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.nativ.NetNs;
import io.clonevip.nft.NftConn;
import io.clonevip.testkit.net.TestNetns;
import java.net.InetAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cluster IP's nf_tables part against the real kernel, in a namespace the test creates. */
class ClusterIpTablesKernelTest {
    static final String FOREIGN = """
            table inet foreignfw {
              chain pre {
                type filter hook prerouting priority -200; policy accept;
                counter
              }
              chain in {
                type filter hook input priority 0; policy drop;
                ct state established,related accept
                iif lo accept
              }
            }
            """;

    TestNetns ns;
    ClusterIpSpec spec;

    @BeforeEach
    void setUp() {
        ns = TestNetns.create("cip");
        spec = ClusterIpSpec.builder().vip("198.51.100.100").nic("eth0").buckets(12).seed(0xc1057e12L).build();
    }

    @AfterEach
    void tearDown() { ns.close(); }

    private <T> T inNs(NetNs.ThrowingRunnable r) throws Exception {
        NetNs.run(ns.name(), r);
        return null;
    }

    private static ClusterIpTables tables(NftConn c) { return new ClusterIpTables(c); }

    private String foreignListing() {
        return ns.execOk("nft", "list", "table", "inet", "foreignfw").replaceAll("packets \\d+ bytes \\d+", "");
    }

    @Test
    void appliesListsReadsBackAndRemoves() throws Exception {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("foreign", ".nft");
        java.nio.file.Files.writeString(f, FOREIGN);
        ns.execOk("nft", "-f", f.toString());
        java.nio.file.Files.delete(f);
        String foreignBefore = foreignListing();

        inNs(() -> { try (NftConn c = NftConn.open()) { tables(c).apply(spec, BucketSet.parse("1-4", 12)); } });
        String listing = ns.execOk("nft", "list", "ruleset");
        assertTrue(listing.contains("table inet clonevip_198_51_100_100"), listing);
        assertTrue(listing.contains("ct mark set jhash ip saddr . th sport mod 12 seed 0xc1057e12 offset 1"), listing);
        assertTrue(listing.contains("ip daddr 198.51.100.100 ct mark @cv_local meta pkttype set host counter packets 0 bytes 0 accept"), listing);
        assertTrue(listing.contains("arp saddr ether set 01:00:5e:33:64:64"), listing);
        assertTrue(listing.contains("comment \"clonevip v4 198.51.100.100 eth0 12 sourceip-sourceport 0xc1057e12"), listing);

        inNs(() -> {
            try (NftConn c = NftConn.open()) {
                ClusterIpTables t = tables(c);
                ClusterState st = t.state(InetAddress.getByName("198.51.100.100"));
                assertEquals(spec, st.spec());
                assertTrue(st.whole(), st.problems().toString());
                assertArrayEquals(new int[] {1, 2, 3, 4}, st.local().toArray());
                assertEquals(12, st.newConnections().length);
                // idempotent apply: same spec, same buckets -> nothing to do
                t.apply(spec, BucketSet.parse("1-4", 12));
                assertEquals("5,9", t.addBuckets(spec.vip(), 5, 9).after().without(1).without(2).without(3).without(4).format());
                assertEquals("2-5,9", t.removeBuckets(spec.vip(), 1, 7).after().format());
                assertEquals("2-5,9", t.state(spec.vip()).local().format());
                assertEquals("12", t.setBuckets(spec.vip(), BucketSet.of(12, 12)).after().format());
                assertEquals(1, t.list().size());
                t.remove(spec.vip());
                t.remove(spec.vip()); // absent is success
                assertNull(t.state(spec.vip()));
                assertThrows(NoSuchClusterIpException.class, () -> t.addBuckets(spec.vip(), 1));
            }
        });
        assertEquals(foreignBefore, foreignListing(), "a foreign table must never be touched");
        assertTrue(!ns.execOk("nft", "list", "ruleset").contains("clonevip"), "nothing of ours remains");
    }

    @Test
    void changedSpecReplacesTheWholeConfigurationAtomically() throws Exception {
        inNs(() -> {
            try (NftConn c = NftConn.open()) {
                ClusterIpTables t = tables(c);
                t.apply(spec, BucketSet.parse("1-4", 12));
                ClusterIpSpec three = ClusterIpSpec.builder().vip("198.51.100.100").nic("eth0").buckets(3)
                        .hashMode("sourceip").build();
                t.apply(three, BucketSet.of(3, 2));
                ClusterState st = t.state(three.vip());
                assertEquals(three, st.spec());
                assertTrue(st.whole(), st.problems().toString());
                assertEquals("2", st.local().format());
            }
        });
        String listing = ns.execOk("nft", "list", "ruleset");
        assertTrue(listing.contains("jhash ip saddr mod 3 seed"), listing);
    }

    @Test
    void damagedRulesetIsReportedAndRepairedByApply() throws Exception {
        inNs(() -> { try (NftConn c = NftConn.open()) { tables(c).apply(spec, BucketSet.of(12, 1)); } });
        ns.execOk("nft", "delete", "table", "arp", "clonevip_198_51_100_100");
        inNs(() -> {
            try (NftConn c = NftConn.open()) {
                ClusterIpTables t = tables(c);
                ClusterState st = t.state(spec.vip());
                assertTrue(st.problems().stream().anyMatch(p -> p.contains("arp table missing")), st.problems().toString());
                t.apply(spec, BucketSet.of(12, 1));
                assertTrue(t.state(spec.vip()).whole());
            }
        });
    }

    /**
     * The largest bucket count the spec accepts works end to end: 4096 elements of cv_all do not
     * fit one netlink attribute (64 KiB), so they go in several NEWSETELEM messages of the same
     * transaction; the dump, in several messages too, reads back whole; every bucket local, then
     * none, then all again.
     */
    @Test
    void theLargestBucketCountIsAppliedReadBackAndChanged() throws Exception {
        ClusterIpSpec max = ClusterIpSpec.builder().vip("198.51.100.100").nic("eth0").buckets(ClusterIpSpec.MAX_BUCKETS)
                .seed(0xc1057e12L).build();
        BucketSet all = BucketSet.all(ClusterIpSpec.MAX_BUCKETS);
        inNs(() -> {
            try (NftConn c = NftConn.open()) {
                ClusterIpTables t = tables(c);
                t.apply(max, all);
                ClusterState st = t.state(max.vip());
                assertEquals(max, st.spec());
                assertEquals(all, st.local(), "local " + st.local().size());
                assertTrue(st.whole(), st.problems().toString());
                assertEquals(all, st.local());
                assertEquals(ClusterIpSpec.MAX_BUCKETS, st.newConnections().length);
                assertEquals(BucketSet.empty(ClusterIpSpec.MAX_BUCKETS), t.setBuckets(max.vip(), BucketSet.empty(ClusterIpSpec.MAX_BUCKETS)).after());
                assertEquals(all, t.setBuckets(max.vip(), all).after());
                assertEquals(all, t.state(max.vip()).local());
            }
        });
        String set = ns.execOk("nft", "list", "set", "inet", "clonevip_198_51_100_100", ClusterRuleset.SET_ALL);
        assertTrue(set.contains("0x00001000"), "bucket 4096 listed by nft");
    }

    @Test
    void badBucketsChangeNothing() throws Exception {
        inNs(() -> {
            try (NftConn c = NftConn.open()) {
                ClusterIpTables t = tables(c);
                t.apply(spec, BucketSet.of(12, 1));
                assertThrows(ClusterSpecException.class, () -> t.addBuckets(spec.vip(), 13));
                assertThrows(ClusterSpecException.class, () -> t.addBuckets(spec.vip(), 0));
                assertThrows(ClusterSpecException.class, () -> t.apply(spec, BucketSet.of(3, 1)));
                assertEquals("1", t.state(spec.vip()).local().format());
            }
        });
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "buckets, 0", "buckets, 4097", "buckets, -3", "buckets, twelve",
        "mac, 00:11:22:33:44:55", "mac, 01:00:5e:00:02", "mac, ff:ff:ff:ff:ff:ff", "mac, 01:00:5e:zz:02:64",
        "seed, -1", "seed, 0x100000000", "seed, banana",
        "hash, sourceip_sourceport", "nic, eth0/1", "nic, ''", "vip, 198.51.100.300"})
    void badSpecValuesAreRefusedAndChangeNothing(String parameter, String value) throws Exception {
        inNs(() -> { try (NftConn c = NftConn.open()) { tables(c).apply(spec, BucketSet.parse("1-4", 12)); } });
        String before = ns.execOk("nft", "list", "ruleset");
        ClusterSpecException e = assertThrows(ClusterSpecException.class, () -> {
            ClusterIpSpecBuilder b = ClusterIpSpec.builder().vip("198.51.100.100").nic("eth0").buckets(12);
            switch (parameter) {
                case "buckets" -> b.buckets(value);
                case "mac" -> b.clusterMac(value);
                case "seed" -> b.seed(value);
                case "hash" -> b.hashMode(value);
                case "nic" -> b.nic(value);
                case "vip" -> b.vip(value);
                default -> throw new IllegalArgumentException(parameter);
            }
            ClusterIpSpec bad = b.build();
            NetNs.run(ns.name(), () -> { try (NftConn c = NftConn.open()) { tables(c).apply(bad, BucketSet.parse("1", bad.buckets())); } });
        });
        assertTrue(e.getMessage().contains(value.isEmpty() ? "''" : value) || e.getMessage().contains("(none)"), e.getMessage());
        assertEquals(before, ns.execOk("nft", "list", "ruleset"), "kernel state unchanged after " + parameter + "=" + value);
    }
}
