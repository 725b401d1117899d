package io.clonevip.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.nativ.NetNs;
import io.clonevip.nft.NftConn;
import io.clonevip.testkit.Poll;
import io.clonevip.testkit.net.TestNetns;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guard against the real kernel, one fresh namespace per case: someone else changes the
 * ruleset with {@code nft} (table deleted, set element deleted or added, chain flushed, a rule
 * inserted in our chain, {@code nft flush ruleset}, a stale saved ruleset restored) and the
 * desired state is back: the guard commits its repair within {@link #BOUND_MS} of the
 * notification (target {@link #TARGET_MS}), and the test sees it back soon after nft exits. Changes made
 * through the recording tables (what IPaddr3 and netctl do) are never repaired.
 */
class RulesetGuardKernelTest {
    static final String VIP = "198.51.100.100";
    static final String TABLE = "clonevip_198_51_100_100";
    static final long TARGET_MS = 100;
    /**
     * What the test asserts for the guard's own figure: the target with room for this shared
     * 2-core machine's scheduling (one cold first repair at load 8 took 138 ms; the others of
     * about forty measured 1-84 ms, docs/user/firewall.md). A repair that polled or waited for a
     * timer would take 500 ms or more (the guard's idle wait).
     */
    static final long BOUND_MS = 250;
    static final ClusterIpSpec SPEC = ClusterIpSpec.builder().vip(VIP).nic("eth0").buckets(3).build();

    @TempDir
    Path root;
    TestNetns ns;
    DesiredStates store;
    RulesetGuard guard;
    final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        ns = TestNetns.create("guard");
        ns.execOk("nft", "-f", write(ClusterIpTablesKernelTest.FOREIGN).toString());
        store = DesiredStates.at(root, ns.name());
        inNs(() -> { try (NftConn c = NftConn.open()) { new ClusterIpTables(c, store).apply(SPEC, BucketSet.of(3, 1)); } });
        guard = RulesetGuard.start(store, "test", log::add);
        for (int i = 0; i < 20; i++) state(); // the measuring reads themselves warm, so they time the guard and not the JIT
    }

    @AfterEach
    void tearDown() {
        if (guard != null) guard.close();
        ns.close();
    }

    private Path write(String text) throws Exception {
        Path f = root.resolve("in-" + System.nanoTime() + ".nft");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    private void inNs(NetNs.ThrowingRunnable r) throws Exception { NetNs.run(ns.name(), r); }

    private ClusterState state() throws Exception {
        AtomicReference<ClusterState> st = new AtomicReference<>();
        inNs(() -> { try (NftConn c = NftConn.open()) { st.set(new ClusterIpTables(c).state(InetAddress.getByName(VIP))); } });
        return st.get();
    }

    /**
     * Runs {@code nft args} in the namespace and returns the milliseconds from nft's exit (its
     * commit is before that) until the desired state holds again (fails after 5 s).
     */
    private long healAfter(String... args) throws Exception {
        ns.execOk(args);
        return waitHeld(System.nanoTime());
    }

    private long waitHeld(long t0) throws Exception {
        DesiredState want = store.read(InetAddress.getByName(VIP));
        long deadline = t0 + 5_000_000_000L;
        while (true) {
            ClusterState st = state();
            if (want.heldBy(st)) return (System.nanoTime() - t0) / 1_000_000;
            if (System.nanoTime() > deadline) throw new AssertionError("not repaired within 5 s: " + want.departures(st) + "; log " + log);
        }
    }

    /**
     * The guard committed the repair within the target after the notification (its own figure,
     * what it controls), and the test saw the state back soon after nft exited (that figure also
     * holds the test's own reads and this shared machine's scheduling, so its bound is looser).
     */
    private void assertHealed(String what, long ms) throws Exception {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (store.lastRepair(InetAddress.getByName(VIP)) == null && System.nanoTime() < deadline) Thread.sleep(2);
        Repair r = store.lastRepair(InetAddress.getByName(VIP));
        System.out.println("heal " + what + ": held " + ms + " ms after nft exited; guard: " + r);
        assertNotNull(r, "the repair is noted for netctl status: " + log);
        assertEquals("test", r.by());
        assertTrue(ms <= 5 * TARGET_MS, what + ": back " + ms + " ms after nft exited");
        assertTrue(r.healMicros() <= BOUND_MS * 1000, what + ": guard committed the repair " + r.healMicros() + " us after the notification");
    }

    @Test
    void deletedTableComesBack() throws Exception {
        assertHealed("delete table", healAfter("nft", "delete", "table", "inet", TABLE));
        assertTrue(store.lastRepair(InetAddress.getByName(VIP)).found().contains("missing"), store.lastRepair(InetAddress.getByName(VIP)).found());
    }

    @Test
    void deletedLocalElementComesBack() throws Exception {
        assertHealed("delete element", healAfter("nft", "delete", "element", "inet", TABLE, "cv_local", "{ 0x1 }"));
    }

    @Test
    void addedElementIsRemoved() throws Exception {
        assertHealed("add element", healAfter("nft", "add", "element", "inet", TABLE, "cv_local", "{ 0x2 }"));
        assertEquals(BucketSet.of(3, 1), state().local());
    }

    @Test
    void flushedChainIsRefilled() throws Exception {
        assertHealed("flush chain", healAfter("nft", "flush", "chain", "inet", TABLE, "cv_pre"));
    }

    @Test
    void foreignRuleInOurChainGoes() throws Exception {
        assertHealed("insert rule", healAfter("nft", "insert", "rule", "inet", TABLE, "cv_pre", "accept"));
        assertTrue(store.lastRepair(InetAddress.getByName(VIP)).found().contains("rules"), store.lastRepair(InetAddress.getByName(VIP)).found());
    }

    @Test
    void flushRulesetLeavesTheHostsTablesToTheHost() throws Exception {
        assertHealed("flush ruleset", healAfter("nft", "flush", "ruleset"));
        assertTrue(ns.exec("nft", "list", "table", "inet", "foreignfw").exit() != 0, "the host's flushed table stays flushed");
    }

    @Test
    void staleSavedRulesetIsCorrectedToTheDesiredBuckets() throws Exception {
        Path stale = write("flush ruleset\n" + ns.execOk("nft", "list", "ruleset"));
        inNs(() -> { try (NftConn c = NftConn.open()) { new ClusterIpTables(c, store).setBuckets(InetAddress.getByName(VIP), BucketSet.of(3, 2)); } });
        assertEquals(BucketSet.of(3, 2), store.read(InetAddress.getByName(VIP)).local());
        assertHealed("stale restore", healAfter("nft", "-f", stale.toString()));
        assertEquals(BucketSet.of(3, 2), state().local(), "yesterday's bucket 1 is not served again");
        assertTrue(ns.exec("nft", "list", "table", "inet", "foreignfw").exit() == 0, "the restored host table stays");
    }

    @Test
    void changesRecordedByAgentsAndNetctlAreNotRepaired() throws Exception {
        long checks = guard.checks();
        long others = guard.othersTransactions();
        inNs(() -> {
            try (NftConn c = NftConn.open()) {
                ClusterIpTables t = new ClusterIpTables(c, store);
                t.join(SPEC, 2);
                t.removeBuckets(InetAddress.getByName(VIP), 1);
                t.leave(InetAddress.getByName(VIP), 3);
            }
        });
        assertEquals(BucketSet.of(3, 2), state().local());
        assertEquals(BucketSet.of(3, 2), store.read(InetAddress.getByName(VIP)).local());
        ns.execOk("nft", "add", "table", "ip", "poke"); // a foreign transaction after ours: the guard has seen ours by then
        long t0 = System.nanoTime();
        waitHeld(t0);
        Poll.until("the guard's notification of the poke", Duration.ofSeconds(5), () -> guard.othersTransactions() > others);
        assertNull(store.lastRepair(InetAddress.getByName(VIP)), "no repair of our own changes: " + log);
        // the transactions of this process (as the daemon runs the agents' actions) cost the guard no comparison
        assertEquals(checks, guard.checks(), "comparisons after this process's own transactions");
        inNs(() -> { try (NftConn c = NftConn.open()) { new ClusterIpTables(c, store).leave(InetAddress.getByName(VIP), 2); } });
        assertNull(store.read(InetAddress.getByName(VIP)), "the last bucket's stop forgets the VIP");
        assertNull(state());
    }

    @Test
    void storeIsRootOnly() throws Exception {
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.dir())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.dir().resolve(VIP))));
    }

    @Test
    void someoneFightingTheRepairsIsSlowedAndReported() throws Exception {
        long end = System.nanoTime() + 2_000_000_000L;
        int deletes = 0;
        while (System.nanoTime() < end) {
            ns.exec("nft", "delete", "table", "inet", TABLE);
            deletes++;
        }
        long repairs = store.lastRepair(InetAddress.getByName(VIP)).count();
        System.out.println("fight: " + deletes + " deletes in 2 s, " + repairs + " repairs");
        assertTrue(repairs <= 20, repairs + " repairs for " + deletes + " deletes in 2 s: " + log);
        assertTrue(log.stream().anyMatch(l -> l.contains("undoing the repairs")), log.toString());
        waitHeld(System.nanoTime()); // once the fight stops, the state comes back
    }
}
