package io.clonevip.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.nativ.NetNs;
import io.clonevip.nft.Batch;
import io.clonevip.cluster.RulesetBatches.Buckets;
import io.clonevip.nft.NftConn;
import io.clonevip.testkit.net.TestNetns;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The drain and guard operations of {@link ClusterIpTables} against the kernel (the traffic they
 * make is DrainTrafficTest's, in module lab): what each leaves in the tables, the kernel ending a
 * drain by itself, taking a bucket back, the last bucket, refreshing a guard, an older layout.
 */
class DrainKernelTest {
    TestNetns ns;
    ClusterIpSpec spec;
    InetAddress vip;

    @BeforeEach
    void setUp() throws Exception {
        ns = TestNetns.create("cvdrain");
        spec = ClusterIpSpec.builder().vip("198.51.100.100").nic("eth0").buckets(12).seed(0xc1057e12L).build();
        vip = spec.vip();
    }

    @AfterEach
    void tearDown() { ns.close(); }

    @FunctionalInterface
    interface Work<T> { T run(ClusterIpTables t) throws Exception; }

    private <T> T on(Work<T> w) throws Exception {
        return NetNs.call(ns.name(), () -> { try (NftConn c = NftConn.open()) { return w.run(new ClusterIpTables(c)); } });
    }

    private ClusterState state() throws Exception { return on(t -> t.state(vip)); }

    @Test
    void drainMovesTheBucketOutOfTheLocalSetWithItsTimeLeftAndTheKernelEndsIt() throws Exception {
        on(t -> t.apply(spec, BucketSet.parse("1-4", 12)));
        ClusterChange c = on(t -> t.drain(vip, 2, 1500));
        assertEquals(BucketSet.parse("1,3,4", 12), c.after().local());
        ClusterState st = state();
        assertTrue(st.current(), st.problems().toString());
        assertEquals(BucketSet.parse("1,3,4", 12), st.local());
        assertEquals(BucketSet.of(12, 2), st.drainingBuckets());
        long left = st.draining().get(0).expiresMs();
        assertTrue(left > 0 && left <= 1500, "time left " + left);
        String listing = ns.execOk("nft", "list", "set", "inet", ClusterRuleset.tableName(vip), "cv_pass");
        assertTrue(listing.contains("2 timeout 1s500ms expires"), "cv_pass lets the draining bucket through until the same time: " + listing);
        // a second stop of the same bucket keeps the deadline
        ClusterState again = on(t -> t.drain(vip, 2, 60_000)).after();
        assertEquals(BucketSet.of(12, 2), again.drainingBuckets());
        assertTrue(again.draining().get(0).expiresMs() <= 1500, "not restarted: " + again.draining());
        // the kernel ends the drain by itself: no process involved
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!state().draining().isEmpty() && System.nanoTime() < deadline) Thread.sleep(50);
        st = state();
        assertEquals(List.of(), st.draining(), "the drain ended at its limit");
        assertTrue(st.current(), st.problems().toString());
        assertFalse(ns.execOk("nft", "list", "set", "inet", ClusterRuleset.tableName(vip), "cv_pass").contains(" 2 "), "nor is it let through");
    }

    @Test
    void joinTakesADrainingBucketBackAndTheLastDrainKeepsTheTablesUntilItEnds() throws Exception {
        on(t -> t.apply(spec, BucketSet.parse("5", 12)));
        ClusterChange c = on(t -> t.drain(vip, 5, 60_000));
        assertFalse(c.removed(), "the last bucket drains: the tables stay");
        ClusterState st = state();
        assertTrue(st.local().isEmpty());
        assertFalse(st.idle(), "draining");
        on(t -> t.join(spec, 5));
        st = state();
        assertEquals(BucketSet.of(12, 5), st.local());
        assertEquals(List.of(), st.draining(), "served again: no longer drained");
        String pass = ns.execOk("nft", "list", "set", "inet", ClusterRuleset.tableName(vip), "cv_pass");
        assertTrue(pass.contains("elements = { 5 }"), "cv_pass holds it without a timeout again: " + pass);
        on(t -> t.drain(vip, 5, 60_000));
        c = on(t -> t.endDrain(vip, 5));
        assertTrue(c.removed(), "nothing served or drained: the tables go");
        assertNull(state());
        assertTrue(on(t -> t.endDrain(vip, 5)).after() == null, "absent is success");
    }

    @Test
    void leaveEndsADrainAndGuardsAreRefreshedOrEnded() throws Exception {
        on(t -> t.apply(spec, BucketSet.parse("1-2", 12)));
        on(t -> t.drain(vip, 1, 60_000));
        on(t -> t.leave(vip, 1));
        assertEquals(List.of(), state().draining(), "limit 0 ends the drain at once");
        on(t -> t.join(spec, 7, 2000));
        ClusterState st = state();
        assertEquals(BucketSet.parse("2,7", 12), st.local());
        assertEquals(BucketSet.of(12, 7), st.guardedBuckets());
        on(t -> t.guard(vip, 7, 90_000));
        long left = state().guarded().get(0).expiresMs();
        assertTrue(left > 60_000, "the refresh restarted the guard's time: " + left);
        on(t -> t.guard(vip, 7, 0));
        assertEquals(List.of(), state().guarded());
        assertTrue(state().current(), state().problems().toString());
        assertThrows(ClusterSpecException.class, () -> on(t -> t.drain(vip, 2, -1)));
        assertThrows(NoSuchClusterIpException.class, () -> on(t -> t.guard(InetAddress.getByName("198.51.100.101"), 1, 1000)));
    }

    @Test
    void drainOfAnOlderLayoutWritesTheCurrentOneWithTheDrain() throws Exception {
        NetNs.run(ns.name(), () -> {
            try (NftConn c = NftConn.open()) {
                c.apply(RulesetBatches.add(new Batch(), ClusterRuleset.of(spec, RulesetLayout.V2), BucketSet.parse("3-4", 12)), 0);
            }
        });
        assertEquals(RulesetLayout.V2, state().layout());
        on(t -> t.drain(vip, 3, 60_000));
        ClusterState st = state();
        assertTrue(st.current(), st.problems().toString());
        assertEquals(BucketSet.of(12, 4), st.local());
        assertEquals(BucketSet.of(12, 3), st.drainingBuckets());
    }

    /** removeIdle removes only whole tables of a layout that drains (V3, V4) that serve and drain nothing; a V2 table is left. */
    @Test
    void removeIdleRemovesOnlyIdleTablesOfALayoutThatDrains() throws Exception {
        assertNull(on(t -> t.removeIdle(vip)).before(), "absent: nothing to do");
        on(t -> t.apply(spec, BucketSet.parse("1", 12)));
        assertFalse(on(t -> t.removeIdle(vip)).removed(), "serving");
        on(t -> t.drain(vip, 1, 60_000));
        assertFalse(on(t -> t.removeIdle(vip)).removed(), "draining");
        on(t -> t.remove(vip));
        on(t -> t.apply(spec, BucketSet.empty(12))); // what the kernel leaves once the drain ended
        assertTrue(state().idle());
        ClusterChange c = on(t -> t.removeIdle(vip));
        assertTrue(c.removed() && c.before() != null, "idle: removed");
        assertNull(state());
        NetNs.run(ns.name(), () -> {
            try (NftConn c2 = NftConn.open()) {
                c2.apply(RulesetBatches.add(new Batch(), ClusterRuleset.of(spec, RulesetLayout.V3), BucketSet.empty(12)), 0);
            }
        });
        assertTrue(state().idle() && state().layout() == RulesetLayout.V3);
        assertTrue(on(t -> t.removeIdle(vip)).removed(), "an idle V3 table (an older build's drain ended) is removed too");
        assertNull(state());
        NetNs.run(ns.name(), () -> {
            try (NftConn c2 = NftConn.open()) {
                c2.apply(RulesetBatches.add(new Batch(), ClusterRuleset.of(spec, RulesetLayout.V2), BucketSet.empty(12)), 0);
            }
        });
        assertTrue(state().idle() && state().layout() == RulesetLayout.V2);
        assertFalse(on(t -> t.removeIdle(vip)).removed(), "a V2 table is left as it is");
        assertEquals(RulesetLayout.V2, state().layout());
    }

    /**
     * Tables of layout V3 (same objects as V4, the serve rule only after the new-connection rules),
     * as a node running the previous build left them: buckets 1-4 served, 5 drained, 9 guarded.
     */
    private void writeV3() throws Exception {
        Buckets v3 = new Buckets(BucketSet.parse("1-4", 12), java.util.Map.of(5, 120_000L), java.util.Map.of(9, 120_000L));
        NetNs.run(ns.name(), () -> {
            try (NftConn c = NftConn.open()) {
                c.apply(RulesetBatches.replace(null, null, ClusterRuleset.of(spec, RulesetLayout.V3), v3), c.getGenId());
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"join", "joinDraining", "leave", "drain", "endDrain", "guard", "apply", "addBuckets", "removeBuckets"})
    void theNextWriteReplacesV3TablesInOneTransactionKeepingDrainsAndGuards(String write) throws Exception {
        writeV3();
        ClusterState v3 = state();
        assertEquals(RulesetLayout.V3, v3.layout(), "the comment tells V3 from V4: same chains");
        assertTrue(v3.whole(), v3.problems().toString());
        assertFalse(v3.current());
        assertEquals(BucketSet.parse("1-4", 12), v3.local());
        assertEquals(BucketSet.of(12, 5), v3.drainingBuckets());
        assertEquals(BucketSet.of(12, 9), v3.guardedBuckets());
        int gens = NetNs.call(ns.name(), () -> { try (NftConn c = NftConn.open()) {
            ClusterIpTables t = new ClusterIpTables(c);
            int before = c.getGenId();
            switch (write) {
                case "join" -> t.join(spec, 6);
                case "joinDraining" -> t.join(spec, 5);
                case "leave" -> t.leave(vip, 4);
                case "drain" -> t.drain(vip, 4, 60_000);
                case "endDrain" -> t.endDrain(vip, 5);
                case "guard" -> t.guard(vip, 10, 60_000);
                case "apply" -> t.apply(spec, BucketSet.parse("1-4", 12));
                case "addBuckets" -> t.addBuckets(vip, 6);
                case "removeBuckets" -> t.removeBuckets(vip, 4);
                default -> throw new IllegalArgumentException(write);
            }
            return c.getGenId() - before;
        } });
        assertEquals(1, gens, "one transaction: no moment without the VIP's tables");
        ClusterState st = state();
        assertTrue(st.current(), st.layout() + " " + st.problems());
        assertEquals(BucketSet.parse(switch (write) {
            case "join", "addBuckets" -> "1-4,6";
            case "joinDraining" -> "1-5";
            case "leave", "drain", "removeBuckets" -> "1-3";
            default -> "1-4";
        }, 12), st.local());
        assertEquals(BucketSet.parse(switch (write) {
            case "joinDraining", "endDrain" -> "";
            case "drain" -> "4-5";
            default -> "5";
        }, 12), st.drainingBuckets());
        assertEquals(BucketSet.parse(write.equals("guard") ? "9-10" : "9", 12), st.guardedBuckets());
        for (ClusterState.TimedBucket d : st.draining()) {
            assertTrue(d.bucket() == 4 ? d.expiresMs() <= 60_000 : d.expiresMs() > 100_000 && d.expiresMs() <= 120_000,
                    "the drain went on with the time it had left: " + st.draining());
        }
        assertTrue(st.guarded().get(0).expiresMs() > 100_000, "so did the guard: " + st.guarded());
        String pre = ns.execOk("nft", "list", "chain", "inet", ClusterRuleset.tableName(vip), "cv_pre");
        assertTrue(pre.contains("clonevip v4 ") && !pre.contains("clonevip v3"), pre);
        String pass = ns.execOk("nft", "list", "set", "inet", ClusterRuleset.tableName(vip), "cv_pass");
        for (int b : st.local()) assertTrue(pass.matches("(?s).*[ {]" + b + "[,} ].*"), "cv_pass lets served bucket " + b + " through: " + pass);
        for (int b : st.drainingBuckets()) assertTrue(pass.contains(" " + b + " timeout "), "and draining bucket " + b + " until its drain ends: " + pass);
    }

    @Test
    void theRulesetWithDrainsAndGuardsRestoresWithNft() throws Exception {
        on(t -> t.apply(spec, BucketSet.parse("1-4", 12)));
        on(t -> t.drain(vip, 4, 120_000));
        on(t -> t.join(spec, 9, 120_000));
        String saved = ns.execOk("nft", "list", "ruleset");
        ns.execOk("nft", "flush", "ruleset");
        java.nio.file.Path f = java.nio.file.Files.createTempFile("cvdrain", ".nft");
        try {
            java.nio.file.Files.writeString(f, saved);
            ns.execOk("nft", "-f", f.toString());
        } finally {
            java.nio.file.Files.delete(f);
        }
        ClusterState st = state();
        assertTrue(st.current(), st.problems().toString());
        assertEquals(BucketSet.parse("1-3,9", 12), st.local());
        assertEquals(BucketSet.of(12, 4), st.drainingBuckets());
        assertEquals(BucketSet.of(12, 9), st.guardedBuckets());
        assertTrue(st.draining().get(0).expiresMs() > 100_000, "the time left came back with it: " + st.draining());
    }
}
