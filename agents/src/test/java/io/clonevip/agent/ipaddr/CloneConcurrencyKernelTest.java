package io.clonevip.agent.ipaddr;

import io.clonevip.testkit.net.VipNetns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.cluster.BucketSet;
import io.clonevip.cluster.ClusterIpNode;
import io.clonevip.cluster.NodeStatus;
import io.clonevip.nativ.NetNs;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Pacemaker starts and stops the instances of a globally-unique clone with clone-node-max 12
 * on one node at the same moment. 200 randomized rounds: in each, a random subset of the 12
 * instances is started or stopped in parallel, each action a full agent action (OcfMain.run in
 * process, its own netlink and nftables sockets, in the test's namespace). After every round
 * the ruleset's local buckets, the address, the multicast membership and the published clone
 * count equal the running set; after the last stop nothing of ours remains (checked with nft,
 * ip addr and ip maddr).
 */
class CloneConcurrencyKernelTest {
    static final int INSTANCES = 12;
    static final int ROUNDS = 200;

    @Test
    void twoHundredRandomRoundsOfParallelStartsAndStopsConverge() throws Exception {
        RecordingPublisher published = new RecordingPublisher();
        IPaddr3 agent = new IPaddr3(env -> published);
        long seed = 20261125L ^ System.nanoTime();
        Random rnd = new Random(seed);
        InetAddress vip = InetAddress.ofLiteral(VipNetns.VIP);
        try (VipNetns lab = VipNetns.create("ip3conc"); ExecutorService pool = Executors.newFixedThreadPool(INSTANCES)) {
            List<Map<String, String>> envs = new ArrayList<>();
            for (int k = 0; k < INSTANCES; k++) {
                envs.add(VipNetns.clone("p_cluster_vip", lab.rscTmp().toString(), k, INSTANCES));
            }
            boolean[] running = new boolean[INSTANCES];
            for (int round = 0; round < ROUNDS; round++) {
                List<Callable<AgentRun>> work = new ArrayList<>();
                List<String> what = new ArrayList<>();
                for (int k = 0; k < INSTANCES; k++) {
                    if (!rnd.nextBoolean()) {
                        continue;
                    }
                    // mostly toggles; sometimes a repeated start or stop (idempotence under load)
                    boolean start = rnd.nextInt(8) == 0 ? running[k] : !running[k];
                    running[k] = start;
                    Map<String, String> env = envs.get(k);
                    String action = start ? "start" : "stop";
                    what.add(action + " " + k);
                    work.add(() -> AgentRun.in(lab.name(), agent, env, action));
                }
                List<Future<AgentRun>> results = pool.invokeAll(work);
                for (int i = 0; i < results.size(); i++) {
                    AgentRun r = results.get(i).get();
                    assertEquals(0, r.rc(), "seed " + seed + " round " + round + " " + what.get(i) + ": " + r);
                }
                BucketSet expected = BucketSet.empty(INSTANCES);
                for (int k = 0; k < INSTANCES; k++) {
                    if (running[k]) {
                        expected = expected.with(k + 1);
                    }
                }
                BucketSet want = expected;
                String where = "seed " + seed + " round " + round + " " + what + ": ";
                NetNs.run(lab.name(), () -> {
                    try (ClusterIpNode node = ClusterIpNode.open()) {
                        NodeStatus st = node.status(vip);
                        if (want.isEmpty()) {
                            assertEquals(null, st, where + "no ruleset when no instance runs");
                            assertTrue(!node.hasAddress(node.nic(VipNetns.NIC), vip), where + "no address");
                        } else {
                            assertTrue(st != null && st.whole(), where + (st == null ? "no ruleset" : st.problems()));
                            assertEquals(want.format(), st.state().local().format(), where);
                        }
                    }
                });
                assertEquals(want.size(), published.values.getOrDefault("p_cluster_vip_clone_count", 0), where + "clone count");
            }
            List<Callable<AgentRun>> stopAll = new ArrayList<>();
            for (int k = 0; k < INSTANCES; k++) {
                Map<String, String> env = envs.get(k);
                stopAll.add(() -> AgentRun.in(lab.name(), agent, env, "stop"));
            }
            for (Future<AgentRun> f : pool.invokeAll(stopAll)) {
                assertEquals(0, f.get().rc(), f.get().toString());
            }
            KernelSnapshot end = KernelSnapshot.of(lab.ns);
            assertTrue(end.nothingOf(VipNetns.VIP), "seed " + seed + ": something of ours remains: " + end);
            assertEquals(0, published.values.get("p_cluster_vip_clone_count"));
        }
    }
}
