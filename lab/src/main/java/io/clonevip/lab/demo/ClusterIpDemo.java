package io.clonevip.lab.demo;

import io.clonevip.cluster.BucketSet;
import io.clonevip.cluster.ClusterIpSpec;
import io.clonevip.cluster.ClusterIpTables;
import io.clonevip.cluster.ClusterState;
import io.clonevip.cluster.hash.BucketPredictor;
import io.clonevip.lab.net.Flow;
import io.clonevip.lab.net.NetLab;
import io.clonevip.lab.net.Responders;
import io.clonevip.testkit.Cmd;
import io.clonevip.lab.net.TrafficClient;
import io.clonevip.nativ.NetNs;
import io.clonevip.nft.NftConn;
import java.io.PrintStream;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * The built-in demo ({@code make demo}): a bridge, three nodes and a client in network
 * namespaces; clonevip programs the cluster IP on each node over netlink; the client's requests
 * are answered by all three nodes, each only for its own buckets; a bucket moves and exactly its
 * clients move with it. Everything is torn down at the end.
 */
public final class ClusterIpDemo {
    private static final String VIP = "198.51.100.100";
    private static final int PORT = 3306;
    private final PrintStream out;

    private ClusterIpDemo(PrintStream out) { this.out = out; }

    public static void main(String[] args) throws Exception {
        new ClusterIpDemo(System.out).run();
    }

    private void say(String s) { out.println(s); out.flush(); }

    private void run() throws Exception {
        long t0 = System.nanoTime();
        InetAddress vip = InetAddress.getByName(VIP);
        ClusterIpSpec spec = ClusterIpSpec.builder().vip(VIP).nic("eth0").buckets(12).build();
        String[] initial = {"1-4", "5-8", "9-12"};
        say("== clonevip demo: one VIP " + VIP + " served by three nodes, 12 buckets");
        try (NetLab lab = NetLab.start(3); Responders responders = new Responders()) {
            say("-- lab: namespaces " + lab.id() + "-{lan,n1,n2,n3,c}, bridge br0, client " + lab.address(lab.client()));
            for (int i = 1; i <= 3; i++) {
                String ns = lab.node(i);
                Cmd.ok("ip", "-n", ns, "addr", "add", VIP + "/24", "dev", "eth0");
                Cmd.ok("ip", "-n", ns, "maddr", "add", spec.clusterMac().toString(), "dev", "eth0");
                BucketSet local = BucketSet.parse(initial[i - 1], 12);
                long a = System.nanoTime();
                NetNs.run(ns, () -> { try (NftConn c = NftConn.open()) { new ClusterIpTables(c).apply(spec, local); } });
                say(String.format("-- n%d: cluster IP programmed over netlink in %.1f ms, buckets %s", i, (System.nanoTime() - a) / 1e6, local.format()));
                responders.start(ns, "n" + i, vip, PORT);
            }
            say("-- what an operator sees on n1 (nft list table inet " + "clonevip_198_51_100_100):");
            for (String line : Cmd.ok("ip", "netns", "exec", lab.node(1), "nft", "list", "table", "inet", "clonevip_198_51_100_100").split("\n")) {
                say("   " + line);
            }
            TrafficClient client = new TrafficClient(lab.client(), lab.clientAddress(), vip, PORT, 2000);
            List<Integer> ports = IntStream.range(0, 240).map(i -> 24000 + 7 * i).boxed().toList();
            BucketPredictor p = BucketPredictor.of(spec);
            say("== 240 TCP connections from the client to " + VIP + ":" + PORT);
            List<Flow> before = client.tcp(ports);
            report(before, p, lab, initial);
            say("== move bucket 1 from n1 to n3 (n3 adds it, then n1 removes it: two atomic transactions)");
            long m = System.nanoTime();
            NetNs.run(lab.node(3), () -> { try (NftConn c = NftConn.open()) { new ClusterIpTables(c).addBuckets(vip, 1); } });
            NetNs.run(lab.node(1), () -> { try (NftConn c = NftConn.open()) { new ClusterIpTables(c).removeBuckets(vip, 1); } });
            say(String.format("-- moved in %.1f ms", (System.nanoTime() - m) / 1e6));
            List<Flow> after = client.tcp(ports);
            report(after, p, lab, new String[] {"2-4", "5-8", "1,9-12"});
            int changed = 0;
            int inBucket1 = 0;
            for (int i = 0; i < before.size(); i++) {
                boolean moved = !before.get(i).answeredBy().equals(after.get(i).answeredBy());
                int b = p.bucket(lab.clientAddress(), 6, before.get(i).sourcePort(), PORT);
                if (moved) changed++;
                if (b == 1) inBucket1++;
            }
            say("-- clients that changed node: " + changed + "; clients in bucket 1: " + inBucket1 + " (the same ones)");
            for (int i = 1; i <= 3; i++) {
                int n = i;
                ClusterState st = NetNs.call(lab.node(i), () -> { try (NftConn c = NftConn.open()) { return new ClusterIpTables(c).state(vip); } });
                say("   n" + n + " serves " + st.local().format() + ", accepted packets per bucket " + st.localCounters().stream()
                        .map(bc -> bc.bucket() + ":" + bc.packets()).toList());
            }
            say("== tearing down the lab");
        }
        say(String.format("== done in %.1f s", (System.nanoTime() - t0) / 1e9));
    }

    private void report(List<Flow> flows, BucketPredictor p, NetLab lab, String[] owned) {
        Map<String, Integer> per = new TreeMap<>();
        int ok = 0;
        int asPredicted = 0;
        for (Flow f : flows) {
            if (!f.answered()) continue;
            ok++;
            per.merge(f.answeredBy(), 1, Integer::sum);
            int bucket = p.bucket(lab.clientAddress(), 6, f.sourcePort(), PORT);
            int node = Integer.parseInt(f.answeredBy().substring(1));
            if (BucketSet.parse(owned[node - 1], p.buckets()).contains(bucket)) asPredicted++;
        }
        say("   answered " + ok + "/" + flows.size() + "; per node " + per);
        say("   answered by the node owning the client's bucket (Java model of the kernel hash): " + asPredicted + "/" + ok);
    }
}
