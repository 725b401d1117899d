package io.clonevip.clusterip;

import io.clonevip.cluster.BucketSet;
import io.clonevip.cluster.ClusterIpNode;
import io.clonevip.cluster.ClusterIpSpec;
import io.clonevip.cluster.HashMode;
import io.clonevip.cluster.VipAddress;
import io.clonevip.cluster.hash.BucketPredictor;
import io.clonevip.cluster.hash.ClusteripHash;
import io.clonevip.clusterip.GuestClient.Flow;
import io.clonevip.nativ.NetNs;
import io.clonevip.testkit.net.TestNetns;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Part 1 of the CLUSTERIP issue, inside the 6.1 guest: one node namespace runs real CLUSTERIP
 * ({@link ClusterIpLegacyBackend}), one runs clonevip's clusterip-compatible nft ruleset
 * ({@link ClusterIpNode}), same VIP, MAC, N = 7 and seed = hash_init, on one bridge with a client
 * of 60 source addresses. For each of CLUSTERIP's three hash modes:
 * <ol>
 * <li><b>equivalence</b>: both nodes own all buckets, so both accept every flow and keep it in
 *     conntrack with the bucket as ct mark (CLUSTERIP writes its node number there on NEW, nft
 *     writes the jhash bucket). For every flow (UDP, TCP, ICMP echo) both marks must equal the
 *     Java model ({@link BucketPredictor}, itself cross-checked against {@link ClusteripHash});</li>
 * <li><b>mixed cluster</b>: CLUSTERIP owns buckets 1-3, nft owns 4-7; every flow must be answered,
 *     exactly once, by the node owning the model's bucket, and only that node may hold a
 *     conntrack entry for it.</li>
 * </ol>
 */
final class GuestCompatEquivalence {
    static final int N = 7;
    static final long SEED = 0x9e3779b9L;
    static final int PORT = 7000;
    private static final Inet4Address VIP = GuestClusterIpCheck.VIP;
    private static final String MAC = GuestClusterIpCheck.MAC;
    private static final BucketSet CIP_MIXED = BucketSet.parse("1-3", N);
    private final GuestClusterIpCheck out;
    private int compared;
    private int mixedFlows;

    GuestCompatEquivalence(GuestClusterIpCheck out) { this.out = out; }

    void run() throws Exception {
        long t0 = System.nanoTime();
        try (GuestLan lan = GuestLan.create("q", 2, 150, 60); GuestResponders resp = new GuestResponders()) {
            GuestClusterIpCheck.measure("LAN with client (60 addresses) and 2 nodes", t0);
            TestNetns cip = lan.node(1);
            TestNetns nft = lan.node(2);
            cip.ip("addr", "add", VIP.getHostAddress() + "/24", "dev", "cv0");
            ClusterIpLegacyBackend backend = new ClusterIpLegacyBackend(cip.name());
            GuestClient client = new GuestClient(lan.client, VIP, 4000);
            List<HashMode> modes = List.of(HashMode.SOURCE_IP_SOURCE_PORT, HashMode.SOURCE_IP, HashMode.SOURCE_IP_SOURCE_PORT_DEST_PORT);
            for (int m = 0; m < modes.size(); m++) {
                HashMode plain = modes.get(m);
                ClusterIpSpec spec = ClusterIpSpec.builder().vip(VIP).nic("cv0").buckets(N)
                        .hashMode(HashMode.compatibleWith(plain)).seed(SEED).clusterMac(MAC).build();
                long tc = System.nanoTime();
                for (int k = 1; k <= N; k++) {
                    backend.start(new ClusterIpParams(VIP, "cv0", MAC, N, k, ClusterIpHashMode.ofIptablesName(plain.keyword()), SEED));
                }
                NetNs.run(nft.name(), () -> {
                    try (ClusterIpNode n = ClusterIpNode.open()) { n.apply(spec, VipAddress.of(24), BucketSet.all(N)); }
                });
                GuestClusterIpCheck.measure("configure CLUSTERIP (7 local nodes) + nft (" + spec.hashMode() + ")", tc);
                if (m == 0) {
                    GuestLan.longConntrackTimeouts(cip);
                    GuestLan.longConntrackTimeouts(nft);
                    resp.start(cip, "cip", VIP, PORT, PORT, PORT + 1, PORT + 2, PORT + 3, PORT + 4);
                    resp.start(nft, "nft", VIP, PORT, PORT, PORT + 1, PORT + 2, PORT + 3, PORT + 4);
                    resp.listenOnly(cip, VIP, PORT + 5, PORT + 6, PORT + 7, PORT + 8);
                    resp.listenOnly(nft, VIP, PORT + 5, PORT + 6, PORT + 7, PORT + 8);
                    // the client ignores what those listeners send back: their connections stay half-open
                    // (SYN_RECV) on both nodes, with the node's ct mark, instead of being completed by one
                    lan.client.execOk("iptables-legacy", "-w", "-A", "INPUT", "-p", "tcp", "--sport", (PORT + 5) + ":" + (PORT + 8), "-j", "DROP");
                    listing(nft, spec);
                }
                equivalence(lan, client, cip, nft, spec, plain, m);
                mixed(lan, client, resp, backend, cip, nft, spec, m);
                backend.removeRules(VIP);
                NetNs.run(nft.name(), () -> {
                    try (ClusterIpNode n = ClusterIpNode.open()) { n.tables().remove(VIP); }
                });
            }
        }
        out.check("equivalence: " + compared + " flows compared (CLUSTERIP mark = nft mark = model), " + mixedFlows
                + " flows through mixed clusters", compared >= 1000, compared);
        GuestClusterIpCheck.measure("whole CLUSTERIP/nft equivalence part", t0);
    }

    private void equivalence(GuestLan lan, GuestClient client, TestNetns cip, TestNetns nft, ClusterIpSpec spec,
                             HashMode plain, int m) throws Exception {
        List<Inet4Address> a = lan.clientAddresses;
        List<Flow> flows = new ArrayList<>();
        for (int i = 0; i < 200; i++) flows.add(new Flow(17, a.get(i % 40), 20000 + m * 1000 + i, PORT + 1 + i % 4));
        for (int i = 0; i < 150; i++) flows.add(new Flow(6, a.get(i * 7 % 40), 30000 + m * 1000 + i, PORT + 5 + i % 4));
        for (int j = 0; j < 4; j++) flows.add(new Flow(1, a.get(40 + m * 4 + j), 0, 0));
        long t0 = System.nanoTime();
        List<Flow> tcp = flows.stream().filter(f -> f.proto() == 6).toList();
        List<java.nio.channels.SocketChannel> halfOpen = client.syns(tcp);
        List<Flow> others = flows.stream().filter(f -> f.proto() != 6).toList();
        List<String> otherResults = client.run(others);
        List<String> results = new ArrayList<>();
        for (int i = 0, j = 0; i < flows.size(); i++) results.add(flows.get(i).proto() == 6 ? "syn" : otherResults.get(j++));
        List<String> keys = flows.stream().map(Flow::ctKey).toList();
        Map<String, GuestConntrack.Entry> ctCip = GuestConntrack.readAll(cip, keys, 3);
        Map<String, GuestConntrack.Entry> ctNft = GuestConntrack.readAll(nft, keys, 3);
        long deadline = System.nanoTime() + 20_000_000_000L;
        // poll until every flow's entry has been read on both nodes (a read of nf_conntrack can miss an
        // entry while the table changes; lost SYNs are retransmitted after 1 s)
        int round = 0;
        while (System.nanoTime() < deadline && !flows.stream().allMatch(f -> ctCip.containsKey(f.ctKey()) && ctNft.containsKey(f.ctKey()))) {
            Thread.sleep(200);
            if (++round % 5 == 0) {
                // an echo request a node dropped under emulation is not retransmitted, unlike a SYN: ask again
                List<Flow> lost = others.stream().filter(f -> f.proto() == 1
                        && !(ctCip.containsKey(f.ctKey()) && ctNft.containsKey(f.ctKey()))).toList();
                if (!lost.isEmpty()) client.run(lost);
            }
            ctCip.putAll(GuestConntrack.read(cip));
            ctNft.putAll(GuestConntrack.read(nft));
        }
        for (java.nio.channels.SocketChannel ch : halfOpen) ch.close();
        GuestClusterIpCheck.measure(flows.size() + " flows, both nodes owning all buckets (" + spec.hashMode() + ")", t0);
        BucketPredictor model = BucketPredictor.of(spec);
        int ok = 0;
        int[] perBucket = new int[N + 1];
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < flows.size(); i++) {
            Flow f = flows.get(i);
            int bucket = model.bucketIpv4(f.saddr(), f.proto(), f.sport(), f.dport());
            int direct = ClusteripHash.node(plain, f.saddr(), f.proto(), f.sport(), f.dport(), (int) SEED, N);
            GuestConntrack.Entry c = ctCip.get(f.ctKey());
            GuestConntrack.Entry n = ctNft.get(f.ctKey());
            String want = f.proto() == 6 ? "syn" : f.proto() == 1 ? "reply" : null;
            boolean answered = want == null ? results.get(i).equals("cip") || results.get(i).equals("nft") : results.get(i).equals(want);
            if (answered && c != null && n != null && c.mark() == bucket && n.mark() == bucket && direct == bucket) {
                ok++;
                perBucket[bucket]++;
            } else if (bad.size() < 8) {
                bad.add(f + " client=" + results.get(i) + " model=" + bucket + "/" + direct + " CLUSTERIP ct=" + c + " nft ct=" + n);
            }
        }
        compared += ok;
        System.out.println("  buckets of the " + flows.size() + " flows (" + spec.hashMode() + "): " + java.util.Arrays.toString(perBucket));
        out.check(spec.hashMode() + ": every flow's CLUSTERIP bucket = nft bucket = model (" + ok + "/" + flows.size()
                + ", UDP 200 / TCP 150 / ICMP 4)", ok == flows.size(), bad);
    }

    private void mixed(GuestLan lan, GuestClient client, GuestResponders resp, ClusterIpLegacyBackend backend, TestNetns cip,
                       TestNetns nft, ClusterIpSpec spec, int m) throws Exception {
        for (int k = 1; k <= N; k++) if (!CIP_MIXED.contains(k)) backend.stop(VIP, k);
        BucketSet nftOwns = BucketSet.all(N);
        for (int k : CIP_MIXED) nftOwns = nftOwns.without(k);
        BucketSet nftSet = nftOwns;
        NetNs.run(nft.name(), () -> {
            try (ClusterIpNode n = ClusterIpNode.open()) { n.tables().setBuckets(VIP, nftSet); }
        });
        List<Inet4Address> a = lan.clientAddresses;
        List<Flow> flows = new ArrayList<>();
        for (int i = 0; i < 40; i++) flows.add(new Flow(17, a.get((i * 3) % 40), 24000 + m * 1000 + i, PORT));
        for (int i = 0; i < 40; i++) flows.add(new Flow(6, a.get((i * 11) % 40), 34000 + m * 1000 + i, PORT));
        for (int j = 0; j < 2; j++) flows.add(new Flow(1, a.get(52 + m * 2 + j), 0, 0));
        long t0 = System.nanoTime();
        List<String> results = client.run(flows);
        GuestClusterIpCheck.measure(flows.size() + " flows through the mixed cluster (" + spec.hashMode() + ")", t0);
        BucketPredictor model = BucketPredictor.of(spec);
        List<String> onCip = new ArrayList<>();
        List<String> onNft = new ArrayList<>();
        for (Flow f : flows) {
            (CIP_MIXED.contains(model.bucketIpv4(f.saddr(), f.proto(), f.sport(), f.dport())) ? onCip : onNft).add(f.ctKey());
        }
        Map<String, GuestConntrack.Entry> ctCip = GuestConntrack.readAll(cip, onCip, 4);
        Map<String, GuestConntrack.Entry> ctNft = GuestConntrack.readAll(nft, onNft, 4);
        int ok = 0;
        int byCip = 0;
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < flows.size(); i++) {
            Flow f = flows.get(i);
            int bucket = model.bucketIpv4(f.saddr(), f.proto(), f.sport(), f.dport());
            String owner = CIP_MIXED.contains(bucket) ? "cip" : "nft";
            GuestConntrack.Entry c = ctCip.get(f.ctKey());
            GuestConntrack.Entry n = ctNft.get(f.ctKey());
            GuestConntrack.Entry mine = owner.equals("cip") ? c : n;
            GuestConntrack.Entry other = owner.equals("cip") ? n : c;
            boolean kernel = mine != null && mine.mark() == bucket && other == null;
            boolean answer = f.proto() == 1 ? results.get(i).equals("reply") : results.get(i).equals(owner)
                    && resp.servedBy(f.served()).equals(List.of(owner));
            if (kernel && answer) {
                ok++;
                if (owner.equals("cip")) byCip++;
            } else if (bad.size() < 8) {
                bad.add(f + " bucket " + bucket + " owner " + owner + " client=" + results.get(i) + " served=" + resp.servedBy(f.served())
                        + " CLUSTERIP ct=" + c + " nft ct=" + n);
            }
        }
        mixedFlows += ok;
        out.check(spec.hashMode() + ", mixed cluster (CLUSTERIP 1-3, nft 4-7): every flow answered exactly once by the owner ("
                + ok + "/" + flows.size() + "; " + byCip + " by CLUSTERIP, " + (ok - byCip) + " by nft)",
                ok == flows.size() && byCip > 0 && byCip < ok, bad);
    }

    private void listing(TestNetns nft, ClusterIpSpec spec) {
        String listing = nft.execOk("nft", "list", "table", "inet", io.clonevip.cluster.ClusterRuleset.tableName(VIP));
        String nftVersion = nft.execOk("nft", "--version").strip();
        List<String> hashLines = listing.lines().filter(l -> l.contains("jhash")).map(String::strip).toList();
        System.out.println("  " + nftVersion + " lists the " + spec.hashMode() + " hash rules as:");
        hashLines.forEach(l -> System.out.println("    " + l));
        boolean showsByteorder = listing.contains("byteorder") || listing.contains("ntoh");
        out.check("nft list shows the compatible rule " + (showsByteorder ? "with" : "WITHOUT") + " its byteorder step; "
                + "HashMode.listsFaithfully() = " + spec.hashMode().listsFaithfully(),
                showsByteorder == spec.hashMode().listsFaithfully() && !hashLines.isEmpty(), listing);
    }
}
