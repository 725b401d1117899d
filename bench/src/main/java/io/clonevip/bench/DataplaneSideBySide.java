package io.clonevip.bench;

import io.clonevip.cluster.BucketSet;
import io.clonevip.cluster.ClusterIpSpec;
import io.clonevip.cluster.ClusterIpTables;
import io.clonevip.cluster.ClusterRuleset;
import io.clonevip.cluster.RulesetBatches;
import io.clonevip.cluster.RulesetLayout;
import io.clonevip.nft.Batch;
import io.clonevip.cluster.ClusterState;
import io.clonevip.cluster.HashMode;
import io.clonevip.lab.net.NetLab;
import io.clonevip.testkit.Cmd;
import io.clonevip.nativ.NetNs;
import io.clonevip.nft.NftConn;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Side by side in one run: UDP packets per second through the nodes of a 3-node namespace lab
 * (bridge with multicast snooping off; the client's neighbour entry for the VIP is the cluster
 * MAC, so every packet reaches all 3 nodes) with no table, with clonevip's ruleset
 * ({@link ClusterIpTables#apply}, 12 buckets, 4 per node), with the layouts before it (V2, V3), with clonevip's ruleset in the
 * clusterip-compatible mode (CLUSTERIP's hash: byteorder, raw ports) and with a stateless variant (same
 * hash, set lookup, no conntrack; loaded with the nft CLI). The flooder ({@code udpflood.c}) runs
 * pinned to one CPU; on veth the softirq work of the bridge and of all three nodes runs on that
 * CPU, so 1/pps is the whole path's cost and the rules' cost per packet per node is
 * {@code (1/pps(config) - 1/pps(none)) / 3}; the same from the CPU time the flooder thread and
 * that CPU's ksoftirqd used per packet, which other load on the machine disturbs less.
 * Configurations are interleaved round by round; medians are reported. Usage: DataplaneSideBySide FLOODER SECONDS ROUNDS CPU OUT.json
 */
public final class DataplaneSideBySide {
    private DataplaneSideBySide() {}

    static final String VIP = "198.51.100.100";
    static final int PORT = 9;
    static final int SOCKETS = 16;
    private static String flooder;
    private static int cpu;
    static final String STATELESS_TABLE = "cvbench_stateless";
    /**
     * {@code v2}: layout V2 (every packet through conntrack, the non-owners drop it after);
     * {@code v3}: layout V3 (early drop before conntrack); {@code clonevip}: the current layout
     * (V4: V3 serving first); the {@code -nonowner} variants give every node no bucket, so every
     * node drops every packet: their cost per node is a non-owner's, and an owner's is the whole
     * path's minus two of those. The {@code -owner} and {@code -est} variants make every node an
     * owner of every packet ({@link #base}), so their cost per node is an owner's alone.
     */
    static final List<String> DEFAULT_CONFIGS = List.of("none", "v2", "v3", "clonevip", "v2-nonowner", "v3-nonowner", "clonevip-nonowner",
            "clusterip-compatible", "stateless", "v2-owner", "v3-owner", "clonevip-owner", "v2-est", "v3-est", "clonevip-est");
    /** The configurations of this run: {@code DATAPLANE_CONFIGS} (comma-separated) or {@link #DEFAULT_CONFIGS}. */
    static final List<String> CONFIGS = System.getenv("DATAPLANE_CONFIGS") == null ? DEFAULT_CONFIGS
            : List.of(System.getenv("DATAPLANE_CONFIGS").split(","));
    /** Where {@code nft:NAME} configurations are read from: {@code NAME.nft}, a ruleset template. */
    static final Path VARIANTS = Path.of("bench/dataplane-variants");
    private static final Pattern RX = Pattern.compile("\"rx\":\\{\"bytes\":\\d+,\"packets\":(\\d+)");
    /** A flow of the flood in /proc/net/nf_conntrack: its client's port. */
    private static final Pattern FLOW = Pattern.compile("src=\\S+ dst=" + VIP.replace(".", "\\.") + " sport=(\\d+) dport=" + PORT + " ");
    private static final Pattern SENT = Pattern.compile("sent (\\d+) ns (\\d+) errors \\d+ cpu_ns (\\d+)");

    /**
     * One flood: packets counted at each node's eth0; CPU time of the flooder thread (with the
     * softirq receive work run in its context) plus the pinned CPU's ksoftirqd (the rest of it).
     */
    record Sample(String config, int round, long sent, long received, long elapsedNs, long cpuBusyNs, double acceptedShare) {
        double pps() { return received * 1e9 / elapsedNs; }
        double cpuNsPerPacket() { return (double) cpuBusyNs / received; }
    }

    public static void main(String[] args) throws Exception {
        String flooder = args[0];
        double seconds = Double.parseDouble(args[1]);
        int rounds = Integer.parseInt(args[2]);
        int cpu = Integer.parseInt(args[3]);
        Path out = Path.of(args[4]);
        ClusterIpSpec spec = ClusterIpSpec.builder().vip(VIP).nic("eth0").buckets(12).build();
        List<Sample> samples = new ArrayList<>();
        try (NetLab lab = NetLab.start(3)) {
            Thread cleanup = new Thread(lab::close, "lab-cleanup"); // Ctrl-C: namespaces and flooder go too
            Runtime.getRuntime().addShutdownHook(cleanup);
            for (String n : lab.nodes()) {
                Cmd.ok("ip", "-n", n, "addr", "add", VIP + "/24", "dev", "eth0");
                Cmd.ok("ip", "-n", n, "maddr", "add", spec.clusterMac().toString(), "dev", "eth0");
            }
            Cmd.ok("ip", "-n", lab.client(), "neigh", "replace", VIP, "lladdr", spec.clusterMac().toString(),
                    "dev", "eth0", "nud", "permanent");
            DataplaneSideBySide.flooder = flooder;
            DataplaneSideBySide.cpu = cpu;
            flood(lab, flooder, Math.min(1, seconds), cpu, 0); // warm-up: caches, neighbour, page faults
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < CONFIGS.size(); i++) {
                    String config = CONFIGS.get((i + r) % CONFIGS.size());
                    configure(lab, spec, config);
                    try {
                        samples.add(measure(lab, spec, config, r, flooder, seconds, cpu));
                    } finally {
                        unconfigure(lab, spec, config);
                    }
                }
            }
        }
        report(samples, seconds, rounds, out);
    }

    /** The first source port of the flows that {@code -est} configurations establish (one reply from each node per flow). */
    static final int EST_BASE_PORT = 40000;

    /**
     * A configuration without its suffix: {@code -nonowner} (no node serves a bucket), {@code -owner} (every node
     * serves every bucket; the flood's flows are never answered, so conntrack calls every packet {@code new}),
     * {@code -est} (every node serves every bucket and has answered each flow once: every packet is {@code established}).
     */
    static String base(String config) {
        return config.replaceFirst("-(nonowner|owner|est)$", "");
    }

    static boolean established(String config) {
        return config.endsWith("-est");
    }

    /** The buckets node {@code i} serves in {@code config}. */
    static BucketSet owned(String config, int i) {
        if (config.endsWith("-nonowner")) return BucketSet.empty(12);
        if (config.endsWith("-owner") || established(config)) return BucketSet.parse("1-12", 12);
        return BucketSet.parse((4 * i - 3) + "-" + (4 * i), 12);
    }

    /** An {@code nft:NAME} template for node buckets {@code local}: table, VIP, seed, elements and spec comment filled in. */
    static String variant(ClusterIpSpec spec, String name, BucketSet local) throws IOException {
        List<String> buckets = new ArrayList<>();
        for (int b : local) buckets.add(Integer.toString(b));
        String elements = local.isEmpty() ? "" : " elements = { " + String.join(", ", buckets) + " };";
        return Files.readString(VARIANTS.resolve(name + ".nft"))
                .replace("@TABLE@", ClusterRuleset.tableName(spec.vip())).replace("@VIP@", VIP)
                .replace("@SEED@", String.format(Locale.ROOT, "0x%08x", spec.seed())).replace("@LOCAL@", elements)
                .replace("@COMMENT@", io.clonevip.cluster.SpecComment.format(spec));
    }

    private static void configure(NetLab lab, ClusterIpSpec spec, String config) throws Exception {
        String base = base(config);
        for (int i = 1; i <= 3; i++) {
            String ns = lab.node(i);
            BucketSet local = owned(config, i);
            if (base.startsWith("nft:")) {
                Path f = Files.createTempFile("cvbench-variant-", ".nft");
                try {
                    Files.writeString(f, variant(spec, base.substring(4), local));
                    Cmd.ok("ip", "netns", "exec", ns, "nft", "-f", f.toString());
                } finally {
                    Files.deleteIfExists(f);
                }
                continue;
            }
            switch (base) {
                case "clonevip", "clusterip-compatible" -> NetNs.run(ns, () -> {
                    try (NftConn c = NftConn.open()) {
                        new ClusterIpTables(c).apply(specFor(spec, config), local);
                    }
                });
                case "v2", "v3" -> NetNs.run(ns, () -> {
                    try (NftConn c = NftConn.open()) {
                        c.apply(RulesetBatches.add(new Batch(), ClusterRuleset.of(spec, base.equals("v2") ? RulesetLayout.V2 : RulesetLayout.V3), local), 0);
                    }
                });
                case "stateless" -> {
                    Path f = Files.createTempFile("cvbench-stateless-", ".nft");
                    try {
                        Files.writeString(f, statelessRuleset(spec, 4 * i - 3));
                        Cmd.ok("ip", "netns", "exec", ns, "nft", "-f", f.toString());
                    } finally {
                        Files.deleteIfExists(f);
                    }
                }
                default -> { }
            }
        }
        if (established(config)) establish(lab);
    }

    /**
     * Makes the flows of the {@code -est} floods established on every node: a short flood from the fixed
     * source ports creates the conntrack entries, then each node sends one datagram from VIP:PORT back to
     * each of those ports (the reply direction: conntrack sets SEEN_REPLY).
     */
    private static void establish(NetLab lab) throws Exception {
        flood(lab, flooder, 0.1, cpu, EST_BASE_PORT);
        InetSocketAddress vip = new InetSocketAddress(VIP, PORT);
        for (String ns : lab.nodes()) {
            NetNs.run(ns, () -> {
                try (DatagramChannel ch = DatagramChannel.open()) {
                    ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                    ch.bind(vip);
                    for (int i = 0; i < SOCKETS; i++) ch.send(ByteBuffer.wrap(new byte[] {1}), new InetSocketAddress(lab.clientAddress(), EST_BASE_PORT + i));
                }
            });
        }
        Thread.sleep(100); // the first reply waits for the client's ARP answer
        for (String ns : lab.nodes()) {
            String ct = Cmd.ok("ip", "netns", "exec", ns, "cat", "/proc/net/nf_conntrack");
            long replied = ct.lines().filter(l -> !l.contains("[UNREPLIED]")).map(FLOW::matcher).filter(Matcher::find)
                    .mapToInt(m -> Integer.parseInt(m.group(1))).filter(p -> p >= EST_BASE_PORT && p < EST_BASE_PORT + SOCKETS).count();
            if (replied < SOCKETS) throw new IllegalStateException(ns + ": only " + replied + " of " + SOCKETS + " flows established:\n" + ct);
        }
    }

    private static void unconfigure(NetLab lab, ClusterIpSpec spec, String config) throws Exception {
        for (String ns : lab.nodes()) {
            if (base(config).startsWith("nft:")) {
                Cmd.ok("ip", "netns", "exec", ns, "nft", "delete", "table", "inet", ClusterRuleset.tableName(spec.vip()));
                continue;
            }
            switch (base(config)) {
                case "clonevip", "clusterip-compatible", "v2", "v3" -> NetNs.run(ns, () -> {
                    try (NftConn c = NftConn.open()) {
                        new ClusterIpTables(c).remove(spec.vip());
                    }
                });
                case "stateless" -> Cmd.ok("ip", "netns", "exec", ns, "nft", "delete", "table", "inet", STATELESS_TABLE);
                default -> { }
            }
        }
    }

    /** clonevip's default mode, or the mode reproducing CLUSTERIP's node choice. */
    static ClusterIpSpec specFor(ClusterIpSpec spec, String config) {
        return config.equals("clusterip-compatible")
                ? ClusterIpSpec.builder().vip(VIP).nic("eth0").buckets(spec.buckets()).hashMode(HashMode.CLUSTERIP_COMPATIBLE).build()
                : spec;
    }

    /** The same hash as clonevip's ruleset, matched per packet against the node's buckets (no conntrack). */
    static String statelessRuleset(ClusterIpSpec spec, int first) {
        String owned = first + ", " + (first + 1) + ", " + (first + 2) + ", " + (first + 3);
        String hash = String.format(Locale.ROOT, "mod %d seed 0x%08x offset 1 { %s }", spec.buckets(), spec.seed(), owned);
        return "table inet " + STATELESS_TABLE + " {\n  chain pre {\n"
                + "    type filter hook prerouting priority mangle; policy accept;\n"
                + "    ip daddr " + VIP + " meta l4proto { tcp, udp } jhash ip saddr . th sport " + hash + " meta pkttype set host counter accept\n"
                + "    ip daddr " + VIP + " meta l4proto != { tcp, udp } jhash ip saddr " + hash + " meta pkttype set host counter accept\n"
                + "    ip daddr " + VIP + " counter drop\n  }\n}\n";
    }

    private static Sample measure(NetLab lab, ClusterIpSpec spec, String config, int round, String flooder, double seconds, int cpu) throws Exception {
        long[] rx0 = rx(lab);
        long soft0 = ksoftirqdNs(cpu);
        long[] sent = flood(lab, flooder, seconds, cpu, established(config) ? EST_BASE_PORT : 0);
        long soft1 = ksoftirqdNs(cpu);
        long[] rx1 = rx(lab);
        long received = Long.MAX_VALUE;
        for (int i = 0; i < rx0.length; i++) received = Math.min(received, rx1[i] - rx0[i]);
        double accepted = Double.NaN;
        if (!config.equals("none") && !config.equals("stateless") && base(config).equals(config)) {
            long sum = 0;
            for (String ns : lab.nodes()) {
                ClusterState st = NetNs.call(ns, () -> {
                    try (NftConn c = NftConn.open()) {
                        return new ClusterIpTables(c).state(spec.vip());
                    }
                });
                for (ClusterState.BucketCounter b : st.localCounters()) sum += b.packets();
            }
            accepted = (double) sum / received; // 1.0: every packet accepted by exactly one node
        }
        Sample s = new Sample(config, round, sent[0], received, sent[1], sent[2] + soft1 - soft0, accepted);
        System.out.printf(Locale.ROOT, "  %-9s %9.0f pkt/s per node, %6.0f ns CPU/pkt%s%n", config, s.pps(), s.cpuNsPerPacket(),
                Double.isNaN(accepted) ? "" : String.format(Locale.ROOT, ", accepted by owners %.4f of packets", accepted));
        return s;
    }

    private static long[] flood(NetLab lab, String flooder, double seconds, int cpu, int basePort) {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", lab.client(), "taskset", "-c", Integer.toString(cpu), flooder, VIP,
                Integer.toString(PORT), Double.toString(seconds), Integer.toString(SOCKETS)));
        if (basePort > 0) argv.add(Integer.toString(basePort));
        String o = Cmd.ok(argv.toArray(String[]::new));
        Matcher m = SENT.matcher(o);
        if (!m.find()) throw new IllegalStateException("flooder said: " + o);
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
    }

    /** rx packets of each node's eth0. */
    private static long[] rx(NetLab lab) {
        long[] r = new long[3];
        for (int i = 0; i < 3; i++) {
            Matcher m = RX.matcher(Cmd.ok("ip", "-n", lab.node(i + 1), "-j", "-s", "link", "show", "dev", "eth0"));
            if (!m.find()) throw new IllegalStateException("no rx statistics for " + lab.node(i + 1));
            r[i] = Long.parseLong(m.group(1));
        }
        return r;
    }

    /** Time on CPU (ns, /proc/PID/schedstat) of the ksoftirqd thread of {@code cpu}. */
    private static long ksoftirqdNs(int cpu) throws IOException {
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                try {
                    if (Files.readString(p.resolve("comm")).strip().equals("ksoftirqd/" + cpu)) {
                        return Long.parseLong(Files.readString(p.resolve("schedstat")).trim().split("\\s+")[0]);
                    }
                } catch (IOException e) {
                    // a process that ended meanwhile
                }
            }
        }
        throw new IOException("no ksoftirqd/" + cpu);
    }

    /**
     * Per configuration: median and best packets/s, and the rules' cost per packet per node as
     * the median over rounds of the difference to the same round's no-table flood (paired, so
     * load that drifts between rounds cancels), from packets/s and from kernel CPU time.
     */
    private static void report(List<Sample> samples, double seconds, int rounds, Path out) throws IOException {
        System.out.printf(Locale.ROOT, "data plane, %d rounds of %.1f s per config (packets/s reaching each of 3 nodes):%n", rounds, seconds);
        StringBuilder json = new StringBuilder("{\n  \"rounds\": " + rounds + ", \"seconds\": " + seconds + ", \"nodes\": 3, \"sockets\": " + SOCKETS + ",\n  \"configs\": [\n");
        double base = median(samples, "none", Sample::pps);
        for (String c : CONFIGS) {
            double pps = median(samples, c, Sample::pps);
            double best = samples.stream().filter(s -> s.config().equals(c)).mapToDouble(Sample::pps).max().orElse(Double.NaN);
            double[] cost = new double[rounds];
            double[] costCpu = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                Sample none = of(samples, "none", r);
                Sample x = of(samples, c, r);
                cost[r] = (1e6 / x.pps() - 1e6 / none.pps()) / 3;
                costCpu[r] = (x.cpuNsPerPacket() - none.cpuNsPerPacket()) / 3 / 1000;
            }
            double costUs = BucketChangeSideBySide.median(cost);
            double costCpuUs = BucketChangeSideBySide.median(costCpu);
            System.out.printf(Locale.ROOT, "  %-9s median %9.0f pkt/s (best %6.0f)  ratio to none %.3f  rules' cost per packet per node %.3f us (from CPU time %.3f us)%n",
                    c, pps, best, pps / base, costUs, costCpuUs);
            json.append(String.format(Locale.ROOT,
                    "    {\"config\": \"%s\", \"pps\": %.0f, \"bestPps\": %.0f, \"cpuNsPerPacket\": %.1f, \"ratioToNone\": %.4f, \"costUsPerPacketPerNode\": %.4f, \"costUsFromCpu\": %.4f, \"samplesPps\": %s, \"samplesCpuNs\": %s}%s%n",
                    c, pps, best, median(samples, c, Sample::cpuNsPerPacket), pps / base, costUs, costCpuUs,
                    samples.stream().filter(s -> s.config().equals(c)).map(s -> String.format(Locale.ROOT, "%.0f", s.pps())).toList(),
                    samples.stream().filter(s -> s.config().equals(c)).sorted(java.util.Comparator.comparingInt(Sample::round))
                            .map(s -> String.format(Locale.ROOT, "%.1f", s.cpuNsPerPacket())).toList(),
                    c.equals(CONFIGS.getLast()) ? "" : ","));
        }
        json.append("  ],\n");
        // owners only (every node serves every bucket): each config against v2's in the same round, paired
        json.append("  \"ownerAgainstV2\": [");
        String sep = "";
        for (String suffix : List.of("-owner", "-est")) {
            if (!CONFIGS.contains("v2" + suffix)) continue;
            for (String c : CONFIGS) {
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
        for (String layout : CONFIGS) {
            if (!CONFIGS.contains(layout + "-nonowner")) continue;
            // per packet: one owner and two non-owners; the -nonowner run gives three non-owners
            double[] owner = new double[rounds];
            double[] nonOwner = new double[rounds];
            double[] wholeRatio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                Sample none = of(samples, "none", r);
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
        json.append("  \"acceptedShareClonevip\": ").append(String.format(Locale.ROOT, "%.4f", median(samples, "clonevip", Sample::acceptedShare)))
                .append(",\n  \"acceptedShareClusteripCompatible\": ").append(String.format(Locale.ROOT, "%.4f", median(samples, "clusterip-compatible", Sample::acceptedShare)))
                .append("\n}\n");
        Files.writeString(out, json.toString());
    }

    /** First quartile, median and third quartile (linear interpolation between order statistics). */
    static double[] quartiles(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        double[] q = new double[3];
        for (int i = 0; i < 3; i++) {
            double pos = (s.length - 1) * (i + 1) / 4.0;
            int lo = (int) Math.floor(pos);
            q[i] = s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (pos - lo);
        }
        return q;
    }

    private static double median(List<Sample> samples, String config, java.util.function.ToDoubleFunction<Sample> f) {
        double[] v = samples.stream().filter(s -> s.config().equals(config)).mapToDouble(f).toArray();
        return v.length == 0 ? Double.NaN : BucketChangeSideBySide.median(v);
    }

    private static Sample of(List<Sample> samples, String config, int round) {
        return samples.stream().filter(s -> s.config().equals(config) && s.round() == round).findFirst().orElseThrow();
    }
}
