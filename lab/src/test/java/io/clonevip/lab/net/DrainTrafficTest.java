package io.clonevip.lab.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.cluster.BucketSet;
import io.clonevip.cluster.ClusterIpSpec;
import io.clonevip.cluster.ClusterIpTables;
import io.clonevip.cluster.ClusterState;
import io.clonevip.cluster.hash.BucketPredictor;
import io.clonevip.nativ.NetNs;
import io.clonevip.nft.NftConn;
import io.clonevip.testkit.Cmd;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Planned bucket moves with a drain, against the kernel, with real TCP: three nodes programmed by
 * {@link ClusterIpTables} on a bridge, a client holding 300 long-lived connections that each
 * exchange a line every 100 ms. A planned move of bucket k from X to Y is what Pacemaker's stop
 * on X and start on Y do with a drain limit: {@code X.drain(k, limit)}, then
 * {@code Y.join(spec, k, guard)}. The old owner keeps its established connections, the new owner
 * takes the new ones and picks up none of the old owner's mid-stream; with limit 0 (today's
 * cut) the same moves reset the moved buckets' connections, which shows the test can fail.
 */
class DrainTrafficTest {
    static final String VIP = "198.51.100.100";
    static final int PORT = 3306;
    static final int BUCKETS = 12;
    static final int HELD = 300;
    static final long LIMIT_MS = 120_000;

    NetLab lab;
    Responders responders;
    InetAddress vip;
    ClusterIpSpec spec;
    BucketPredictor predictor;
    /** Which node serves each bucket now (1..3), for planning moves. */
    final int[] owner = new int[BUCKETS + 1];

    @BeforeEach
    void setUp() throws Exception {
        lab = NetLab.start(3);
        responders = new Responders();
        vip = InetAddress.getByName(VIP);
        program(ClusterIpSpec.builder().vip(VIP).nic("eth0").buckets(BUCKETS).build());
    }

    /** Every node: the VIP, the cluster MAC, 4 buckets each, a responder. */
    private void program(ClusterIpSpec spec) throws Exception {
        this.spec = spec;
        predictor = BucketPredictor.of(spec);
        for (int node = 1; node <= 3; node++) {
            String ns = lab.node(node);
            Cmd r = lab.exec(ns, "ip", "addr", "replace", VIP + "/24", "dev", "eth0");
            assertTrue(r.ok(), r.err());
            lab.exec(ns, "ip", "maddr", "add", spec.clusterMac().toString(), "dev", "eth0");
            BucketSet mine = BucketSet.parse((4 * node - 3) + "-" + (4 * node), BUCKETS);
            for (int b : mine) owner[b] = node;
            tables(node, t -> t.apply(spec, mine));
            startResponder(node);
        }
    }

    private final java.util.Set<Integer> responding = new java.util.HashSet<>();

    private void startResponder(int node) throws Exception {
        if (responding.add(node)) responders.start(lab.node(node), "n" + node, vip, PORT);
    }

    @AfterEach
    void tearDown() {
        if (responders != null) responders.close();
        if (lab != null) lab.close();
    }

    @FunctionalInterface
    interface TablesWork<T> { T run(ClusterIpTables t) throws Exception; }

    private <T> T tables(int node, TablesWork<T> work) throws Exception {
        return NetNs.call(lab.node(node), () -> { try (NftConn c = NftConn.open()) { return work.run(new ClusterIpTables(c)); } });
    }

    private int bucketOf(int sourcePort) {
        return predictor.bucketIpv4(BucketPredictor.ipv4((Inet4Address) lab.clientAddress()), BucketPredictor.IPPROTO_TCP, sourcePort, PORT);
    }

    /** Client source ports whose connections land in {@code bucket}, from {@code from} on. */
    private List<Integer> portsOf(int bucket, int from, int count) {
        List<Integer> l = new ArrayList<>();
        for (int p = from; l.size() < count; p++) if (bucketOf(p) == bucket) l.add(p);
        return l;
    }

    /** 300 held connections pinging every 100 ms; records the first answering node and every failure. */
    final class Pingers implements AutoCloseable {
        final Map<Integer, String> servedBy = new ConcurrentHashMap<>();
        final List<String> failures = new CopyOnWriteArrayList<>();
        final AtomicLong exchanges = new AtomicLong();
        final AtomicBoolean stop = new AtomicBoolean();
        final List<Thread> threads = new ArrayList<>();
        final List<TrafficClient.Held> held = new ArrayList<>();

        Pingers(int timeoutMillis) throws Exception {
            TrafficClient client = new TrafficClient(lab.client(), lab.clientAddress(), vip, PORT, timeoutMillis);
            for (int i = 0; i < HELD; i++) held.add(client.hold(40000 + i));
            for (TrafficClient.Held h : held) {
                threads.add(Thread.ofVirtual().start(() -> {
                    while (!stop.get()) {
                        try {
                            String node = h.ping();
                            exchanges.incrementAndGet();
                            String first = servedBy.putIfAbsent(h.sourcePort(), node);
                            if (first != null && !first.equals(node)) failures.add(h.sourcePort() + ": answered by " + first + ", then by " + node);
                            Thread.sleep(100);
                        } catch (SocketTimeoutException e) {
                            failures.add(h.sourcePort() + " (bucket " + bucketOf(h.sourcePort()) + "): no answer");
                            return;
                        } catch (IOException e) {
                            failures.add(h.sourcePort() + " (bucket " + bucketOf(h.sourcePort()) + "): " + e.getMessage());
                            return;
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }));
            }
        }

        /** Waits until every connection exchanged at least {@code rounds} more lines (failed ones excepted). */
        void await(int rounds) throws InterruptedException {
            long want = exchanges.get() + (long) rounds * (HELD - failures.size());
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (exchanges.get() < want && System.nanoTime() < deadline) Thread.sleep(20);
        }

        @Override
        public void close() throws Exception {
            stop.set(true);
            for (Thread t : threads) t.join(5000);
            for (TrafficClient.Held h : held) h.close();
        }
    }

    /** Moves {@code bucket} to {@code to} as Pacemaker's stop and start do, with {@code limitMs} (0: cut). */
    private void move(int bucket, int to, long limitMs) throws Exception {
        int from = owner[bucket];
        tables(from, t -> t.drain(vip, bucket, limitMs));
        tables(to, t -> t.join(spec, bucket, limitMs == 0 ? 0 : limitMs + 2000));
        owner[bucket] = to;
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"sourceip-sourceport", "clusterip-compatible"})
    void twentyPlannedMovesKeepEveryEstablishedConnectionAndNewOnesGoToTheNewOwner(String mode) throws Exception {
        if (!mode.equals(spec.hashMode().keyword())) {
            program(ClusterIpSpec.builder().vip(VIP).nic("eth0").buckets(BUCKETS).hashMode(mode).seed(0x5eed).build());
        }
        Random rnd = new Random(16);
        TrafficClient shortLived = new TrafficClient(lab.client(), lab.clientAddress(), vip, PORT, 3000);
        List<String> newFlows = new ArrayList<>();
        int newPort = 50000;
        try (Pingers p = new Pingers(3000)) {
            p.await(3);
            assertEquals(HELD, p.servedBy.size(), "every held connection answered before the moves: " + p.failures);
            for (int i = 0; i < 20; i++) {
                int bucket = 1 + rnd.nextInt(BUCKETS);
                int to = (owner[bucket] + rnd.nextInt(2)) % 3 + 1; // one of the two other nodes
                move(bucket, to, LIMIT_MS);
                // new connections of the moved bucket during the drain: the new owner, exactly once
                List<Integer> ports = portsOf(bucket, newPort, 3);
                newPort = ports.get(ports.size() - 1) + 1;
                for (Flow f : shortLived.tcp(ports)) {
                    if (!f.answered() || !("n" + to).equals(f.answeredBy())
                            || responders.servedBy(Flow.Proto.TCP, lab.clientAddress(), f.sourcePort()).size() != 1) {
                        newFlows.add("move " + i + " bucket " + bucket + " -> n" + to + ": " + f + " served by "
                                + responders.servedBy(Flow.Proto.TCP, lab.clientAddress(), f.sourcePort()));
                    }
                }
                p.await(2);
            }
            p.await(3);
            System.out.println("drain lab (" + mode + "): 20 moves, " + p.exchanges.get() + " exchanges on " + HELD + " held connections, failures "
                    + p.failures.size() + ", new connections misplaced " + newFlows.size());
            assertEquals(List.of(), p.failures, "no held connection reset, timed out or moved");
            assertEquals(List.of(), newFlows, "new connections answered once, by the new owner");
            assertEquals(List.of(), responders.duplicates(), "no connection served by two nodes");
            for (int node = 1; node <= 3; node++) {
                ClusterState st = tables(node, t -> t.state(vip));
                assertTrue(st.whole(), st.problems().toString());
            }
        }
    }

    @Test
    void withLimitZeroTheSameMovesResetTheMovedBucketsConnections() throws Exception {
        List<Integer> moved = List.of(1, 6, 11);
        long expected = 0;
        try (Pingers p = new Pingers(3000)) {
            p.await(3);
            for (int b : moved) expected += p.servedBy.keySet().stream().filter(port -> bucketOf(port) == b).count();
            for (int b : moved) move(b, owner[b] % 3 + 1, 0);
            p.await(3);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (p.failures.size() < expected && System.nanoTime() < deadline) Thread.sleep(50);
            System.out.println("drain lab, limit 0: " + p.failures.size() + " of " + expected + " connections of the moved buckets broke");
            assertTrue(expected > 0);
            assertEquals(expected, p.failures.size(), "every connection of a moved bucket is cut: " + p.failures);
            assertTrue(p.failures.stream().allMatch(f -> f.contains("reset")), "cut by a reset: " + p.failures);
        }
    }

    /**
     * The old owner dies during a drain (its link goes down): its clients get no answer while the
     * new owner's guard lasts, then the new owner's stack resets them at their next
     * retransmission. The guard's timeout is the bound the kernel enforces by itself.
     */
    @Test
    void aCrashDuringTheDrainResetsItsClientsOnceTheGuardEnds() throws Exception {
        int bucket = 2;
        List<Integer> ports = portsOf(bucket, 45000, 5);
        TrafficClient client = new TrafficClient(lab.client(), lab.clientAddress(), vip, PORT, 30_000);
        List<TrafficClient.Held> held = new ArrayList<>();
        for (int port : ports) held.add(client.hold(port));
        try {
            for (TrafficClient.Held h : held) assertEquals("n1", h.ping());
            long guardMs = 3000;
            tables(1, t -> t.drain(vip, bucket, LIMIT_MS));
            tables(2, t -> t.join(spec, bucket, guardMs));
            for (TrafficClient.Held h : held) assertEquals("n1", h.ping(), "still served by the draining node");
            long crash = System.nanoTime();
            lab.link(1, false);
            List<Long> resetAfterMs = new CopyOnWriteArrayList<>();
            List<String> other = new CopyOnWriteArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (TrafficClient.Held h : held) {
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        h.ping();
                        other.add(h.sourcePort() + " answered after the crash");
                    } catch (IOException e) {
                        if (String.valueOf(e.getMessage()).contains("reset")) resetAfterMs.add((System.nanoTime() - crash) / 1_000_000);
                        else other.add(h.sourcePort() + ": " + e);
                    }
                }));
            }
            for (Thread t : threads) t.join(40_000);
            System.out.println("drain lab, crash of the draining node: guard " + guardMs + " ms, clients reset after (ms) " + resetAfterMs);
            assertEquals(List.of(), other);
            assertEquals(ports.size(), resetAfterMs.size());
            // no reset while the guard lasts; afterwards the next retransmission (exponential backoff from 200 ms) is reset
            assertTrue(resetAfterMs.stream().allMatch(ms -> ms >= guardMs - 200 && ms <= 2 * guardMs + 3000), resetAfterMs.toString());
        } finally {
            for (TrafficClient.Held h : held) h.close();
        }
    }
}
