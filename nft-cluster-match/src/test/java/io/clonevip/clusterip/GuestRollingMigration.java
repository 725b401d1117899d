package io.clonevip.clusterip;

import io.clonevip.cluster.BucketSet;
import io.clonevip.cluster.ClusterIpNode;
import io.clonevip.cluster.ClusterIpSpec;
import io.clonevip.cluster.ClusterRuleset;
import io.clonevip.cluster.HashMode;
import io.clonevip.cluster.NodeStatus;
import io.clonevip.cluster.hash.BucketPredictor;
import io.clonevip.clusterip.GuestClient.Flow;
import io.clonevip.clusterip.GuestClient.Held;
import io.clonevip.nativ.NetNs;
import io.clonevip.nft.Batch;
import io.clonevip.nft.Family;
import io.clonevip.nft.NftConn;
import io.clonevip.nft.Plan;
import io.clonevip.nft.SetElement;
import io.clonevip.nft.Table;
import io.clonevip.testkit.net.TestNetns;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;

/**
 * Part 2 of the CLUSTERIP issue, inside the 6.1 guest: a 3-node CLUSTERIP cluster (node k
 * serves bucket k, IPaddr2's default hash sourceip-sourceport) with two long-lived TCP
 * connections in every bucket, migrated node by node with {@link ClusteripToNft}. After every
 * step (including the moment both CLUSTERIP and nft are active on a node) every long-lived
 * connection must still answer from its node, and a batch of new TCP and UDP connections must
 * be answered exactly once, by the owner of the model's bucket. Node 1 goes through the two
 * steps one by one, node 2 through {@link ClusteripToNft#migrate}, node 3 is interrupted after
 * step 1 and completed by {@code migrate} (RESUMED).
 */
final class GuestRollingMigration {
    static final int N = 3;
    static final long SEED = 0x5eed1234L;
    static final int PORT = 7000;
    private static final Inet4Address VIP = GuestClusterIpCheck.VIP;
    private static final String MAC = GuestClusterIpCheck.MAC;
    private final GuestClusterIpCheck out;
    private final List<Held> held = new ArrayList<>();
    private final List<GuestClient.HeldUdp> heldUdp = new ArrayList<>();
    private GuestLan lan;
    private GuestResponders resp;
    private GuestClient client;
    private BucketPredictor model;
    private int batch;
    private int newFlows;
    private int pings;

    GuestRollingMigration(GuestClusterIpCheck out) { this.out = out; }

    void run() throws Exception {
        long t0 = System.nanoTime();
        try (GuestLan l = GuestLan.create("m", 3, 150, 12); GuestResponders r = new GuestResponders()) {
            lan = l;
            resp = r;
            client = new GuestClient(lan.client, VIP, 4000);
            ClusterIpHashMode cipMode = ClusterIpHashMode.SOURCE_IP_SOURCE_PORT;
            for (int k = 1; k <= N; k++) {
                TestNetns n = lan.node(k);
                n.ip("addr", "add", VIP.getHostAddress() + "/24", "dev", "cv0");
                new ClusterIpLegacyBackend(n.name()).start(new ClusterIpParams(VIP, "cv0", MAC, N, k, cipMode, SEED));
                resp.start(n, "n" + k, VIP, PORT, PORT);
            }
            ClusterIpSpec expected = ClusterIpSpec.builder().vip(VIP).nic("cv0").buckets(N)
                    .hashMode(HashMode.CLUSTERIP_COMPATIBLE).seed(SEED).clusterMac(MAC).build();
            model = BucketPredictor.of(expected);
            openHeld();
            verify("CLUSTERIP cluster before the migration");

            try {
                new ClusteripToNft(lan.client.name()).plan(VIP, null);
                out.check("a node without CLUSTERIP or clonevip: NOTHING_TO_MIGRATE", false, "planned");
            } catch (ClusterIpException e) {
                out.check("a node without CLUSTERIP or clonevip: NOTHING_TO_MIGRATE",
                        e.reason() == ClusterIpException.Reason.NOTHING_TO_MIGRATE, e.getMessage());
            }

            // node 1: the two steps one by one, traffic checked in between
            ClusteripToNft m1 = new ClusteripToNft(lan.node(1).name());
            ClusteripToNft.Plan p = m1.plan(VIP, null);
            out.check("plan for node 1: " + ClusteripToNft.describe(p.spec()) + ", local " + p.local().format() + ", /" + p.address().prefix(),
                    p.spec().equals(expected) && p.local().equals(BucketSet.of(N, 1)) && p.address().prefix() == 24
                            && p.clusterip().isPresent() && !p.nftInPlace(), p);
            long ts = System.nanoTime();
            ClusteripToNft.Plan applied = m1.applyNft(p);
            GuestClusterIpCheck.measure("node 1 step 1 (nft applied next to CLUSTERIP, read back)", ts);
            verify("node 1 with nft AND CLUSTERIP active");
            ts = System.nanoTime();
            m1.removeClusterip(applied);
            GuestClusterIpCheck.measure("node 1 step 2 (CLUSTERIP rule removed, address/membership re-asserted)", ts);
            migrated(1);
            verify("node 1 on nft, nodes 2-3 on CLUSTERIP");

            // node 2: the public one-call path
            ts = System.nanoTime();
            ClusteripToNft.Result r2 = new ClusteripToNft(lan.node(2).name()).migrate(VIP, null);
            GuestClusterIpCheck.measure("node 2 migrate() (plan + both steps)", ts);
            out.check("node 2: MIGRATED, local {2}", r2.outcome() == ClusteripToNft.Outcome.MIGRATED
                    && r2.plan().local().equals(BucketSet.of(N, 2)) && r2.warnings().isEmpty(), r2);
            migrated(2);
            verify("nodes 1-2 on nft, node 3 on CLUSTERIP");

            // node 3: interrupted after step 1, completed by migrate()
            ClusteripToNft m3 = new ClusteripToNft(lan.node(3).name());
            m3.applyNft(m3.plan(VIP, null));
            verify("node 3 with nft AND CLUSTERIP active (interrupted run)");
            ClusteripToNft.Result r3 = m3.migrate(VIP, null);
            out.check("node 3: the interrupted migration completes as RESUMED", r3.outcome() == ClusteripToNft.Outcome.RESUMED, r3);
            migrated(3);
            verify("all nodes on nft");

            ClusteripToNft.Result again = m1.migrate(VIP, null);
            out.check("migrate again on node 1: ALREADY_MIGRATED, nothing changed", again.outcome() == ClusteripToNft.Outcome.ALREADY_MIGRATED
                    && again.plan().local().equals(BucketSet.of(N, 1)), again);
            destroyFallback(lan.node(1), expected);
            verify("after the idempotency and DESTROY checks");
            for (Held h : held) h.close();
        } finally {
            for (GuestClient.HeldUdp h : heldUdp) h.close();
            for (Held h : held) {
                try { h.close(); } catch (java.io.IOException e) { /* closing */ }
            }
        }
        out.check("rolling migration: " + pings + " pings on " + (N * 2) + " long-lived TCP connections and " + N + " UDP flows, " + newFlows
                + " new flows, all answered exactly once by their owner", pings > 0 && newFlows > 0, null);
        GuestClusterIpCheck.measure("whole rolling migration part", t0);
    }

    /** Two long-lived TCP connections per bucket, each from its own source address/port. */
    private void openHeld() throws Exception {
        int[] have = new int[N + 1];
        for (int sp = 45000; sp < 45200 && held.size() < 2 * N; sp++) {
            Inet4Address src = lan.clientAddresses.get(sp % lan.clientAddresses.size());
            int b = model.bucketIpv4(GuestClient.ipv4(src), 6, sp, PORT);
            if (have[b] >= 2) continue;
            held.add(client.hold(src, sp, PORT));
            have[b]++;
        }
        out.check("two long-lived TCP connections in every bucket", held.size() == 2 * N, java.util.Arrays.toString(have));
        int[] udp = new int[N + 1];
        for (int sp = 46000; sp < 46200 && heldUdp.size() < N; sp++) {
            Inet4Address src = lan.clientAddresses.get(sp % lan.clientAddresses.size());
            int b = model.bucketIpv4(GuestClient.ipv4(src), 17, sp, PORT);
            if (udp[b] >= 1) continue;
            heldUdp.add(client.holdUdp(src, sp, PORT));
            udp[b]++;
        }
        out.check("one long-lived UDP flow in every bucket", heldUdp.size() == N, java.util.Arrays.toString(udp));
    }

    private void verify(String when) throws Exception {
        long t0 = System.nanoTime();
        List<String> bad = new ArrayList<>();
        for (Held h : held) {
            Flow f = h.flow();
            String want = "n" + model.bucketIpv4(f.saddr(), 6, f.sport(), f.dport());
            String got = h.ping();
            pings++;
            if (!got.equals(want)) bad.add(f + " answered " + got + ", wanted " + want);
        }
        for (GuestClient.HeldUdp h : heldUdp) {
            Flow f = h.flow();
            String want = "n" + model.bucketIpv4(f.saddr(), 17, f.sport(), f.dport());
            String got = h.ping();
            pings++;
            if (!got.equals(want) || !resp.servedBy(f.served()).stream().allMatch(want::equals)) {
                bad.add(f + " answered " + got + ", wanted " + want + ", served by " + resp.servedBy(f.served()));
            }
        }
        out.check(when + ": every long-lived connection (6 TCP, 3 UDP) still answers from its node, only from it", bad.isEmpty(), bad);
        GuestClusterIpCheck.measure("ping on the " + (held.size() + heldUdp.size()) + " long-lived flows (" + when + ")", t0);

        int base = 50000 + 100 * batch++;
        List<Flow> flows = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            Inet4Address src = lan.clientAddresses.get(i % lan.clientAddresses.size());
            flows.add(new Flow(i % 2 == 0 ? 6 : 17, src, base + i, PORT));
        }
        t0 = System.nanoTime();
        List<String> results = client.run(flows);
        GuestClusterIpCheck.measure(flows.size() + " new flows (" + when + ")", t0);
        bad.clear();
        int[] per = new int[N + 1];
        for (int i = 0; i < flows.size(); i++) {
            Flow f = flows.get(i);
            int b = model.bucketIpv4(f.saddr(), f.proto(), f.sport(), f.dport());
            String want = "n" + b;
            List<String> served = resp.servedBy(f.served());
            if (results.get(i).equals(want) && served.equals(List.of(want))) {
                per[b]++;
                newFlows++;
            } else {
                bad.add(f + " bucket " + b + ": client " + results.get(i) + ", served by " + served);
            }
        }
        out.check(when + ": " + flows.size() + " new TCP/UDP flows each answered exactly once by its owner (per node "
                + per[1] + "/" + per[2] + "/" + per[3] + ")", bad.isEmpty(), bad);
    }

    private void migrated(int k) throws Exception {
        TestNetns n = lan.node(k);
        ClusterIpState st = new ClusterIpLegacyBackend(n.name()).state(VIP);
        NodeStatus s = NetNs.call(n.name(), () -> {
            try (ClusterIpNode node = ClusterIpNode.open()) { return node.status(VIP); }
        });
        String maddr = n.ip("maddr", "show", "dev", "cv0");
        out.check("node " + k + " after migration: no CLUSTERIP rule or /proc file; nft whole with local {" + k
                + "}, address and cluster MAC in place", st.rules().isEmpty() && st.localNodes().isEmpty() && s != null
                && s.whole() && s.state().local().equals(BucketSet.of(N, k))
                && maddr.toLowerCase().contains(MAC.toLowerCase()), st + " " + s + "\n" + maddr);
    }

    /** On 6.1 NftConn must take the delete fallback for DESTROY (NFT_MSG_DESTROY* came in 6.3). */
    private void destroyFallback(TestNetns n, ClusterIpSpec spec) throws Exception {
        NetNs.run(n.name(), () -> {
            try (NftConn c = NftConn.open()) {
                out.check("NftConn on " + System.getProperty("os.version") + ": DESTROY not supported, fallback used",
                        !c.destroySupported(), c.destroySupported());
                c.transact(() -> new Plan<>(new Batch().destroyTable(Table.of(Family.INET, "clonevip_absent")), null));
                c.transact(() -> new Plan<>(new Batch().destroyElements(ClusterRuleset.of(spec).local(),
                        List.of(SetElement.mark(2), SetElement.mark(3))), null));
                List<SetElement> left = c.listElements(Family.INET, ClusterRuleset.tableName(VIP), ClusterRuleset.SET_LOCAL);
                out.check("destroy of an absent table and of absent set elements: no error, local set still {1}",
                        left.size() == 1 && left.get(0).markValue() == 1, left);
            }
        });
    }
}
