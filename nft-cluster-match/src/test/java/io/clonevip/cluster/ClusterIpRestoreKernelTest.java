package io.clonevip.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.nativ.NetNs;
import io.clonevip.nft.Batch;
import io.clonevip.nft.NftConn;
import io.clonevip.testkit.net.TestNetns;
import io.clonevip.testkit.net.VethLab;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What clonevip creates survives the operator's save and restore ({@code nft list ruleset > f;
 * nft flush ruleset; nft -f f}, what a boot-time {@code nftables.service} does with a saved
 * ruleset) with nft 1.0.6 against the real kernel, in a namespace the test creates; and tables
 * written by the previous build ({@link RulesetLayout#V1}) are read and upgraded by the next write.
 */
class ClusterIpRestoreKernelTest {
    static final String VIP = "198.51.100.100";
    static final String TABLE = "clonevip_198_51_100_100";

    TestNetns ns;

    @BeforeEach
    void setUp() throws Exception {
        ns = TestNetns.create("restore");
        Path f = Files.createTempFile("foreign", ".nft");
        try {
            Files.writeString(f, ClusterIpTablesKernelTest.FOREIGN);
            ns.execOk("nft", "-f", f.toString());
        } finally {
            Files.delete(f);
        }
    }

    @AfterEach
    void tearDown() { ns.close(); }

    /** The longest NIC name, seed and MAC, so the comment is as long as it gets for the mode and the bucket count's digits. */
    private static ClusterIpSpec spec(HashMode mode, int buckets) {
        return ClusterIpSpec.builder().vip(VIP).nic("eth0-very-long1").buckets(buckets).hashMode(mode.keyword())
                .seed(0xfedcba98L).clusterMac("01:00:5e:7f:ff:fe").build();
    }

    private ClusterState state() throws Exception {
        AtomicReference<ClusterState> st = new AtomicReference<>();
        NetNs.run(ns.name(), () -> { try (NftConn c = NftConn.open()) { st.set(new ClusterIpTables(c).state(spec(HashMode.DEFAULT, 1).vip())); } });
        return st.get();
    }

    private void tables(NetNs.ThrowingRunnable r) throws Exception { NetNs.run(ns.name(), r); }

    /** {@code nft list ruleset > f; nft flush ruleset; nft -f f}; fails the test if nft refuses the file. */
    private String saveFlushRestore() throws Exception {
        String saved = ns.execOk("nft", "list", "ruleset");
        Path f = Files.createTempFile("saved", ".nft");
        try {
            Files.writeString(f, saved, StandardCharsets.UTF_8);
            ns.execOk("nft", "flush", "ruleset");
            var restore = ns.exec("nft", "-f", f.toString());
            assertEquals(0, restore.exit(), "nft -f of the saved ruleset: " + restore.err() + "\n" + saved);
        } finally {
            Files.delete(f);
        }
        return saved;
    }

    private void everyObjectListsByName(RulesetLayout l) {
        ns.execOk("nft", "list", "table", "inet", TABLE);
        ns.execOk("nft", "list", "table", "arp", TABLE);
        ns.execOk("nft", "list", "chain", "inet", TABLE, l.pre());
        ns.execOk("nft", "list", "chain", "arp", TABLE, l.out());
        ns.execOk("nft", "list", "set", "inet", TABLE, l.local());
        ns.execOk("nft", "list", "set", "inet", TABLE, l.all());
        if (l.drains()) {
            ns.execOk("nft", "list", "chain", "inet", TABLE, l.raw());
            for (String set : List.of(l.drain(), l.guard(), l.pass())) ns.execOk("nft", "list", "set", "inet", TABLE, set);
        }
    }

    @ParameterizedTest
    @EnumSource(HashMode.class)
    void savedRulesetRestoresWithNftAndReadsBackTheSame(HashMode mode) throws Exception {
        ClusterIpSpec spec = spec(mode, mode == HashMode.CLUSTERIP_COMPATIBLE_SOURCE_IP_SOURCE_PORT_DEST_PORT ? 1000 : 12);
        BucketSet local = BucketSet.parse("1,3-5,9,12", spec.buckets());
        tables(() -> { try (NftConn c = NftConn.open()) { new ClusterIpTables(c).apply(spec, local); } });
        everyObjectListsByName(RulesetLayout.CURRENT);
        String foreign = ns.execOk("nft", "list", "table", "inet", "foreignfw");

        String saved = saveFlushRestore();
        assertFalse(saved.contains("[invalid type]"), saved);
        if (mode.clusteripCompatible() && mode != HashMode.CLUSTERIP_COMPATIBLE_SOURCE_IP) {
            assertTrue(saved.contains(". meta mark & 0x00000000 mod "), "zero port words nft reads back: " + saved);
        }

        assertEquals(foreign, ns.execOk("nft", "list", "table", "inet", "foreignfw"), "the host's own table is back");
        assertEquals(saved, ns.execOk("nft", "list", "ruleset"), "the restored ruleset lists as the saved one");
        everyObjectListsByName(RulesetLayout.CURRENT);
        ClusterState st = state();
        assertEquals(spec, st.spec());
        assertEquals(local, st.local());
        assertEquals(RulesetLayout.CURRENT, st.layout());
        if (mode.listsFaithfully()) {
            assertTrue(st.current(), st.problems().toString());
        } else {
            // nft cannot write the byteorder step (docs/developer/clusterip.md): the restored hash rules differ, and the reader says so
            assertFalse(st.whole(), mode + " restored from nft text must not read as whole");
            assertTrue(st.problems().stream().allMatch(p -> p.matches("rule \\d of chain cv_(pre|raw) differs from the spec")), st.problems().toString());
            tables(() -> { try (NftConn c = NftConn.open()) { new ClusterIpTables(c).apply(spec, local); } });
            assertTrue(state().current(), "apply repairs the restored table");
        }
    }

    @Test
    void theLongestSpecCommentFitsNft() {
        String c = SpecComment.format(spec(HashMode.CLUSTERIP_COMPATIBLE_SOURCE_IP_SOURCE_PORT_DEST_PORT, 4096));
        assertEquals("clonevip v4 198.51.100.100 eth0-very-long1 4096 clusterip-compatible-sourceip-sourceport-destport"
                + " 0xfedcba98 01:00:5e:7f:ff:fe", c);
        assertTrue(c.length() + 1 <= SpecComment.MAX_LENGTH, c.length() + " characters; a 15-character address adds one");
        assertEquals(spec(HashMode.CLUSTERIP_COMPATIBLE_SOURCE_IP_SOURCE_PORT_DEST_PORT, 4096), SpecComment.parse(c));
        String v1 = SpecComment.format(spec(HashMode.CLUSTERIP_COMPATIBLE_SOURCE_IP_SOURCE_PORT_DEST_PORT, 4096), RulesetLayout.V1);
        assertEquals(156, v1.length(), "the previous form (157 with a 15-character VIP), which nft refused to read back: " + v1);
        assertEquals(spec(HashMode.CLUSTERIP_COMPATIBLE_SOURCE_IP_SOURCE_PORT_DEST_PORT, 4096), SpecComment.parse(v1));
    }

    /** Writes the tables as the previous build did, with buckets 2, 5 and 7 local. */
    private ClusterIpSpec writeV1() throws Exception {
        ClusterIpSpec spec = spec(HashMode.CLUSTERIP_COMPATIBLE, 8);
        tables(() -> {
            try (NftConn c = NftConn.open()) {
                Batch b = RulesetBatches.add(new Batch(), ClusterRuleset.of(spec, RulesetLayout.V1), BucketSet.of(8, 2, 5, 7));
                c.apply(b, c.getGenId());
            }
        });
        return spec;
    }

    @Test
    void previousLayoutIsReadWholeAndItsNamesDoNotRestore() throws Exception {
        ClusterIpSpec spec = writeV1();
        String listing = ns.execOk("nft", "list", "ruleset");
        assertTrue(listing.contains("set all {") && listing.contains("chain out {"), listing);
        assertTrue(listing.contains("comment \"clonevip v1 vip=" + VIP), listing);
        ClusterState st = state();
        assertEquals(spec, st.spec());
        assertEquals(RulesetLayout.V1, st.layout());
        assertTrue(st.whole(), st.problems().toString());
        assertFalse(st.current());
        assertEquals("2,5,7", st.local().format());
        // what issue #13 found: the old names are refused by nft 1.0.6, and so is the whole file
        assertTrue(ns.exec("nft", "list", "set", "inet", TABLE, "all").exit() != 0);
        Path f = Files.createTempFile("saved", ".nft");
        try {
            Files.writeString(f, listing);
            ns.execOk("nft", "flush", "ruleset");
            assertTrue(ns.exec("nft", "-f", f.toString()).exit() != 0, "nft -f of a previous-layout ruleset");
        } finally {
            Files.delete(f);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"join", "leave", "addBuckets", "removeBuckets", "apply"})
    void theNextWriteUpgradesThePreviousLayoutInOneTransaction(String write) throws Exception {
        ClusterIpSpec spec = writeV1();
        AtomicReference<Integer> gens = new AtomicReference<>();
        tables(() -> {
            try (NftConn c = NftConn.open()) {
                ClusterIpTables t = new ClusterIpTables(c);
                int before = c.getGenId();
                switch (write) {
                    case "join" -> t.join(spec, 3);
                    case "leave" -> t.leave(spec.vip(), 5);
                    case "addBuckets" -> t.addBuckets(spec.vip(), 3);
                    case "removeBuckets" -> t.removeBuckets(spec.vip(), 5);
                    case "apply" -> t.apply(spec, BucketSet.of(8, 2, 5, 7));
                    default -> throw new IllegalArgumentException(write);
                }
                gens.set(c.getGenId() - before);
            }
        });
        assertEquals(1, gens.get(), "one transaction: no moment without the VIP's tables");
        ClusterState st = state();
        assertTrue(st.current(), st.layout() + " " + st.problems());
        assertEquals(write.equals("join") || write.equals("addBuckets") ? "2-3,5,7"
                : write.equals("apply") ? "2,5,7" : "2,7", st.local().format());
        String listing = ns.execOk("nft", "list", "ruleset");
        assertFalse(listing.contains("set all {") || listing.contains("chain out {") || listing.contains("clonevip v1"), listing);
        everyObjectListsByName(RulesetLayout.CURRENT);
        saveFlushRestore();
    }

    @Test
    void stopOfTheLastBucketRemovesThePreviousLayout() throws Exception {
        ClusterIpSpec spec = writeV1();
        tables(() -> {
            try (NftConn c = NftConn.open()) {
                ClusterIpTables t = new ClusterIpTables(c);
                assertFalse(t.leave(spec.vip(), 2).removed());
                assertFalse(t.leave(spec.vip(), 5).removed());
                assertTrue(t.leave(spec.vip(), 7).removed(), "the last bucket removes the configuration");
            }
        });
        assertFalse(ns.execOk("nft", "list", "ruleset").contains("clonevip"));
    }

    /**
     * A TCP connection established through previous-layout tables keeps being answered after the
     * upgrade: its bucket is its conntrack mark (an established packet with mark 0 would hit the
     * drop rule), and the new {@code cv_local} counters count its packets. From V1 (other names)
     * and from V3 (the same objects, V4's serve rule first).
     */
    @ParameterizedTest
    @EnumSource(value = RulesetLayout.class, names = {"V1", "V3"})
    void anEstablishedConnectionSurvivesTheUpgrade(RulesetLayout old) throws Exception {
        try (VethLab lab = VethLab.create("upg")) {
            ClusterIpSpec spec = ClusterIpSpec.builder().vip(VIP).nic(VethLab.NODE_IF).buckets(2).build();
            lab.node.ip("addr", "add", VIP + "/24", "dev", VethLab.NODE_IF);
            lab.node.ip("maddr", "add", spec.clusterMac().toString(), "dev", VethLab.NODE_IF);
            lab.peer.ip("addr", "add", "198.51.100.10/24", "dev", VethLab.PEER_IF);
            NetNs.run(lab.node.name(), () -> {
                try (NftConn c = NftConn.open()) {
                    c.apply(RulesetBatches.add(new Batch(), ClusterRuleset.of(spec, old), BucketSet.of(2, 1, 2)), c.getGenId());
                }
            });
            try (ServerSocket server = NetNs.call(lab.node.name(), () -> new ServerSocket(7, 1, InetAddress.getByName(VIP)));
                 Socket client = NetNs.call(lab.peer.name(), () -> {
                     Socket sk = new Socket();
                     sk.connect(new InetSocketAddress(VIP, 7), 5000);
                     return sk;
                 });
                 Socket served = server.accept()) {
                client.setSoTimeout(5000);
                served.setSoTimeout(5000);
                echo(client, served, 'a');
                assertEquals(old, NetNs.call(lab.node.name(), () -> { try (NftConn c = NftConn.open()) { return new ClusterIpTables(c).state(spec.vip()); } }).layout());
                NetNs.run(lab.node.name(), () -> { try (NftConn c = NftConn.open()) { new ClusterIpTables(c).join(spec, 1); } });
                ClusterState upgraded = NetNs.call(lab.node.name(), () -> { try (NftConn c = NftConn.open()) { return new ClusterIpTables(c).state(spec.vip()); } });
                assertTrue(upgraded.current(), upgraded.layout() + " " + upgraded.problems());
                for (char ch = 'b'; ch <= 'e'; ch++) echo(client, served, ch);
                ClusterState after = NetNs.call(lab.node.name(), () -> { try (NftConn c = NftConn.open()) { return new ClusterIpTables(c).state(spec.vip()); } });
                long packets = after.localCounters().stream().mapToLong(ClusterState.BucketCounter::packets).sum();
                assertTrue(packets >= 4, "the old connection's packets matched cv_local by their mark: " + after.localCounters());
                String drop = lab.node.execOk("nft", "list", "chain", "inet", TABLE, RulesetLayout.CURRENT.pre());
                assertTrue(drop.contains("counter packets 0 bytes 0 drop"), drop);
            }
        }
    }

    /** One byte from the client, echoed by the server, read back by the client. */
    private static void echo(Socket client, Socket served, char ch) throws IOException {
        client.getOutputStream().write(ch);
        client.getOutputStream().flush();
        int got = served.getInputStream().read();
        assertEquals(ch, got);
        served.getOutputStream().write(got);
        served.getOutputStream().flush();
        assertEquals(ch, client.getInputStream().read());
    }
}
