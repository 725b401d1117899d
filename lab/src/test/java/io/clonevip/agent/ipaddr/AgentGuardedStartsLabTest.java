package io.clonevip.agent.ipaddr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.cluster.BucketSet;
import io.clonevip.cluster.ClusterIpSpec;
import io.clonevip.cluster.ClusterIpTables;
import io.clonevip.cluster.DesiredStates;
import io.clonevip.cluster.RulesetGuard;
import io.clonevip.cluster.hash.BucketPredictor;
import io.clonevip.lab.net.NetLab;
import io.clonevip.lab.net.Responders;
import io.clonevip.lab.net.TrafficClient;
import io.clonevip.nativ.NetNs;
import io.clonevip.nft.NftConn;
import io.clonevip.ocf.OcfLog;
import io.clonevip.ocf.OcfMain;
import io.clonevip.testkit.Cmd;
import io.clonevip.testkit.net.VipNetns;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * As {@code ConcurrentGuardedStartTest}, with the new owner's starts run by IPaddr3 itself (the
 * clone's instances of the moved buckets, started at once in one JVM as clonevip-agentd runs
 * them; the other node's drain notices from a stub): whatever the agent does around the join
 * (placement, stale prefixes, announcement, the desired-state record) must not let a held
 * connection of the old owner be reset.
 */
class AgentGuardedStartsLabTest {
    static final String VIP = "198.51.100.100";
    static final int PORT = 3306;
    static final int BUCKETS = 12;
    static final long LIMIT_MS = 120_000;

    @TempDir
    Path rscTmp;
    NetLab lab;
    Responders responders;
    InetAddress vip;
    ClusterIpSpec spec;
    BucketPredictor predictor;
    volatile long drainEndMs;
    RulesetGuard keeper;
    final List<String> keeperLog = new CopyOnWriteArrayList<>();

    final DrainNotices others = new DrainNotices() {
        @Override
        public void announce(InetAddress v, int bucket, long endMs, OcfLog log) { }

        @Override
        public void withdraw(InetAddress v, int bucket, OcfLog log) { }

        @Override
        public OptionalLong othersUntil(InetAddress v, int bucket, long nowMs, OcfLog log) {
            return OptionalLong.of(drainEndMs);
        }
    };
    final IPaddr3 agent = new IPaddr3(env -> CloneCountPublisher.NONE, NodeOpener.KERNEL, env -> others);

    @BeforeEach
    void setUp() throws Exception {
        lab = NetLab.start(3);
        responders = new Responders();
        vip = InetAddress.getByName(VIP);
        spec = ClusterIpSpec.builder().vip(VIP).nic("eth0").buckets(BUCKETS).build();
        predictor = BucketPredictor.of(spec);
        for (int node = 1; node <= 2; node++) {
            String ns = lab.node(node);
            Cmd r = lab.exec(ns, "ip", "addr", "replace", VIP + "/24", "dev", "eth0");
            assertTrue(r.ok(), r.err());
            lab.exec(ns, "ip", "maddr", "add", spec.clusterMac().toString(), "dev", "eth0");
            BucketSet mine = BucketSet.parse((6 * node - 5) + "-" + (6 * node), BUCKETS);
            NetNs.call(ns, () -> { try (NftConn c = NftConn.open()) { return new ClusterIpTables(c).apply(spec, mine); } });
        }
        Cmd r = lab.exec(lab.node(3), "sysctl", "-qw", "net.ipv4.ip_nonlocal_bind=1");
        assertTrue(r.ok(), r.err());
        for (int node = 1; node <= 3; node++) responders.start(lab.node(node), "n" + node, vip, PORT);
        // node 3's clonevip-agentd: it keeps the tables at the desired states the agents record (here, in this JVM, as agentd runs them)
        keeper = NetNs.call(lab.node(3), () -> RulesetGuard.start(DesiredStates.at(VipNetns.STATE_DIR, null), "test", keeperLog::add));
    }

    @AfterEach
    void tearDown() {
        if (keeper != null) keeper.close();
        if (responders != null) responders.close();
        if (lab != null) lab.close();
    }

    private int bucketOf(int sourcePort) {
        return predictor.bucketIpv4(BucketPredictor.ipv4((Inet4Address) lab.clientAddress()), BucketPredictor.IPPROTO_TCP, sourcePort, PORT);
    }

    private Map<String, String> instance(int bucket) {
        Map<String, String> env = VipNetns.clone("p_vip", rscTmp.toString(), bucket - 1, BUCKETS);
        env.put("OCF_RESKEY_ip", VIP);
        env.put("OCF_RESKEY_nic", "eth0");
        env.put("OCF_RESKEY_cidr_netmask", Integer.toString(NetLab.PREFIX_LEN));
        env.put("OCF_RESKEY_drain_limit", Long.toString(LIMIT_MS / 1000));
        return env;
    }

    /** Starts the instances of {@code buckets} on node 3 at once; returns their stderr. */
    private List<String> startAtOnce(List<Integer> buckets) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<String> out = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int b : buckets) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                    String err = NetNs.call(lab.node(3), () -> {
                        ByteArrayOutputStream e = new ByteArrayOutputStream();
                        int rc;
                        try (PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
                             PrintStream ps = new PrintStream(e, true, StandardCharsets.UTF_8)) {
                            rc = OcfMain.run(agent, new String[] {"start"}, instance(b), o, ps);
                        }
                        return "rc=" + rc + " " + e.toString(StandardCharsets.UTF_8);
                    });
                    out.add(err);
                } catch (Exception e) {
                    out.add("failed: " + e);
                }
            }));
        }
        go.countDown();
        for (Thread t : threads) t.join(30_000);
        return out;
    }

    @Test
    void concurrentAgentStartsGuardTheOldOwnersConnections() throws Exception {
        List<Integer> first = List.of(2, 5, 8, 11);
        List<Integer> second = List.of(3, 6, 9, 12);
        List<Integer> ports = new ArrayList<>();
        for (int b : List.of(2, 5, 8, 11, 3, 6, 9, 12)) {
            int n = 0;
            for (int p = 40000; n < 8; p++) if (bucketOf(p) == b) { ports.add(p); n++; }
        }
        TrafficClient client = new TrafficClient(lab.client(), lab.clientAddress(), vip, PORT, 5000);
        List<TrafficClient.Held> held = new ArrayList<>();
        for (int p : ports) held.add(client.hold(p));
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> pingers = new ArrayList<>();
        long t0 = System.nanoTime();
        for (TrafficClient.Held h : held) {
            pingers.add(Thread.ofVirtual().start(() -> {
                String firstNode = null;
                while (!stop.get()) {
                    try {
                        String node = h.ping();
                        if (firstNode == null) firstNode = node;
                        else if (!firstNode.equals(node)) failures.add(h.sourcePort() + ": answered by " + firstNode + ", then " + node);
                        Thread.sleep(50);
                    } catch (IOException e) {
                        failures.add(h.sourcePort() + " (bucket " + bucketOf(h.sourcePort()) + ") at +" + (System.nanoTime() - t0) / 1_000_000 + " ms: " + e.getMessage());
                        return;
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
        }
        List<String> starts = new ArrayList<>();
        try {
            Thread.sleep(500);
            assertEquals(List.of(), failures, "every held connection answered before the moves");
            for (List<Integer> moved : List.of(first, second)) {
                drainEndMs = System.currentTimeMillis() + LIMIT_MS;
                for (int b : moved) {
                    String from = lab.node(b <= 6 ? 1 : 2);
                    NetNs.call(from, () -> { try (NftConn c = NftConn.open()) { return new ClusterIpTables(c).drain(vip, b, LIMIT_MS); } });
                }
                starts.addAll(startAtOnce(moved));
                Thread.sleep(1500);
            }
        } finally {
            stop.set(true);
            for (Thread t : pingers) t.join(5000);
            for (TrafficClient.Held h : held) h.close();
        }
        System.out.println("agent starts at once: " + ports.size() + " held connections, failures " + failures + "; node 3's keeper: " + keeperLog);
        assertTrue(starts.stream().allMatch(s -> s.startsWith("rc=0") && s.contains("drains on another node")), starts.toString());
        assertEquals(List.of(), failures, "no held connection of a moved bucket reset, timed out or moved");
    }
}
