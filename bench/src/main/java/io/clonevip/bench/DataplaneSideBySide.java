package io.clonevip.bench;

import io.clonevip.cluster.ClusterIpSpec;
import io.clonevip.cluster.ClusterIpTables;
import io.clonevip.cluster.ClusterState;
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
    /**
     * {@code v2}: layout V2 (every packet through conntrack, the non-owners drop it after);
     * {@code v3}: layout V3 (early drop before conntrack); {@code clonevip}: the current layout
     * (V4: V3 serving first); the {@code -nonowner} variants give every node no bucket, so every
     * node drops every packet: their cost per node is a non-owner's, and an owner's is the whole
     * path's minus two of those. The {@code -owner} and {@code -est} variants make every node an
     * owner of every packet ({@link DataplaneConfigs#base}), so their cost per node is an owner's alone.
     */
    static final List<String> DEFAULT_CONFIGS = List.of("none", "v2", "v3", "clonevip", "v2-nonowner", "v3-nonowner", "clonevip-nonowner",
            "clusterip-compatible", "stateless", "v2-owner", "v3-owner", "clonevip-owner", "v2-est", "v3-est", "clonevip-est");
    /** The configurations of this run: {@code DATAPLANE_CONFIGS} (comma-separated) or {@link #DEFAULT_CONFIGS}. */
    static final List<String> CONFIGS = System.getenv("DATAPLANE_CONFIGS") == null ? DEFAULT_CONFIGS
            : List.of(System.getenv("DATAPLANE_CONFIGS").split(","));
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
                    DataplaneConfigs.configure(lab, spec, config);
                    if (DataplaneConfigs.established(config)) establish(lab);
                    try {
                        samples.add(measure(lab, spec, config, r, flooder, seconds, cpu));
                    } finally {
                        DataplaneConfigs.unconfigure(lab, spec, config);
                    }
                }
            }
        }
        DataplaneReport.write(samples, seconds, rounds, out);
    }

    /**
     * Makes the flows of the {@code -est} floods established on every node: a short flood from the fixed
     * source ports creates the conntrack entries, then each node sends one datagram from VIP:PORT back to
     * each of those ports (the reply direction: conntrack sets SEEN_REPLY).
     */
    private static void establish(NetLab lab) throws Exception {
        flood(lab, flooder, 0.1, cpu, DataplaneConfigs.EST_BASE_PORT);
        InetSocketAddress vip = new InetSocketAddress(VIP, PORT);
        for (String ns : lab.nodes()) {
            NetNs.run(ns, () -> {
                try (DatagramChannel ch = DatagramChannel.open()) {
                    ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                    ch.bind(vip);
                    for (int i = 0; i < SOCKETS; i++) ch.send(ByteBuffer.wrap(new byte[] {1}), new InetSocketAddress(lab.clientAddress(), DataplaneConfigs.EST_BASE_PORT + i));
                }
            });
        }
        Thread.sleep(100); // the first reply waits for the client's ARP answer
        for (String ns : lab.nodes()) {
            String ct = Cmd.ok("ip", "netns", "exec", ns, "cat", "/proc/net/nf_conntrack");
            long replied = ct.lines().filter(l -> !l.contains("[UNREPLIED]")).map(FLOW::matcher).filter(Matcher::find)
                    .mapToInt(m -> Integer.parseInt(m.group(1))).filter(p -> p >= DataplaneConfigs.EST_BASE_PORT && p < DataplaneConfigs.EST_BASE_PORT + SOCKETS).count();
            if (replied < SOCKETS) throw new IllegalStateException(ns + ": only " + replied + " of " + SOCKETS + " flows established:\n" + ct);
        }
    }

    private static Sample measure(NetLab lab, ClusterIpSpec spec, String config, int round, String flooder, double seconds, int cpu) throws Exception {
        long[] rx0 = rx(lab);
        long soft0 = ksoftirqdNs(cpu);
        long[] sent = flood(lab, flooder, seconds, cpu, DataplaneConfigs.established(config) ? DataplaneConfigs.EST_BASE_PORT : 0);
        long soft1 = ksoftirqdNs(cpu);
        long[] rx1 = rx(lab);
        long received = Long.MAX_VALUE;
        for (int i = 0; i < rx0.length; i++) received = Math.min(received, rx1[i] - rx0[i]);
        double accepted = Double.NaN;
        if (!config.equals("none") && !config.equals("stateless") && DataplaneConfigs.base(config).equals(config)) {
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
}
