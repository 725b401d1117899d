package io.clonevip.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.nativ.NetNs;
import io.clonevip.nft.NftConn;
import io.clonevip.testkit.net.TestNetns;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Pacemaker may start and stop several instances of one clone on a node at the same moment:
 * concurrent join/leave from separate processes' worth of sockets, no lock, must always end in
 * exactly the expected bucket set, and in nothing at all after the last leave.
 */
class ClusterIpConcurrencyKernelTest {
    static final int INSTANCES = 12;
    static final int ROUNDS = 60;

    @Test
    void concurrentJoinsAndLeavesConverge() throws Exception {
        ClusterIpSpec spec = ClusterIpSpec.builder().vip("198.51.100.100").nic("eth0").buckets(INSTANCES).build();
        Random rnd = new Random(20261125);
        try (TestNetns ns = TestNetns.create("conc"); ExecutorService pool = Executors.newFixedThreadPool(INSTANCES)) {
            boolean[] running = new boolean[INSTANCES + 1];
            for (int round = 0; round < ROUNDS; round++) {
                List<Callable<Void>> work = new ArrayList<>();
                for (int k = 1; k <= INSTANCES; k++) {
                    if (!rnd.nextBoolean()) continue;
                    int bucket = k;
                    boolean start = !running[k];
                    running[k] = start;
                    work.add(() -> {
                        NetNs.run(ns.name(), () -> {
                            try (NftConn c = NftConn.open()) {
                                ClusterIpTables t = new ClusterIpTables(c);
                                if (start) t.join(spec, bucket); else t.leave(spec.vip(), bucket);
                            }
                        });
                        return null;
                    });
                }
                for (Future<Void> f : pool.invokeAll(work)) f.get();
                BucketSet expected = BucketSet.empty(INSTANCES);
                for (int k = 1; k <= INSTANCES; k++) if (running[k]) expected = expected.with(k);
                BucketSet want = expected;
                int r = round;
                NetNs.run(ns.name(), () -> {
                    try (NftConn c = NftConn.open()) {
                        ClusterState st = new ClusterIpTables(c).state(spec.vip());
                        if (want.isEmpty()) {
                            assertNull(st, "round " + r + ": nothing of ours when no instance runs");
                        } else {
                            assertTrue(st != null && st.whole(), "round " + r + ": " + (st == null ? "no config" : st.problems()));
                            assertEquals(want.format(), st.local().format(), "round " + r);
                        }
                    }
                });
            }
            List<Callable<Void>> stopAll = new ArrayList<>();
            for (int k = 1; k <= INSTANCES; k++) {
                int bucket = k;
                stopAll.add(() -> {
                    NetNs.run(ns.name(), () -> { try (NftConn c = NftConn.open()) { new ClusterIpTables(c).leave(spec.vip(), bucket); } });
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(stopAll)) f.get();
            assertTrue(!ns.execOk("nft", "list", "ruleset").contains("clonevip"), "nothing of ours after the last stop");
        }
    }

    /**
     * A reader (a monitor) while other instances keep creating and removing the whole
     * configuration: every read sees one generation, so it is either absent or whole, never a
     * set that vanished between two dumps (ENOENT) or an inet table without its arp table.
     */
    @Test
    void readsDuringConstantChurnSeeWholeOrNothing() throws Exception {
        ClusterIpSpec spec = ClusterIpSpec.builder().vip("198.51.100.100").nic("eth0").buckets(3).build();
        try (TestNetns ns = TestNetns.create("concread"); ExecutorService pool = Executors.newFixedThreadPool(2)) {
            AtomicBoolean done = new AtomicBoolean();
            AtomicInteger changes = new AtomicInteger();
            Future<Void> churn = pool.submit(() -> {
                NetNs.run(ns.name(), () -> {
                    try (NftConn c = NftConn.open()) {
                        ClusterIpTables t = new ClusterIpTables(c);
                        while (!done.get()) {
                            t.join(spec, 1 + changes.get() % 3);
                            t.remove(spec.vip());
                            changes.incrementAndGet();
                        }
                    }
                });
                return null;
            });
            int whole = 0;
            int absent = 0;
            try {
                for (int i = 0; i < 400 || (whole == 0 || absent == 0) && i < 4000; i++) {
                    ClusterState st = NetNs.call(ns.name(), () -> {
                        try (NftConn c = NftConn.open()) {
                            return new ClusterIpTables(c).state(spec.vip());
                        }
                    });
                    if (st == null) {
                        absent++;
                    } else {
                        assertTrue(st.whole(), "read " + i + ": " + st.problems());
                        whole++;
                    }
                }
            } finally {
                done.set(true);
                churn.get();
            }
            assertTrue(changes.get() > 10 && whole > 0 && absent > 0,
                    "the reads overlapped the churn: " + changes.get() + " changes, " + whole + " whole, " + absent + " absent");
        }
    }
}
