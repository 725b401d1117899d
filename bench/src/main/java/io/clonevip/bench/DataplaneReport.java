package io.clonevip.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * What {@link DataplaneSideBySide} measured, summed up on the console and in its JSON file: per
 * configuration the median and best packets/s and the rules' cost per packet per node, owners
 * against layout V2, the owner / non-owner split, the share of packets the owners accepted.
 */
final class DataplaneReport {
    private DataplaneReport() {}

    /**
     * Per configuration: median and best packets/s, and the rules' cost per packet per node as
     * the median over rounds of the difference to the same round's no-table flood (paired, so
     * load that drifts between rounds cancels), from packets/s and from kernel CPU time.
     */
    static void write(List<DataplaneSideBySide.Sample> samples, double seconds, int rounds, Path out) throws IOException {
        System.out.printf(Locale.ROOT, "data plane, %d rounds of %.1f s per config (packets/s reaching each of 3 nodes):%n", rounds, seconds);
        StringBuilder json = new StringBuilder("{\n  \"rounds\": " + rounds + ", \"seconds\": " + seconds + ", \"nodes\": 3, \"sockets\": " + DataplaneSideBySide.SOCKETS + ",\n  \"configs\": [\n");
        double base = median(samples, "none", DataplaneSideBySide.Sample::pps);
        for (String c : DataplaneSideBySide.CONFIGS) {
            double pps = median(samples, c, DataplaneSideBySide.Sample::pps);
            double best = samples.stream().filter(s -> s.config().equals(c)).mapToDouble(DataplaneSideBySide.Sample::pps).max().orElse(Double.NaN);
            double[] cost = new double[rounds];
            double[] costCpu = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                DataplaneSideBySide.Sample none = of(samples, "none", r);
                DataplaneSideBySide.Sample x = of(samples, c, r);
                cost[r] = (1e6 / x.pps() - 1e6 / none.pps()) / 3;
                costCpu[r] = (x.cpuNsPerPacket() - none.cpuNsPerPacket()) / 3 / 1000;
            }
            double costUs = BucketChangeSideBySide.median(cost);
            double costCpuUs = BucketChangeSideBySide.median(costCpu);
            System.out.printf(Locale.ROOT, "  %-9s median %9.0f pkt/s (best %6.0f)  ratio to none %.3f  rules' cost per packet per node %.3f us (from CPU time %.3f us)%n",
                    c, pps, best, pps / base, costUs, costCpuUs);
            json.append(String.format(Locale.ROOT,
                    "    {\"config\": \"%s\", \"pps\": %.0f, \"bestPps\": %.0f, \"cpuNsPerPacket\": %.1f, \"ratioToNone\": %.4f, \"costUsPerPacketPerNode\": %.4f, \"costUsFromCpu\": %.4f, \"samplesPps\": %s, \"samplesCpuNs\": %s}%s%n",
                    c, pps, best, median(samples, c, DataplaneSideBySide.Sample::cpuNsPerPacket), pps / base, costUs, costCpuUs,
                    samples.stream().filter(s -> s.config().equals(c)).map(s -> String.format(Locale.ROOT, "%.0f", s.pps())).toList(),
                    samples.stream().filter(s -> s.config().equals(c)).sorted(Comparator.comparingInt(DataplaneSideBySide.Sample::round))
                            .map(s -> String.format(Locale.ROOT, "%.1f", s.cpuNsPerPacket())).toList(),
                    c.equals(DataplaneSideBySide.CONFIGS.getLast()) ? "" : ","));
        }
        json.append("  ],\n");
        // owners only (every node serves every bucket): each config against v2's in the same round, paired
        json.append("  \"ownerAgainstV2\": [");
        String sep = "";
        for (String suffix : List.of("-owner", "-est")) {
            if (!DataplaneSideBySide.CONFIGS.contains("v2" + suffix)) continue;
            for (String c : DataplaneSideBySide.CONFIGS) {
                if (!c.endsWith(suffix) || c.equals("v2" + suffix)) continue;
                double[] d = new double[rounds];
                for (int r = 0; r < rounds; r++) d[r] = (of(samples, c, r).cpuNsPerPacket() - of(samples, "v2" + suffix, r).cpuNsPerPacket()) / 3 / 1000;
                double[] q = quartiles(d);
                System.out.printf(Locale.ROOT, "  %-22s owner against v2%s, paired by round: median %+.3f us (quartiles %+.3f, %+.3f)%n", c, suffix, q[1], q[0], q[2]);
                json.append(String.format(Locale.ROOT, "%s%n    {\"config\": \"%s\", \"against\": \"v2%s\", \"medianUs\": %.4f, \"q1Us\": %.4f, \"q3Us\": %.4f}",
                        sep, c, suffix, q[1], q[0], q[2]));
                sep = ",";
            }
        }
        json.append("\n  ],\n");
        for (String layout : DataplaneSideBySide.CONFIGS) {
            if (!DataplaneSideBySide.CONFIGS.contains(layout + "-nonowner")) continue;
            // per packet: one owner and two non-owners; the -nonowner run gives three non-owners
            double[] owner = new double[rounds];
            double[] nonOwner = new double[rounds];
            double[] wholeRatio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                DataplaneSideBySide.Sample none = of(samples, "none", r);
                double all = of(samples, layout, r).cpuNsPerPacket() - none.cpuNsPerPacket();
                double drop = (of(samples, layout + "-nonowner", r).cpuNsPerPacket() - none.cpuNsPerPacket()) / 3;
                nonOwner[r] = drop / 1000;
                owner[r] = (all - 2 * drop) / 1000;
                wholeRatio[r] = of(samples, layout, r).cpuNsPerPacket() / none.cpuNsPerPacket();
            }
            double o = BucketChangeSideBySide.median(owner);
            double n = BucketChangeSideBySide.median(nonOwner);
            double w = BucketChangeSideBySide.median(wholeRatio);
            System.out.printf(Locale.ROOT, "  %-9s per packet: owner %.3f us, non-owner %.3f us (from CPU time); whole path with the rules / without: %.3f%n",
                    layout, o, n, w);
            json.append(String.format(Locale.ROOT, "  \"%s\": {\"ownerUs\": %.4f, \"nonOwnerUs\": %.4f, \"wholePathRatioToNone\": %.4f},%n",
                    layout.equals("v2") ? "splitV2" : layout.equals("clonevip") ? "splitClonevip" : "split-" + layout, o, n, w));
        }
        json.append("  \"acceptedShareClonevip\": ").append(String.format(Locale.ROOT, "%.4f", median(samples, "clonevip", DataplaneSideBySide.Sample::acceptedShare)))
                .append(",\n  \"acceptedShareClusteripCompatible\": ").append(String.format(Locale.ROOT, "%.4f", median(samples, "clusterip-compatible", DataplaneSideBySide.Sample::acceptedShare)))
                .append("\n}\n");
        Files.writeString(out, json.toString());
    }

    /** First quartile, median and third quartile (linear interpolation between order statistics). */
    static double[] quartiles(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        double[] q = new double[3];
        for (int i = 0; i < 3; i++) {
            double pos = (s.length - 1) * (i + 1) / 4.0;
            int lo = (int) Math.floor(pos);
            q[i] = s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (pos - lo);
        }
        return q;
    }

    private static double median(List<DataplaneSideBySide.Sample> samples, String config, ToDoubleFunction<DataplaneSideBySide.Sample> f) {
        double[] v = samples.stream().filter(s -> s.config().equals(config)).mapToDouble(f).toArray();
        return v.length == 0 ? Double.NaN : BucketChangeSideBySide.median(v);
    }

    private static DataplaneSideBySide.Sample of(List<DataplaneSideBySide.Sample> samples, String config, int round) {
        return samples.stream().filter(s -> s.config().equals(config) && s.round() == round).findFirst().orElseThrow();
    }
}
