package io.clonevip.nft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.NetNs;
import io.clonevip.nativ.bind.netlink_h;
import io.clonevip.netlink.NetlinkSocket;
import io.clonevip.nft.expr.Expr;
import io.clonevip.nft.expr.Lookup;
import io.clonevip.nft.expr.Verdict;
import io.clonevip.testkit.Cmd;
import io.clonevip.testkit.net.TestNetns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** NftConn against the real kernel, each test in a network namespace it creates and deletes. */
class NftKernelTest {
    /** Documentation range inside our namespaces (the lab used 192.0.2.100). */
    static final String VIP = "198.51.100.100";
    static final ClusterRuleset RULES = new ClusterRuleset(Bytes.of(198, 51, 100, 100), 12, List.of(1, 2, 3, 4));

    interface Work<T> {
        T run(NftConn c) throws Exception;
    }

    static <T> T nft(TestNetns ns, Work<T> work) throws Exception {
        return NetNs.call(ns.name(), () -> {
            try (NftConn c = NftConn.open()) {
                return work.run(c);
            }
        });
    }

    /** Applies {@code b} as production code does: one transaction checked against the generation it was planned at. */
    static void commit(NftConn c, Batch b) throws KernelException {
        c.transact(() -> new Plan<>(b, null));
    }

    static void applyCluster(NftConn c) throws KernelException {
        c.apply(RULES.arpBatch(), 0);
        c.apply(RULES.inetBatch(), 0);
    }

    /** nft -f with the ruleset text (VIP of our range), from a temp file deleted afterwards. */
    static void nftFile(TestNetns ns, String text) throws Exception {
        Path f = Files.createTempFile("cvt-nft-", ".nft");
        try {
            Files.writeString(f, text);
            ns.execOk("nft", "-f", f.toString());
        } finally {
            Files.deleteIfExists(f);
        }
    }

    /** The rules we wrote as the kernel lists them: anonymous sets named __set0, __set1, no set ids. */
    static List<Rule> expectedRules() {
        List<Rule> l = new ArrayList<>();
        l.add(RULES.hashRule(true, "__set0", 0));
        l.add(RULES.hashRule(false, "__set1", 0));
        Rule a = RULES.acceptRule(0);
        l.add(a);
        l.add(RULES.dropRule());
        return l;
    }

    static List<Expr> exprsOf(Rule r) { return r.exprs(); }

    @Test
    void whatWeWriteReadsBackAndNftListsIt() throws Exception {
        try (TestNetns ns = TestNetns.create("nftrt")) {
            TableContents t = nft(ns, c -> { applyCluster(c); return c.readTable(Family.INET, "cluster"); });
            assertNotNull(t);
            assertEquals(RULES.table(), t.table().withoutHandle());
            assertEquals(List.of(RULES.pre()), t.chains().stream().map(Chain::withoutHandle).toList());
            NftSet local = t.set("local");
            assertEquals(0, local.flags());
            assertEquals(NftSet.TYPE_MARK, local.keyType());
            assertEquals(4, local.keyLen());
            assertEquals(RULES.localSet().userdata(), local.userdata());
            assertEquals(Set.copyOf(RULES.localElements()), Set.copyOf(t.elements().get("local")), "hash sets have no order");
            for (String anon : List.of("__set0", "__set1")) {
                NftSet s = t.set(anon);
                assertEquals(NftSet.ANONYMOUS | NftSet.CONSTANT, s.flags() & (NftSet.ANONYMOUS | NftSet.CONSTANT), anon);
                assertEquals(NftSet.TYPE_INET_PROTOCOL, s.keyType());
                assertEquals(Set.copyOf(ClusterRuleset.tcpUdp()), Set.copyOf(t.elements().get(anon)));
            }
            assertEquals(expectedRules().stream().map(NftKernelTest::exprsOf).toList(), t.rules("pre").stream().map(NftKernelTest::exprsOf).toList());
            assertTrue(t.rules().stream().allMatch(r -> r.handle() > 0), "handles assigned");

            String expected = Golden.read("ruleset_n1.txt")
                    .replace("0x00000002, 0x00000003, 0x00000004", "0x00000001, 0x00000002, 0x00000003, 0x00000004")
                    .replaceAll("counter packets \\d+ bytes \\d+", "counter packets 0 bytes 0").replace("192.0.2.100", VIP);
            Cmd list = ns.exec("nft", "list", "ruleset");
            assertEquals(0, list.exit(), list.err());
            assertEquals("", list.err());
            assertEquals(expected.strip(), list.out().strip());
        }
    }

    @Test
    void rulesWrittenByTheNftCliDecode() throws Exception {
        try (TestNetns ns = TestNetns.create("nftcli")) {
            nftFile(ns, Golden.read("cluster_n1.nft").replace("192.0.2.100", VIP));
            TableContents inet = nft(ns, c -> c.readTable(Family.INET, "cluster"));
            assertEquals(expectedRules().stream().map(NftKernelTest::exprsOf).toList(), inet.rules("pre").stream().map(NftKernelTest::exprsOf).toList());
            assertEquals(Set.copyOf(RULES.localElements()), Set.copyOf(inet.elements().get("local")));
            assertEquals(RULES.localSet().userdata(), inet.set("local").userdata(), "nft writes the userdata we write");
            assertEquals(List.of(RULES.pre()), inet.chains().stream().map(Chain::withoutHandle).toList());
            TableContents arp = nft(ns, c -> c.readTable(Family.ARP, "clarp"));
            assertEquals(List.of(ClusterRuleset.arpOut()), arp.chains().stream().map(Chain::withoutHandle).toList());
            assertEquals(RULES.arpRule(ClusterRuleset.clusterMac()).exprs(), arp.rules("out").get(0).exprs());
        }
    }

    @Test
    void destroyIsIdempotentAndReplaceDoesNotDuplicate() throws Exception {
        try (TestNetns ns = TestNetns.create("nftidem")) {
            Table cluster = RULES.table();
            nft(ns, c -> {
                commit(c, new Batch().destroyTable(cluster)); // absent: no error
                commit(c, new Batch().destroyTable(cluster));
                commit(c, new Batch().addTable(cluster));
                commit(c, new Batch().addTable(cluster)); // present: add without EXCL is fine
                for (int i = 0; i < 3; i++) {
                    // destroy + recreate in ONE transaction: the atomic replacement of the table
                    c.apply(new Batch().destroyTable(cluster).append(RULES.inetBatch()), c.getGenId());
                    assertEquals(4, c.listRules(Family.INET, "cluster").size(), "round " + i);
                    assertEquals(3, c.listSets(Family.INET, "cluster").size(), "round " + i);
                }
                commit(c, new Batch().destroyTable(cluster));
                assertNull(c.getTable(Family.INET, "cluster"));
                return null;
            });
            // the fallback for kernels without NFT_MSG_DESTROYTABLE (delete only if present)
            NetNs.run(ns.name(), () -> {
                try (NftConn old = new NftConn(NetlinkSocket.open(netlink_h.NETLINK_NETFILTER()), false)) {
                    commit(old, new Batch().destroyTable(cluster));
                    old.apply(RULES.inetBatch(), 0);
                    old.apply(new Batch().destroyTable(cluster).append(RULES.inetBatch()), 0);
                    assertEquals(4, old.listRules(Family.INET, "cluster").size());
                    commit(old, new Batch().destroyTable(cluster));
                    assertNull(old.getTable(Family.INET, "cluster"));
                }
            });
        }
    }

    @Test
    void aConcurrentChangeFailsTheGenIdCheckAndAppliesNothing() throws Exception {
        try (TestNetns ns = TestNetns.create("nftgen")) {
            KernelException e = nft(ns, c -> {
                int gen = c.getGenId();
                ns.execOk("nft", "add", "table", "ip", "intruder");
                Batch mine = new Batch().addTable(Table.of(Family.INET, "mine"));
                KernelException x = assertThrows(KernelException.class, () -> c.apply(mine, gen));
                assertNull(c.getTable(Family.INET, "mine"), "nothing applied");
                c.apply(mine, c.getGenId()); // the retry (NftConn#transact's loop)
                assertNotNull(c.getTable(Family.INET, "mine"));
                return x;
            });
            System.out.println("genid conflict: " + e.getMessage() + " [offset " + e.kernelOffset() + "]");
            assertEquals(Errno.ERESTART, e.errno(), e.getMessage());
        }
    }

    @Test
    void transactRetriesAfterAConcurrentChange() throws Exception {
        try (TestNetns ns = TestNetns.create("nftretry")) {
            int[] plans = {0};
            Applied<String> done = nft(ns, c -> c.transact(() -> {
                if (plans[0]++ == 0) ns.execOk("nft", "add", "table", "ip", "intruder"); // after our genid read
                return new Plan<>(new Batch().addTable(Table.of(Family.INET, "mine")), "planned " + plans[0]);
            }));
            assertEquals(2, plans[0]);
            assertEquals("planned 2", done.value());
            assertNotNull(nft(ns, c -> c.getTable(Family.INET, "mine")));
            assertEquals(done.generation(), (int) nft(ns, NftConn::getGenId), "the generation after the commit is the one reported");
            Applied<String> nothing = nft(ns, c -> c.transact(() -> new Plan<>(new Batch(), "read only")));
            assertEquals(done.generation(), nothing.generation(), "nothing applied: the generation read");
        }
    }

    @Test
    void destroyElementsRemovesWhatIsThereOnBothPaths() throws Exception {
        try (TestNetns ns = TestNetns.create("nftdelem")) {
            NftSet local = RULES.localSet();
            List<SetElement> oneAndNine = List.of(SetElement.mark(1), SetElement.mark(9));
            nft(ns, c -> {
                c.apply(RULES.inetBatch(), 0);
                commit(c, new Batch().destroyElements(local, oneAndNine)); // 9 is absent: no error
                commit(c, new Batch().destroyElements(local, oneAndNine));
                assertEquals(Set.of(2, 3, 4), Set.copyOf(c.listElements(Family.INET, "cluster", "local").stream().map(SetElement::markValue).toList()));
                return null;
            });
            NetNs.run(ns.name(), () -> {
                try (NftConn old = new NftConn(NetlinkSocket.open(netlink_h.NETLINK_NETFILTER()), false)) {
                    commit(old, new Batch().destroyElements(local, List.of(SetElement.mark(2), SetElement.mark(9))));
                    commit(old, new Batch().destroyElements(local, List.of(SetElement.mark(2)))); // nothing left to delete: nothing sent
                    assertEquals(Set.of(3, 4), Set.copyOf(old.listElements(Family.INET, "cluster", "local").stream().map(SetElement::markValue).toList()));
                    commit(old, new Batch().destroyTable(RULES.table()));
                    commit(old, new Batch().destroyElements(local, List.of(SetElement.mark(3)))); // set gone with its table: no error
                }
            });
        }
    }

    @Test
    void aFailingBatchAppliesNothingAndCarriesTheKernelsError() throws Exception {
        try (TestNetns ns = TestNetns.create("nftfail")) {
            KernelException e = nft(ns, c -> {
                Batch b = new Batch().addTable(RULES.table()).addChain(RULES.pre()).addSet(RULES.localSet())
                        .addRule(Rule.of(Family.INET, "cluster", "pre", List.of(io.clonevip.nft.expr.Meta.load(io.clonevip.nft.expr.Meta.MARK, 1),
                                Lookup.of(1, "nosuch", 0))));
                KernelException x = assertThrows(KernelException.class, () -> commit(c, b));
                assertNull(c.getTable(Family.INET, "cluster"), "no part of the batch applied");
                return x;
            });
            System.out.println("failing batch: " + e.getMessage() + " [offset " + e.kernelOffset() + "]");
            assertEquals(Errno.ENOENT, e.errno(), e.getMessage());
            assertTrue(e.getMessage().startsWith("nft transaction: ENOENT"), e.getMessage());
            // nf_tables gives no text here but points at the lookup: header 16 + nfgenmsg 4 + table 12
            // + chain 8 + NFTA_RULE_EXPRESSIONS header 4 + the meta expression 36 = byte 80 of NEWRULE
            assertEquals(80, e.kernelOffset());
        }
    }

    @Test
    void policyViolationsCarryTheKernelsText() throws Exception {
        try (TestNetns ns = TestNetns.create("nftpol")) {
            KernelException e = assertThrows(KernelException.class, () -> nft(ns, c -> {
                commit(c, new Batch().addTable(Table.of(Family.INET, "ok")).addTable(Table.of(Family.INET, "t".repeat(300))));
                return null;
            }));
            System.out.println("policy violation: " + e.getMessage() + " [offset " + e.kernelOffset() + "]");
            assertNotNull(e.kernelMessage(), e.getMessage());
            assertNull(nft(ns, c -> c.getTable(Family.INET, "ok")), "first message of the failed batch not applied");
        }
    }

    @Test
    void aForeignTableIsNeverTouched() throws Exception {
        try (TestNetns ns = TestNetns.create("nftforeign")) {
            nftFile(ns, "table ip foreign {\n  chain pre {\n    type filter hook prerouting priority -200; policy drop;\n"
                    + "    ip saddr 203.0.113.7 counter accept\n  }\n}\n");
            String before = ns.execOk("nft", "list", "table", "ip", "foreign");
            nft(ns, c -> {
                applyCluster(c);
                commit(c, new Batch().flushSet(RULES.localSet()).addElements(RULES.localSet(), List.of(SetElement.mark(5))));
                commit(c, new Batch().destroyTable(RULES.table()).destroyTable(ClusterRuleset.arpTable()));
                applyCluster(c);
                commit(c, new Batch().destroyTable(RULES.table()));
                List<Chain> chains = c.listChains(Family.IP, "foreign");
                assertEquals(1, chains.size());
                assertEquals(Verdict.DROP, chains.get(0).policy());
                TableContents f = c.readTable(Family.IP, "foreign"); // others' rules decode too
                assertEquals("[ cmp eq reg 1 0x077100cb ]", f.rules("pre").get(0).exprs().get(1).toString());
                return null;
            });
            assertEquals(before, ns.execOk("nft", "list", "table", "ip", "foreign"));
        }
    }
}
