package io.clonevip.bench;

import io.clonevip.lab.e2e.E2eLab;
import io.clonevip.lab.e2e.SeedConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The comparison's latency and throughput (docs/measurements/compare.md): the same client
 * workloads (a new connection per query; a pool of persistent connections) at several
 * concurrencies against each setup (node1 directly, clonevip's VIP with 3 and 12 buckets, HAProxy
 * round-robin and leastconn, a keepalived VIP), with the CPU each side spent; one cell per setup x
 * workload x concurrency, the rounds pooled.
 */
final class LatencyCells {
    private final CompareLab run;
    private final E2eLab lab;
    private final CompareBalancers bal;

    LatencyCells(CompareLab run) {
        this.run = run;
        this.lab = run.lab();
        this.bal = run.balancers();
    }

    /** A setup: its name, the address the client connects to, clonevip's bucket count and HAProxy's balance it needs. */
    record Setup(String name, String target, int buckets, String balance) {}

    /** One measured cell of one round. */
    record Raw(long[] latencies, long failed, Map<String, Double> nodes, double elapsed, double clientMs, double haproxyUserMs,
               double haproxySysMs, double mariadbdMs, ProcCpu.Machine machine, List<String> errors) {}

    /**
     * Every setup x workload x concurrency, {@code rounds} times; the setups run in order in
     * even rounds and in reverse order in odd ones (the machine's load and the client's JIT drift
     * over a run); the rounds' samples are pooled per cell.
     */
    List<Object> cells(List<Integer> concurrency, double seconds, double warmup, int rounds) throws Exception {
        List<Setup> setups = List.of(
                new Setup("direct to node1", E2eLab.nodeAddress(1), 3, "roundrobin"),
                new Setup("clonevip, 3 buckets", SeedConfig.VIP, 3, "roundrobin"),
                new Setup("HAProxy round-robin", CompareBalancers.HAP_VIP, 3, "roundrobin"),
                new Setup("HAProxy leastconn", CompareBalancers.HAP_VIP, 3, "leastconn"),
                new Setup("keepalived VIP (active/passive)", CompareBalancers.DB_VIP, 3, "leastconn"),
                new Setup("clonevip, 12 buckets", SeedConfig.VIP, 12, "leastconn"));
        // the client's JIT and the servers' caches warm before the first cell counts
        for (CompareClient.Mode mode : CompareClient.Mode.values()) {
            try (CompareClient warm = new CompareClient(lab.clientNamespace(), E2eLab.CLIENT_ADDRESS, E2eLab.nodeAddress(1), "app",
                    lab.appPassword(), mode, 4, 0, run.origin())) {
                Thread.sleep(4000);
            }
        }
        Map<String, List<Raw>> raws = new LinkedHashMap<>();
        for (Setup s : setups) {
            for (CompareClient.Mode mode : CompareClient.Mode.values()) {
                for (int c : concurrency) raws.put(key(s, mode, c), new ArrayList<>());
            }
        }
        for (int r = 0; r < rounds; r++) {
            List<Setup> order = new ArrayList<>(setups);
            if (r % 2 == 1) Collections.reverse(order);
            for (Setup s : order) {
                if (run.bucketCount() != s.buckets()) run.buckets(s.buckets());
                if (!run.balance().equals(s.balance())) run.restartBalancers(s.balance());
                for (CompareClient.Mode mode : CompareClient.Mode.values()) {
                    for (int c : concurrency) {
                        raws.get(key(s, mode, c)).add(measure(s, mode, c, seconds, warmup, r));
                    }
                }
            }
        }
        if (run.bucketCount() != 3) run.buckets(3);
        if (!run.balance().equals("roundrobin")) run.restartBalancers("roundrobin");
        List<Object> cells = new ArrayList<>();
        for (Setup s : setups) {
            for (CompareClient.Mode mode : CompareClient.Mode.values()) {
                for (int c : concurrency) cells.add(pooled(s, mode, c, raws.get(key(s, mode, c))));
            }
        }
        return cells;
    }

    static String key(Setup s, CompareClient.Mode mode, int c) {
        return s.name() + "|" + mode + "|" + c;
    }

    Raw measure(Setup s, CompareClient.Mode mode, int c, double seconds, double warmup, int round) throws Exception {
        List<Long> maria = run.inNodes("mariadbd");
        List<Long> haps = new ArrayList<>(List.of(bal.haproxyPid(1), bal.haproxyPid(2)));
        long self = ProcessHandle.current().pid();
        CompareClient client = new CompareClient(lab.clientNamespace(), E2eLab.CLIENT_ADDRESS, s.target(), "app", lab.appPassword(),
                mode, c, 0, run.origin());
        List<CompareClient.Q> qs;
        double cl0, mr0, cl1, mr1;
        double[] hp0, hp1;
        ProcCpu.Machine m0, m1;
        long t0, t1;
        try {
            Thread.sleep((long) (warmup * 1000));
            client.record();
            t0 = System.nanoTime();
            cl0 = ProcCpu.process(self); hp0 = ProcCpu.userSys(haps); mr0 = ProcCpu.processes(maria); m0 = ProcCpu.Machine.now();
            Thread.sleep((long) (seconds * 1000));
            cl1 = ProcCpu.process(self); hp1 = ProcCpu.userSys(haps); mr1 = ProcCpu.processes(maria); m1 = ProcCpu.Machine.now();
            t1 = System.nanoTime();
            qs = client.queries();
        } finally {
            client.close();
        }
        long[] lat = qs.stream().filter(CompareClient.Q::ok).mapToLong(CompareClient.Q::latencyNs).toArray();
        long failed = qs.stream().filter(q -> !q.ok()).count();
        Map<String, Double> nodes = new TreeMap<>();
        qs.stream().filter(CompareClient.Q::ok).forEach(q -> nodes.merge(q.node(), 1.0, Double::sum));
        Raw raw = new Raw(lat, failed, nodes, (t1 - t0) / 1e9, cl1 - cl0, hp1[0] - hp0[0], hp1[1] - hp0[1], mr1 - mr0, m1.minus(m0),
                qs.stream().filter(q -> !q.ok()).map(CompareClient.Q::error).distinct().limit(3).toList());
        long[] sorted = lat.clone();
        Arrays.sort(sorted);
        run.say(String.format("round %d  %-32s %-8s c=%-3d %7.0f q/s  p50 %6.0f us  p99 %6.0f us  failed %d  %s  cpu ms: client %.0f haproxy %.0f+%.0f mariadbd %.0f machine %.0f of %.0f",
                round + 1, s.name(), mode == CompareClient.Mode.POOL ? "pool" : "new conn", c, lat.length / raw.elapsed(), pct(sorted, 0.5) / 1e3,
                pct(sorted, 0.99) / 1e3, failed, nodes, raw.clientMs(), raw.haproxyUserMs(), raw.haproxySysMs(), raw.mariadbdMs(),
                raw.machine().busy(), raw.machine().total()));
        return raw;
    }

    /** The rounds of one cell pooled: latency percentiles of every sample, rates over the summed time. */
    static Map<String, Object> pooled(Setup s, CompareClient.Mode mode, int c, List<Raw> rounds) {
        long[] lat = rounds.stream().flatMapToLong(r -> Arrays.stream(r.latencies())).sorted().toArray();
        double elapsed = rounds.stream().mapToDouble(Raw::elapsed).sum();
        Map<String, Object> nodes = new TreeMap<>();
        rounds.forEach(r -> r.nodes().forEach((k, v) -> nodes.merge(k, v, (a, b) -> (Double) a + (Double) b)));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("setup", s.name());
        m.put("workload", mode == CompareClient.Mode.NEW_CONNECTION ? "new connection per query" : "pool of persistent connections");
        m.put("concurrency", (double) c);
        m.put("rounds", (double) rounds.size());
        m.put("ok", (double) lat.length);
        m.put("failed", (double) rounds.stream().mapToLong(Raw::failed).sum());
        m.put("qps", lat.length / elapsed);
        m.put("qpsRounds", rounds.stream().map(r -> (Object) (r.latencies().length / r.elapsed())).toList());
        m.put("p50us", pct(lat, 0.50) / 1000.0);
        m.put("p99us", pct(lat, 0.99) / 1000.0);
        m.put("p50usRounds", rounds.stream().map(r -> {
            long[] l = r.latencies().clone();
            Arrays.sort(l);
            return (Object) (pct(l, 0.5) / 1000.0);
        }).toList());
        m.put("meanUs", lat.length == 0 ? Double.NaN : Arrays.stream(lat).average().orElse(0) / 1000.0);
        m.put("nodes", nodes);
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("clientMs", rounds.stream().mapToDouble(Raw::clientMs).sum());
        cpu.put("haproxyMs", rounds.stream().mapToDouble(r -> r.haproxyUserMs() + r.haproxySysMs()).sum());
        cpu.put("haproxyUserMs", rounds.stream().mapToDouble(Raw::haproxyUserMs).sum());
        cpu.put("haproxySysMs", rounds.stream().mapToDouble(Raw::haproxySysMs).sum());
        cpu.put("mariadbdMs", rounds.stream().mapToDouble(Raw::mariadbdMs).sum());
        cpu.put("machineBusyMs", rounds.stream().mapToDouble(r -> r.machine().busy()).sum());
        cpu.put("softirqMs", rounds.stream().mapToDouble(r -> r.machine().softirq()).sum());
        cpu.put("machineTotalMs", rounds.stream().mapToDouble(r -> r.machine().total()).sum());
        m.put("cpu", cpu);
        m.put("seconds", elapsed);
        List<Object> errors = rounds.stream().flatMap(r -> r.errors().stream()).distinct().limit(3).map(e -> (Object) e).toList();
        if (!errors.isEmpty()) m.put("errors", errors);
        return m;
    }

    static long pct(long[] sorted, double p) {
        if (sorted.length == 0) return -1;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
