package io.clonevip.lab.net;

import io.clonevip.cluster.hash.BucketPredictor;
import io.clonevip.cluster.BucketSet;
import io.clonevip.cluster.ClusterIpSpec;
import io.clonevip.cluster.ClusterIpTables;
import io.clonevip.cluster.DesiredState;
import io.clonevip.cluster.DesiredStates;
import io.clonevip.cluster.Repair;
import io.clonevip.cluster.RulesetGuard;
import io.clonevip.nativ.NetNs;
import io.clonevip.nft.NftConn;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Firewall reloads against the traffic lab ({@link NetLab}: three nodes, a client, real kernel):
 * while the client sends a continuous stream of UDP queries to the VIP (each from a new source
 * port), {@code nft flush ruleset} runs on one node, then on all three at once, and a stale saved
 * ruleset (from when node 1 also owned bucket 2) is restored on node 1; each {@code events}
 * times, with the ruleset guard of each node running (as clonevip-agentd runs it) and without.
 * Per event: queries answered by two nodes, queries answered by a node that does not own their
 * bucket, the window from the first to the last such query, and the guards' own repair times
 * (notification to commit). The client sends one query every 0.5 ms. Prints one Markdown table (docs/user/firewall.md).
 * Run as root: {@code java -cp lab/target/classes:$(cat lab/target/classpath.txt) io.clonevip.lab.net.FirewallReloadLab [events]}.
 */
public final class FirewallReloadLab {
    static final String VIP = "198.51.100.100";
    static final int PORT = 3306;
    static final long WINDOW_MS = 1000;
    /** One query every 0.5 ms: 2,000 new flows a second. */
    static final long PACE_NANOS = 500_000;

    private final NetLab lab;
    private final Responders responders = new Responders();
    private final ClusterIpSpec spec = ClusterIpSpec.builder().vip(VIP).nic("eth0").buckets(3).build();
    private final BucketPredictor predictor = BucketPredictor.of(spec);
    private final InetAddress vip;
    private final Path root;
    private final Path stale;
    private final List<RulesetGuard> guards = new ArrayList<>();
    private int nextPort = 10000;

    private FirewallReloadLab(NetLab lab, Path root) throws Exception {
        this.lab = lab;
        this.root = root;
        this.vip = InetAddress.getByName(VIP);
        for (int i = 1; i <= 3; i++) {
            String ns = lab.node(i);
            lab.exec(ns, "ip", "addr", "replace", VIP + "/24", "dev", "eth0");
            lab.exec(ns, "ip", "maddr", "add", spec.clusterMac().toString(), "dev", "eth0");
            apply(i, BucketSet.of(3, i), true);
            responders.start(ns, "n" + i, vip, PORT);
        }
        apply(1, BucketSet.of(3, 1, 2), false); // yesterday: node 1 also had bucket 2
        stale = root.resolve("stale.nft");
        Files.writeString(stale, "flush ruleset\n" + lab.exec(lab.node(1), "nft", "list", "ruleset").out(), StandardCharsets.UTF_8);
        apply(1, BucketSet.of(3, 1), false);
    }

    private DesiredStates store(int node) { return DesiredStates.at(root, lab.node(node)); }

    private void apply(int node, BucketSet local, boolean record) throws Exception {
        NetNs.run(lab.node(node), () -> {
            try (NftConn c = NftConn.open()) { new ClusterIpTables(c, record ? store(node) : null).apply(spec, local); }
        });
    }

    /** Puts each node back at its desired state (what Pacemaker's restart would do without the daemon). */
    private void restoreAll() throws Exception {
        for (int i = 1; i <= 3; i++) {
            DesiredState d = store(i).read(vip);
            apply(i, d.local(), false);
        }
    }

    private static int ipv4(InetAddress a) { return ByteBuffer.wrap(((Inet4Address) a).getAddress()).getInt(); }

    /** One query's outcome. */
    private record Query(long sentNanos, int port) {}

    /** One event's figures. */
    record Event(int queries, int bad, int twice, int misdirected, double windowMs, List<Long> repairMicros) {}

    private Event event(String... nodesAndCommand) throws Exception {
        responders.clear();
        List<Query> sent = new ArrayList<>();
        int client = ipv4(lab.clientAddress());
        Thread cmd = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(100);
                List<Process> ps = new ArrayList<>();
                int n = Integer.parseInt(nodesAndCommand[0]);
                for (int i = 1; i <= 3; i++) {
                    if (n != 0 && n != i) continue;
                    List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", lab.node(i)));
                    argv.addAll(Arrays.asList(nodesAndCommand).subList(1, nodesAndCommand.length));
                    ps.add(new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
                }
                for (Process p : ps) p.waitFor();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        long begin = System.nanoTime();
        long end = begin + (WINDOW_MS + 100) * 1_000_000L;
        NetNs.run(lab.client(), () -> {
            byte[] q = "Q\n".getBytes(StandardCharsets.US_ASCII);
            for (long i = 0; System.nanoTime() < end; i++) {
                long due = begin + i * PACE_NANOS; // a steady stream, not as fast as the CPU allows
                long now = System.nanoTime();
                if (due > now) java.util.concurrent.locks.LockSupport.parkNanos(due - now);
                int sp = nextPort++;
                if (nextPort > 60000) nextPort = 10000;
                try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(lab.clientAddress(), sp))) {
                    s.setSoTimeout(50);
                    sent.add(new Query(System.nanoTime(), sp));
                    s.send(new DatagramPacket(q, q.length, vip, PORT));
                    s.receive(new DatagramPacket(new byte[64], 64));
                } catch (SocketTimeoutException e) {
                    // counted from the responders' side
                }
            }
        });
        cmd.join();
        Thread.sleep(100); // late replies reach the responders' records
        int twice = 0;
        int wrong = 0;
        int badQueries = 0;
        long lastBad = 0;
        long firstBad = Long.MAX_VALUE;
        for (Query qu : sent) {
            List<String> by = responders.servedBy(Flow.Proto.UDP, lab.clientAddress(), qu.port());
            String owner = "n" + predictor.bucketIpv4(client, 17, qu.port(), PORT);
            boolean bad = false;
            if (by.size() > 1) { twice++; bad = true; }
            if (by.stream().anyMatch(n -> !n.equals(owner))) { wrong++; bad = true; }
            if (bad) {
                badQueries++;
                lastBad = Math.max(lastBad, qu.sentNanos());
                firstBad = Math.min(firstBad, qu.sentNanos());
            }
        }
        double window = lastBad == 0 ? 0 : (lastBad - firstBad) / 1e6;
        List<Long> repairs = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Repair r = store(i).lastRepair(vip);
            if (r != null && r.at().isAfter(java.time.Instant.now().minusMillis(WINDOW_MS + 300))) repairs.add(r.healMicros());
        }
        return new Event(sent.size(), badQueries, twice, wrong, window, repairs);
    }

    private void guards(boolean on) throws Exception {
        for (RulesetGuard g : guards) g.close();
        guards.clear();
        if (on) for (int i = 1; i <= 3; i++) guards.add(RulesetGuard.start(store(i), "lab guard n" + i, m -> { }));
    }

    private String row(String scenario, boolean daemon, List<Event> evs) {
        double[] w = evs.stream().mapToDouble(Event::windowMs).sorted().toArray();
        long[] r = evs.stream().flatMap(e -> e.repairMicros().stream()).mapToLong(Long::longValue).sorted().toArray();
        int q = evs.stream().mapToInt(Event::queries).sum();
        int bad = evs.stream().mapToInt(Event::bad).sum();
        int twice = evs.stream().mapToInt(Event::twice).sum();
        int wrong = evs.stream().mapToInt(Event::misdirected).sum();
        long clean = evs.stream().filter(e -> e.bad() == 0).count();
        String window = daemon ? String.format(Locale.ROOT, "%.0f / %.0f / %.0f", pct(w, 50), pct(w, 95), w[w.length - 1])
                : "until restart (whole " + WINDOW_MS + " ms window)";
        String repair = r.length == 0 ? "-" : String.format(Locale.ROOT, "%.1f / %.1f / %.1f", pctL(r, 50) / 1000.0, pctL(r, 95) / 1000.0, r[r.length - 1] / 1000.0);
        return String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %.1f / %.1f | %d of %d | %s | %s |", scenario, daemon ? "yes" : "no",
                evs.size(), q, bad, twice / (double) evs.size(), wrong / (double) evs.size(), clean, evs.size(), window, repair);
    }

    private static double pct(double[] s, int p) { return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)]; }

    private static double pctL(long[] s, int p) { return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)]; }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Path root = Files.createTempDirectory("clonevip-fwlab-");
        try (NetLab lab = NetLab.start(3)) {
            FirewallReloadLab l = new FirewallReloadLab(lab, root);
            try {
                List<String> rows = new ArrayList<>();
                for (boolean daemon : new boolean[] {true, false}) {
                    l.guards(daemon);
                    String[][] scenarios = {{"1", "nft", "flush", "ruleset"}, {"0", "nft", "flush", "ruleset"}, {"1", "nft", "-f", l.stale.toString()}};
                    String[] names = {"`nft flush ruleset` on one node", "`nft flush ruleset` on all three at once", "stale saved ruleset restored on one node"};
                    for (int s = 0; s < scenarios.length; s++) {
                        List<Event> evs = new ArrayList<>();
                        for (int e = 0; e < events; e++) {
                            evs.add(l.event(scenarios[s]));
                            if (!daemon) l.restoreAll();
                            Thread.sleep(150);
                        }
                        rows.add(l.row(names[s], daemon, evs));
                        System.err.println(rows.getLast());
                    }
                }
                System.out.println("| event | daemon | events | UDP queries | bad queries | per event: answered twice / by a non-owner | events with none | bad-answer window: first to last bad query, ms (p50 / p95 / max) | guard repair, ms after the notification (p50 / p95 / max) |");
                System.out.println("|---|---|---|---|---|---|---|---|---|");
                rows.forEach(System.out::println);
            } finally {
                l.guards(false);
                l.responders.close();
            }
        } finally {
            try (var all = Files.walk(root)) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }
}
