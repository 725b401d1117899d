package io.clonevip.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.nativ.NetNs;
import io.clonevip.nft.NftConn;
import io.clonevip.testkit.net.TestNetns;
import org.junit.jupiter.api.Test;

/**
 * Every {@link ClusterIpTables} operation returns the state it found and the state it left,
 * derived from its one read: both equal what reading the kernel gives before and after, and
 * the generation it reports is the kernel's until something else changes the ruleset.
 */
class ClusterChangeKernelTest {
    static final ClusterIpSpec SPEC = ClusterIpSpec.builder().vip("198.51.100.100").nic("eth0").buckets(6).seed(7).build();
    static final ClusterIpSpec OTHER = ClusterIpSpec.builder().vip("198.51.100.100").nic("eth0").buckets(8).seed(7).build();

    /** Runs {@code op}, checks its before against a read just before and its after against a read just after. */
    private static ClusterChange checked(NftConn c, ClusterIpTables t, Op op) throws Exception {
        ClusterState read = t.state(SPEC.vip());
        ClusterChange ch = op.run();
        same(read, ch.before(), "before");
        same(t.state(SPEC.vip()), ch.after(), "after");
        assertEquals(c.getGenId(), ch.generation(), "generation");
        return ch;
    }

    interface Op { ClusterChange run() throws Exception; }

    private static void same(ClusterState want, ClusterState got, String what) {
        if (want == null) {
            assertNull(got, what);
            return;
        }
        assertEquals(want.spec(), got.spec(), what);
        assertEquals(want.local(), got.local(), what);
        assertEquals(want.localCounters(), got.localCounters(), what);
        assertArrayEquals(want.newConnections(), got.newConnections(), what);
        assertEquals(want.problems(), got.problems(), what);
        assertEquals(want.layout(), got.layout(), what);
    }

    @Test
    void operationsReturnTheStateTheyFoundAndLeft() throws Exception {
        try (TestNetns ns = TestNetns.create("cvchange")) {
            NetNs.run(ns.name(), () -> {
                try (NftConn c = NftConn.open()) {
                    ClusterIpTables t = new ClusterIpTables(c);
                    assertNull(checked(c, t, () -> t.join(SPEC, 2)).before(), "first join creates");
                    assertEquals("2-3", checked(c, t, () -> t.join(SPEC, 3)).after().local().format());
                    ClusterChange again = checked(c, t, () -> t.join(SPEC, 3));
                    assertEquals(again.before().local(), again.after().local(), "joined already: unchanged");
                    assertEquals("8", checked(c, t, () -> t.apply(OTHER, BucketSet.of(8, 8))).after().local().format());
                    assertEquals("1,8", checked(c, t, () -> t.join(OTHER, 1)).after().local().format());
                    assertFalse(checked(c, t, () -> t.leave(OTHER.vip(), 8)).removed());
                    assertFalse(checked(c, t, () -> t.leave(OTHER.vip(), 5)).removed(), "a bucket not here: unchanged");
                    assertTrue(checked(c, t, () -> t.leave(OTHER.vip(), 1)).removed(), "the last bucket removes all");
                    assertTrue(checked(c, t, () -> t.leave(OTHER.vip(), 1)).removed(), "absent stays absent");
                    checked(c, t, () -> t.apply(SPEC, BucketSet.parse("1-2", 6)));
                    assertNull(checked(c, t, () -> t.remove(SPEC.vip())).after());
                }
            });
        }
    }

    @Test
    void bucketChangesReturnTheSetsTheyFoundAndLeft() throws Exception {
        try (TestNetns ns = TestNetns.create("cvbchange")) {
            NetNs.run(ns.name(), () -> {
                try (NftConn c = NftConn.open()) {
                    ClusterIpTables t = new ClusterIpTables(c);
                    t.apply(SPEC, BucketSet.parse("1-2", 6));
                    assertEquals(new BucketChange(SPEC, BucketSet.parse("1-2", 6), BucketSet.parse("1-2,5", 6)), t.addBuckets(SPEC.vip(), 5));
                    assertEquals(new BucketChange(SPEC, BucketSet.parse("1-2,5", 6), BucketSet.parse("2,5", 6)), t.removeBuckets(SPEC.vip(), 1, 4));
                    assertEquals(new BucketChange(SPEC, BucketSet.parse("2,5", 6), BucketSet.parse("6", 6)), t.setBuckets(SPEC.vip(), BucketSet.of(6, 6)));
                    assertEquals(BucketSet.parse("6", 6), t.state(SPEC.vip()).local());
                }
            });
        }
    }
}
