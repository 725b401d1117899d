package io.clonevip.nft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.cluster.BucketSet;
import io.clonevip.cluster.ClusterIpSpec;
import io.clonevip.cluster.ClusterIpTables;
import io.clonevip.cluster.ClusterRuleset;
import io.clonevip.cluster.HashMode;
import io.clonevip.cluster.ProductionGolden;
import io.clonevip.cluster.RulesetBatches;
import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.NetNs;
import io.clonevip.nativ.bind.netlink_h;
import io.clonevip.netlink.NetlinkSocket;
import io.clonevip.nft.expr.Expr;
import io.clonevip.nft.expr.Counter;
import io.clonevip.nft.expr.Lookup;
import io.clonevip.nft.expr.Meta;
import io.clonevip.nft.expr.Verdict;
import io.clonevip.testkit.Cmd;
import io.clonevip.testkit.net.TestNetns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * NftConn against the real kernel, each test in a network namespace it creates and deletes, with
 * the production ruleset ({@link ClusterRuleset}) of the golden files ({@link ProductionGolden}).
 */
class NftKernelTest {
    /** The ruleset of the golden files with ports hashed (sourceip-sourceport: two anonymous sets). */
    static final HashMode MODE = HashMode.SOURCE_IP_SOURCE_PORT;
    static final ClusterIpSpec SPEC = ProductionGolden.spec(MODE);
    static final ClusterRuleset RULES = ClusterRuleset.of(SPEC);
    /** This node's buckets: 1-4 of 12. */
    static final BucketSet LOCAL = ProductionGolden.local();
    static final String TABLE = ClusterRuleset.tableName(SPEC.vip());

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

    /** Both tables of the ruleset with this node's buckets, in one batch as {@link ClusterIpTables} sends them. */
    static Batch clusterBatch() { return RulesetBatches.add(new Batch(), RULES, LOCAL); }

    /** Writes the ruleset as the resource agent does. */
    static void applyCluster(NftConn c) throws KernelException {
        new ClusterIpTables(c).apply(SPEC, LOCAL);
    }

    /** nft -f with the ruleset text, from a temp file deleted afterwards. */
    static void nftFile(TestNetns ns, String text) throws Exception {
        Path f = Files.createTempFile("cvt-nft-", ".nft");
        try {
            Files.writeString(f, text);
            ns.execOk("nft", "-f", f.toString());
        } finally {
            Files.deleteIfExists(f);
        }
    }

    /** The golden listing of the ruleset ({@code nft --debug=netlink list table}, nft-reference/production). */
    static String golden() { return ProductionGolden.body(ProductionGolden.netlinkFile(MODE)); }

    /**
     * The expressions of the inet rules as the kernel lists them: anonymous sets under the names the
     * kernel gives them ({@code __set0}, {@code __set1}, in the order they were added), no set ids.
     */
    static List<List<Expr>> expectedRules() {
        int anon = 0;
        List<List<Expr>> rules = new ArrayList<>();
        List<Rule> all = new ArrayList<>(RULES.rawRules()); // cv_raw's anonymous set is added first: __set0
        all.addAll(RULES.rules());
        for (Rule r : all) {
            List<Expr> exprs = new ArrayList<>();
            for (Expr e : r.exprs()) {
                if (e instanceof Lookup k) {
                    String set = k.set().equals(NftSet.ANONYMOUS_NAME) ? "__set" + anon++ : k.set();
                    e = new Lookup(k.sreg(), set, 0, k.dreg(), k.flags());
                }
                exprs.add(e);
            }
            rules.add(exprs);
        }
        return rules;
    }

    static List<List<Expr>> exprsOf(List<Rule> rules) { return rules.stream().map(Rule::exprs).toList(); }

    static List<String> commentsOf(List<Rule> rules) { return rules.stream().map(Rule::comment).toList(); }

    /** {@code elements} as a set with the {@code counter} flag holds them before any traffic. */
    static Set<SetElement> counted(List<SetElement> elements) {
        return elements.stream().map(e -> new SetElement(e.key(), Counter.zero(), 0, 0)).collect(Collectors.toSet());
    }

    static List<SetElement> localElements() {
        List<SetElement> l = new ArrayList<>();
        for (int b : LOCAL) l.add(SetElement.mark(b));
        return l;
    }

    /** The sets, elements and rules of the inet table as read back equal the production model. */
    static void assertInetTable(TableContents t) {
        assertNotNull(t);
        assertEquals(List.of(RULES.raw(), RULES.pre()), t.chains().stream().map(Chain::withoutHandle).toList());
        for (NftSet model : List.of(RULES.local(), RULES.all(), RULES.drain(), RULES.guard(), RULES.pass())) {
            NftSet s = t.set(model.name());
            assertEquals(model.flags(), s.flags(), model.name());
            assertEquals(model.keyType(), s.keyType(), model.name());
            assertEquals(4, s.keyLen(), model.name());
            assertEquals(model.counter(), s.counter(), model.name() + " counts per element");
            assertEquals(model.userdata(), s.userdata(), model.name());
        }
        assertEquals(NftSet.TIMEOUT, RULES.drain().flags(), "drains end in the kernel");
        assertEquals(Set.copyOf(localElements()), Set.copyOf(t.elements().get(RULES.pass().name())), "the raw chain lets the local buckets through");
        assertEquals(counted(localElements()), Set.copyOf(t.elements().get(ClusterRuleset.SET_LOCAL)), "hash sets have no order");
        assertEquals(counted(RULES.allElements()), Set.copyOf(t.elements().get(ClusterRuleset.SET_ALL)));
        assertEquals(3, RULES.anonymous().size());
        for (int i = 0; i < RULES.anonymous().size(); i++) {
            String anon = "__set" + i;
            NftSet s = t.set(anon);
            assertEquals(NftSet.ANONYMOUS | NftSet.CONSTANT, s.flags() & (NftSet.ANONYMOUS | NftSet.CONSTANT), anon);
            assertEquals(NftSet.TYPE_INET_PROTOCOL, s.keyType(), anon);
            assertEquals(Set.copyOf(RULES.anonymous().get(i).elements()), Set.copyOf(t.elements().get(anon)), anon);
        }
        List<Rule> listed = new ArrayList<>(t.rules(RULES.raw().name()));
        listed.addAll(t.rules(ClusterRuleset.CHAIN_PRE));
        assertEquals(expectedRules(), exprsOf(listed));
        assertEquals(commentsOf(RULES.rules()), commentsOf(t.rules(ClusterRuleset.CHAIN_PRE)), "the spec comment of the last rule");
    }

    @Test
    void whatWeWriteReadsBackAndNftListsIt() throws Exception {
        try (TestNetns ns = TestNetns.create("nftrt")) {
            TableContents t = nft(ns, c -> { applyCluster(c); return c.readTable(Family.INET, TABLE); });
            assertNotNull(t);
            assertEquals(RULES.inet(), t.table().withoutHandle());
            assertInetTable(t);
            assertTrue(t.rules().stream().allMatch(r -> r.handle() > 0), "handles assigned");

            Cmd list = ns.exec("nft", "list", "ruleset");
            assertEquals(0, list.exit(), list.err());
            assertEquals("", list.err());
            assertEquals(ProductionGolden.tables(golden()).strip(), list.out().strip());
        }
    }

    @Test
    void rulesWrittenByTheNftCliDecode() throws Exception {
        try (TestNetns ns = TestNetns.create("nftcli")) {
            nftFile(ns, ProductionGolden.nftInput(golden()));
            TableContents inet = nft(ns, c -> c.readTable(Family.INET, TABLE));
            assertInetTable(inet); // nft writes the userdata, set expressions and comment we write
            TableContents arp = nft(ns, c -> c.readTable(Family.ARP, TABLE));
            assertEquals(List.of(RULES.out()), arp.chains().stream().map(Chain::withoutHandle).toList());
            assertEquals(List.of(RULES.arpRule().exprs()), exprsOf(arp.rules(ClusterRuleset.CHAIN_OUT)));
        }
    }

    @Test
    void destroyIsIdempotentAndReplaceDoesNotDuplicate() throws Exception {
        try (TestNetns ns = TestNetns.create("nftidem")) {
            Table cluster = RULES.inet();
            Batch replace = new Batch().destroyTable(RULES.inet()).destroyTable(RULES.arp()).append(clusterBatch());
            nft(ns, c -> {
                commit(c, new Batch().destroyTable(cluster)); // absent: no error
                commit(c, new Batch().destroyTable(cluster));
                commit(c, new Batch().addTable(cluster));
                commit(c, new Batch().addTable(cluster)); // present: add without EXCL is fine
                for (int i = 0; i < 3; i++) {
                    // destroy + recreate in ONE transaction: the atomic replacement of the table
                    commit(c, replace);
                    assertEquals(RULES.rawRules().size() + RULES.rules().size(), c.listRules(Family.INET, TABLE).size(), "round " + i);
                    assertEquals(5 + RULES.anonymous().size(), c.listSets(Family.INET, TABLE).size(), "round " + i);
                    assertEquals(1, c.listRules(Family.ARP, TABLE).size(), "round " + i);
                }
                commit(c, new Batch().destroyTable(cluster));
                assertNull(c.getTable(Family.INET, TABLE));
                return null;
            });
            // the fallback for kernels without NFT_MSG_DESTROYTABLE (delete only if present)
            NetNs.run(ns.name(), () -> {
                try (NftConn old = new NftConn(NetlinkSocket.open(netlink_h.NETLINK_NETFILTER()), false)) {
                    commit(old, new Batch().destroyTable(cluster));
                    commit(old, clusterBatch());
                    commit(old, replace);
                    assertEquals(RULES.rawRules().size() + RULES.rules().size(), old.listRules(Family.INET, TABLE).size());
                    assertEquals(1, old.listRules(Family.ARP, TABLE).size());
                    commit(old, new Batch().destroyTable(cluster));
                    assertNull(old.getTable(Family.INET, TABLE));
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
            NftSet local = RULES.local();
            List<SetElement> oneAndNine = List.of(SetElement.mark(1), SetElement.mark(9));
            nft(ns, c -> {
                commit(c, clusterBatch());
                commit(c, new Batch().destroyElements(local, oneAndNine)); // 9 is absent: no error
                commit(c, new Batch().destroyElements(local, oneAndNine));
                assertEquals(Set.of(2, 3, 4), Set.copyOf(c.listElements(Family.INET, TABLE, ClusterRuleset.SET_LOCAL).stream().map(SetElement::markValue).toList()));
                return null;
            });
            NetNs.run(ns.name(), () -> {
                try (NftConn old = new NftConn(NetlinkSocket.open(netlink_h.NETLINK_NETFILTER()), false)) {
                    commit(old, new Batch().destroyElements(local, List.of(SetElement.mark(2), SetElement.mark(9))));
                    commit(old, new Batch().destroyElements(local, List.of(SetElement.mark(2)))); // nothing left to delete: nothing sent
                    assertEquals(Set.of(3, 4), Set.copyOf(old.listElements(Family.INET, TABLE, ClusterRuleset.SET_LOCAL).stream().map(SetElement::markValue).toList()));
                    commit(old, new Batch().destroyTable(RULES.inet()));
                    commit(old, new Batch().destroyElements(local, List.of(SetElement.mark(3)))); // set gone with its table: no error
                }
            });
        }
    }

    @Test
    void aFailingBatchAppliesNothingAndCarriesTheKernelsError() throws Exception {
        try (TestNetns ns = TestNetns.create("nftfail")) {
            KernelException e = nft(ns, c -> {
                Batch b = new Batch().addTable(RULES.inet()).addChain(RULES.pre()).addSet(RULES.local())
                        .addRule(Rule.of(Family.INET, TABLE, ClusterRuleset.CHAIN_PRE, List.of(Meta.load(Meta.MARK, 1),
                                Lookup.of(1, "nosuch", 0))));
                KernelException x = assertThrows(KernelException.class, () -> commit(c, b));
                assertNull(c.getTable(Family.INET, TABLE), "no part of the batch applied");
                return x;
            });
            System.out.println("failing batch: " + e.getMessage() + " [offset " + e.kernelOffset() + "]");
            assertEquals(Errno.ENOENT, e.errno(), e.getMessage());
            assertTrue(e.getMessage().startsWith("nft transaction: ENOENT"), e.getMessage());
            // nf_tables gives no text here but points at the lookup: header 16 + nfgenmsg 4 + table 28
            // ("clonevip_198_51_100_100") + chain 12 ("cv_pre") + NFTA_RULE_EXPRESSIONS header 4
            // + the meta expression 36 = byte 100 of NEWRULE
            assertEquals(100, e.kernelOffset());
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
                ClusterIpTables tables = new ClusterIpTables(c);
                applyCluster(c);
                commit(c, new Batch().flushSet(RULES.local()).addElements(RULES.local(), List.of(SetElement.mark(5))));
                tables.setBuckets(SPEC.vip(), BucketSet.of(SPEC.buckets(), 5, 6));
                tables.remove(SPEC.vip());
                applyCluster(c);
                commit(c, new Batch().destroyTable(RULES.inet()));
                tables.remove(SPEC.vip());
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
