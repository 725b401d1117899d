package io.clonevip.bench;

import io.clonevip.cluster.BucketSet;
import io.clonevip.cluster.ClusterIpSpec;
import io.clonevip.cluster.ClusterIpTables;
import io.clonevip.cluster.ClusterRuleset;
import io.clonevip.nativ.NetNs;
import io.clonevip.nft.NftConn;
import java.io.File;
import java.util.Arrays;
import java.util.List;

/**
 * Side by side, in one run, inside the network namespace named by the first argument: moving a
 * bucket in (add) and out (remove) of this node's set with clonevip's in-process netlink backend
 * (each change a genid-checked transaction computed from the state read back) versus the same
 * change made by the {@code nft} CLI ({@code nft add element} / {@code nft delete element}).
 * Prints the medians and the ratio, and writes them as JSON to OUT if given.
 * Usage: BucketChangeSideBySide NETNS [ROUNDS [OUT.json]]
 */
public final class BucketChangeSideBySide {
    private BucketChangeSideBySide() {}

    public static void main(String[] args) throws Exception {
        String ns = args[0];
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        ClusterIpSpec spec = ClusterIpSpec.builder().vip("198.51.100.100").nic("eth0").buckets(12).build();
        String table = ClusterRuleset.tableName(spec.vip());
        double[][] r = NetNs.call(ns, () -> {
            try (NftConn c = NftConn.open()) {
                ClusterIpTables t = new ClusterIpTables(c);
                t.apply(spec, BucketSet.parse("1-4", 12));
                for (int i = 0; i < 20; i++) { t.addBuckets(spec.vip(), 5); t.removeBuckets(spec.vip(), 5); } // warm-up
                double[] add = new double[rounds];
                double[] del = new double[rounds];
                double[] cliAdd = new double[rounds];
                double[] cliDel = new double[rounds];
                for (int i = 0; i < rounds; i++) {
                    long a = System.nanoTime();
                    t.addBuckets(spec.vip(), 5);
                    long b = System.nanoTime();
                    t.removeBuckets(spec.vip(), 5);
                    long c2 = System.nanoTime();
                    nft("add", table);
                    long d = System.nanoTime();
                    nft("delete", table);
                    long e = System.nanoTime();
                    add[i] = (b - a) / 1e6; del[i] = (c2 - b) / 1e6; cliAdd[i] = (d - c2) / 1e6; cliDel[i] = (e - d) / 1e6;
                }
                if (!t.state(spec.vip()).local().format().equals("1-4")) throw new IllegalStateException("state drifted");
                t.remove(spec.vip());
                return new double[][] {add, del, cliAdd, cliDel};
            }
        });
        double add = median(r[0]), del = median(r[1]), cliAdd = median(r[2]), cliDel = median(r[3]);
        System.out.printf("bucket change, %d rounds, medians (ms):%n", rounds);
        System.out.printf("  clonevip netlink  add %.3f  remove %.3f  (add+remove %.3f)%n", add, del, add + del);
        System.out.printf("  nft CLI           add %.3f  remove %.3f  (add+remove %.3f)%n", cliAdd, cliDel, cliAdd + cliDel);
        System.out.printf("  ratio clonevip/nft: add %.3f  remove %.3f  add+remove %.3f  (target <= 0.1)%n",
                add / cliAdd, del / cliDel, (add + del) / (cliAdd + cliDel));
        if (args.length > 2) {
            java.nio.file.Files.writeString(java.nio.file.Path.of(args[2]), String.format(java.util.Locale.ROOT,
                    "{\"rounds\": %d, \"clonevipAddMs\": %.4f, \"clonevipRemoveMs\": %.4f, \"nftAddMs\": %.4f, \"nftRemoveMs\": %.4f,%n"
                    + " \"ratioAdd\": %.4f, \"ratioRemove\": %.4f, \"ratioAddRemove\": %.4f}%n",
                    rounds, add, del, cliAdd, cliDel, add / cliAdd, del / cliDel, (add + del) / (cliAdd + cliDel)));
        }
    }

    private static void nft(String verb, String table) throws Exception {
        Process p = new ProcessBuilder(List.of("nft", verb, "element", "inet", table, ClusterRuleset.SET_LOCAL, "{ 5 }"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (p.waitFor() != 0) throw new IllegalStateException("nft " + verb + " element failed");
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
