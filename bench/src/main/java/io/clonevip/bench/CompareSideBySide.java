package io.clonevip.bench;

import io.clonevip.lab.e2e.E2eLab;
import io.clonevip.lab.e2e.SeedConfig;
import io.clonevip.pacemaker.CrmMonView;
import io.clonevip.testkit.Cmd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * clonevip's cluster IP side by side with the load balancers users put in front of Galera, on
 * the end-to-end lab in one run (bench/compare.sh, docs/measurements/compare.md): the same client
 * workloads (a new connection per query; a pool of persistent connections) at several
 * concurrencies against (1) node1 directly, (2) clonevip's VIP with 3 and 12 buckets, (3) HAProxy
 * (round-robin and leastconn, clustercheck health check) behind its keepalived pair's VIP, (4) a
 * keepalived VRRP VIP on the database nodes (active/passive, Galera state checked); the
 * health-check load each puts on the databases; and failovers seen by the client. Writes one
 * JSON file. Usage: CompareSideBySide OUT.json [--seconds S] [--warmup S] [--rounds N] [--concurrency 1,4,16]
 * [--health-seconds S] [--parts health,latency,failover]
 */
public final class CompareSideBySide {
    private CompareSideBySide() {}

    static final String VIP_PRIMITIVE = SeedConfig.VIP_PRIMITIVE;
    static final Duration WAIT = Duration.ofSeconds(90);

    private static E2eLab lab;
    private static CompareBalancers bal;
    private static final long ORIGIN = System.nanoTime();

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        double seconds = 4, warmup = 1;
        int rounds = 2;
        int healthSeconds = 30;
        List<Integer> concurrency = List.of(1, 4, 16);
        Set<String> parts = new LinkedHashSet<>(List.of("health", "latency", "failover"));
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--warmup" -> warmup = Double.parseDouble(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--health-seconds" -> healthSeconds = Integer.parseInt(args[++i]);
                case "--concurrency" -> concurrency = Arrays.stream(args[++i].split(",")).map(Integer::parseInt).toList();
                case "--parts" -> parts = new LinkedHashSet<>(List.of(args[++i].split(",")));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("seconds", seconds);
        result.put("warmup", warmup);
        result.put("rounds", (double) rounds);
        result.put("healthSeconds", (double) healthSeconds);
        result.put("concurrency", concurrency.stream().map(c -> (Object) (double) c).toList());
        result.put("haproxy", Cmd.run("haproxy", "-v").out().lines().findFirst().orElse("?"));
        result.put("keepalived", (Cmd.run("keepalived", "--version").err() + Cmd.run("keepalived", "--version").out()).lines().findFirst().orElse("?"));
        result.put("mariadb", Cmd.run("mariadbd", "--version").out().strip());
        result.put("galera", "galera-4 " + Cmd.run("dpkg-query", "-W", "-f", "${Version}", "galera-4").out().strip());
        try (E2eLab l = E2eLab.start(null, true)) {
            lab = l;
            say("lab " + lab.id() + " up in " + lab.upTime().toMillis() + " ms");
            lab.execOk(1, "crm_attribute", "-t", "crm_config", "-n", "load-threshold", "-v", "10000%");
            buckets(3);
            Path dir = Path.of("/tmp", "clonevip-compare-" + lab.id());
            try (CompareBalancers b = new CompareBalancers(lab, dir)) {
                bal = b;
                for (int n = 1; n <= 3; n++) bal.clustercheck(n);
                startBalancers("roundrobin", CompareBalancers.Check.CLUSTERCHECK);
                for (int h = 1; h <= 2; h++) bal.keepalivedOnBalancer(h);
                for (int n = 1; n <= 3; n++) bal.keepalivedOnNode(n);
                await("balancers' VIP on hap1", () -> bal.hapVipHolder() == 1);
                await("active/passive VIP on node1", () -> bal.dbVipHolder() == 1);
                await("HAProxy sees 3 members UP", () -> bal.serverStates(1).stream().filter(s -> s.endsWith("=UP")).count() == 3);
                say("HAProxy servers: " + bal.serverStates(1));
                if (parts.contains("health")) result.put("health", health(healthSeconds));
                if (parts.contains("latency")) result.put("latency", latency(concurrency, seconds, warmup, rounds));
                if (parts.contains("failover")) result.put("failover", failovers());
            } finally {
                Cmd.run("rm", "-rf", dir.toString());
            }
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, Json.write(result));
        say("results written to " + out);
        System.exit(0);
    }

    static void say(String s) {
        System.out.printf("[%6.1f s] %s%n", (System.nanoTime() - ORIGIN) / 1e9, s);
        System.out.flush();
    }

    static void await(String what, BooleanSupplier probe) {
        E2eLab.await(what, WAIT, probe::getAsBoolean, () -> "HAProxy " + bal.serverStates(1) + ", hap VIP on "
                + bal.hapVipHolder() + ", db VIP on " + bal.dbVipHolder() + ", buckets " + placement());
    }

    // ---------------------------------------------------------------- clonevip's configuration

    private static int bucketCount = 3;

    /** The seed's configuration with {@code k} buckets; returns when every node runs k/3 of them. */
    static void buckets(int k) {
        bucketCount = k;
        lab.crmConfigure(new SeedConfig(k, false, "ocf:clonevip:IPaddr3", true, lab.monitorCredentials()).crm());
        await(k + " buckets spread", () -> spread(k));
        lab.settle(1);
    }

    static Map<String, Integer> placement() {
        try {
            return lab.status(2).instancesPerNode(VIP_PRIMITIVE);
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    static boolean spread(int k) {
        Map<String, Integer> m = placement();
        return m.size() == 3 && m.values().stream().allMatch(v -> v == k / 3);
    }

    static void startBalancers(String balance, CompareBalancers.Check check) throws IOException {
        for (int h = 1; h <= 2; h++) bal.haproxy(h, balance, check);
    }

    // ---------------------------------------------------------------- health-check load

    record Counters(long[] connections, long[] questions, double[] mariadbCpu, double checkerCpu) {}

    static Counters counters(List<Long> checkerPids) {
        long[] c = new long[3], q = new long[3];
        double[] cpu = new double[3];
        for (int n = 1; n <= 3; n++) {
            for (String line : lab.db().sql(n, "SHOW GLOBAL STATUS WHERE Variable_name IN ('Connections','Questions')").split("\n")) {
                String[] f = line.split("\t");
                if (f[0].equals("Connections")) c[n - 1] = Long.parseLong(f[1].strip());
                if (f[0].equals("Questions")) q[n - 1] = Long.parseLong(f[1].strip());
            }
            cpu[n - 1] = ProcCpu.processes(ProcCpu.pidsIn(lab.nodeNamespace(n), "mariadbd"));
        }
        return new Counters(c, q, cpu, ProcCpu.processes(checkerPids));
    }

    /**
     * One window of {@code seconds} with no client: new server connections per minute (the reading's
     * own connection taken off), statements per minute, mariadbd CPU ms per minute on each node, and
     * the checkers' own CPU ms per minute (with the scripts they forked).
     */
    static Map<String, Object> window(String name, String checker, int seconds, List<Long> checkerPids) throws InterruptedException {
        Counters a = counters(checkerPids);
        Thread.sleep(seconds * 1000L);
        Counters b = counters(checkerPids);
        double perMin = 60.0 / seconds;
        List<Object> conn = new ArrayList<>(), qs = new ArrayList<>(), cpu = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            conn.add((b.connections()[i] - a.connections()[i] - 1) * perMin);
            qs.add((b.questions()[i] - a.questions()[i] - 2) * perMin);
            cpu.add((b.mariadbCpu()[i] - a.mariadbCpu()[i]) * perMin);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("checker", checker);
        m.put("connectionsPerMin", conn);
        m.put("questionsPerMin", qs);
        m.put("mariadbdCpuMsPerMin", cpu);
        m.put("checkerCpuMsPerMin", (b.checkerCpu() - a.checkerCpu()) * perMin);
        say("health window '" + name + "': connections/min " + conn + ", statements/min " + qs + ", mariadbd CPU ms/min " + cpu
                + ", checker CPU ms/min " + m.get("checkerCpuMsPerMin"));
        return m;
    }

    /** mysql_monitor's resident check (the daemon its agent starts), by its main class. */
    static final String MONITOR = "io.clonevip.agent.mysql.MonitorDaemon";

    static List<Long> inNodesJava(String marker) {
        List<Long> l = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            ProcCpu.pidsIn(lab.nodeNamespace(n), "java").stream().filter(p -> ProcCpu.cmdline(p).contains(marker)).forEach(l::add);
        }
        return l;
    }

    static List<Long> inNodes(String comm) {
        List<Long> l = new ArrayList<>();
        for (int n = 1; n <= 3; n++) l.addAll(ProcCpu.pidsIn(lab.nodeNamespace(n), comm));
        return l;
    }

    static List<Object> health(int seconds) throws Exception {
        List<Object> windows = new ArrayList<>();
        for (int n = 1; n <= 3; n++) say("node" + n + " java processes: "
                + ProcCpu.pidsIn(lab.nodeNamespace(n), "java").stream().map(p -> p + ": " + abbreviate(ProcCpu.cmdline(p))).toList());
        // nothing checks: balancers and the nodes' keepalived stopped, mysql_monitor stopped in Pacemaker
        for (int h = 1; h <= 2; h++) bal.stopHaproxy(h);
        for (int n = 1; n <= 3; n++) bal.stopKeepalivedOnNode(n);
        lab.execOk(1, "crm", "resource", "stop", "cl_mysql_monitor");
        lab.settle(1);
        await("mysql_monitor stopped", () -> inNodesJava(MONITOR).isEmpty());
        Thread.sleep(2000);
        windows.add(window("nothing checks", "", seconds, List.of()));
        for (CompareBalancers.Check c : CompareBalancers.Check.values()) {
            startBalancers("roundrobin", c);
            Thread.sleep(3000);
            List<Long> pids = new ArrayList<>(List.of(bal.haproxyPid(1), bal.haproxyPid(2)));
            if (c == CompareBalancers.Check.CLUSTERCHECK) pids.addAll(inNodes("socat"));
            windows.add(window(c == CompareBalancers.Check.MYSQL_CHECK ? "HAProxy mysql-check, 2 balancers"
                    : "HAProxy clustercheck (HTTP, port 9200), 2 balancers",
                    c == CompareBalancers.Check.MYSQL_CHECK ? "2 haproxy" : "2 haproxy + clustercheck forks (socat, sh, mariadb CLI) on the nodes",
                    seconds, pids));
            for (int h = 1; h <= 2; h++) bal.stopHaproxy(h);
        }
        for (int n = 1; n <= 3; n++) bal.keepalivedOnNode(n);
        Thread.sleep(3000);
        windows.add(window("keepalived on the nodes, clustercheck script every 2 s", "3 keepalived + their check scripts",
                seconds, inNodes("keepalived")));
        for (int n = 1; n <= 3; n++) bal.stopKeepalivedOnNode(n);
        lab.execOk(1, "crm", "resource", "start", "cl_mysql_monitor");
        await("buckets spread after mysql_monitor's start", () -> spread(bucketCount));
        Thread.sleep(3000);
        List<Long> monitors = inNodesJava(MONITOR);
        List<Long> agentd = new ArrayList<>();
        for (int n = 1; n <= 3; n++) agentd.addAll(ProcCpu.pidsIn(lab.nodeNamespace(n), "java"));
        agentd.removeAll(monitors);
        double agentd0 = ProcCpu.processes(agentd);
        Map<String, Object> w = window("clonevip mysql_monitor (kept connection, 1 s poll)", "3 mysql_monitor daemons", seconds, monitors);
        w.put("monitorPids", (double) monitors.size());
        // clonevip-agentd serves Pacemaker's monitor operations (mysql_monitor's every 1 s, IPaddr3's every 10 s)
        w.put("agentdCpuMsPerMin", (ProcCpu.processes(agentd) - agentd0) * 60.0 / seconds);
        windows.add(w);
        // everything back as the latency runs want it
        startBalancers("roundrobin", CompareBalancers.Check.CLUSTERCHECK);
        for (int n = 1; n <= 3; n++) bal.keepalivedOnNode(n);
        await("balancers' VIP on hap1", () -> bal.hapVipHolder() == 1);
        await("active/passive VIP on node1", () -> bal.dbVipHolder() == 1);
        await("HAProxy sees 3 members UP", () -> bal.serverStates(1).stream().filter(s -> s.endsWith("=UP")).count() == 3);
        return windows;
    }

    static String abbreviate(String s) {
        return s.length() > 160 ? s.substring(0, 80) + " ... " + s.substring(s.length() - 80) : s;
    }

    // ---------------------------------------------------------------- latency and throughput

    /** A setup: its name, the address the client connects to, clonevip's bucket count and HAProxy's balance it needs. */
    record Setup(String name, String target, int buckets, String balance) {}

    /** One measured cell of one round. */
    record Raw(long[] latencies, long failed, Map<String, Double> nodes, double elapsed, double clientMs, double haproxyUserMs,
               double haproxySysMs, double mariadbdMs, ProcCpu.Machine machine, List<String> errors) {}

    private static String balance = "roundrobin";

    /**
     * Every setup x workload x concurrency, {@code rounds} times; the setups run in order in
     * even rounds and in reverse order in odd ones (the machine's load and the client's JIT drift
     * over a run); the rounds' samples are pooled per cell.
     */
    static List<Object> latency(List<Integer> concurrency, double seconds, double warmup, int rounds) throws Exception {
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
                    lab.appPassword(), mode, 4, 0, ORIGIN)) {
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
            if (r % 2 == 1) java.util.Collections.reverse(order);
            for (Setup s : order) {
                if (bucketCount != s.buckets()) buckets(s.buckets());
                if (!balance.equals(s.balance())) restartBalancers(s.balance());
                for (CompareClient.Mode mode : CompareClient.Mode.values()) {
                    for (int c : concurrency) {
                        raws.get(key(s, mode, c)).add(measure(s, mode, c, seconds, warmup, r));
                    }
                }
            }
        }
        if (bucketCount != 3) buckets(3);
        if (!balance.equals("roundrobin")) restartBalancers("roundrobin");
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

    static void restartBalancers(String b) {
        try {
            startBalancers(b, CompareBalancers.Check.CLUSTERCHECK);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        balance = b;
        await("HAProxy sees 3 members UP", () -> bal.serverStates(1).stream().filter(st -> st.endsWith("=UP")).count() == 3);
        await("balancers' VIP on hap1", () -> bal.hapVipHolder() == 1);
    }

    static Raw measure(Setup s, CompareClient.Mode mode, int c, double seconds, double warmup, int round) throws Exception {
        List<Long> maria = inNodes("mariadbd");
        List<Long> haps = new ArrayList<>(List.of(bal.haproxyPid(1), bal.haproxyPid(2)));
        long self = ProcessHandle.current().pid();
        CompareClient client = new CompareClient(lab.clientNamespace(), E2eLab.CLIENT_ADDRESS, s.target(), "app", lab.appPassword(),
                mode, c, 0, ORIGIN);
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
        say(String.format("round %d  %-32s %-8s c=%-3d %7.0f q/s  p50 %6.0f us  p99 %6.0f us  failed %d  %s  cpu ms: client %.0f haproxy %.0f+%.0f mariadbd %.0f machine %.0f of %.0f",
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

    // ---------------------------------------------------------------- failovers

    interface Step {
        void run() throws Exception;
    }

    /**
     * One failover as the client sees it: the e2e client's loop (2 threads, a new connection per
     * query, 5 ms apart) runs against {@code target} with a SYN-ACK capture in the client
     * namespace; {@code event} at +2 s; {@code done} is the system's own view of the failover
     * (null: observe {@code hold}); then {@code hold} more; {@code repair} (optional) runs while the
     * client still runs (the balancer booted again), then 4 s more; {@code restore} afterwards.
     */
    static Map<String, Object> failover(String setup, String name, String target, int affected, Step event, BooleanSupplier done,
                                        Duration hold, Step repair, Step restore) throws Exception {
        // the steady state every failover starts from: buckets spread, HAProxy sees every member,
        // both VIPs on their preferred holders (a previous case's node may still be coming back)
        await("steady state before '" + name + "'", () -> spread(bucketCount) && bal.hapVipHolder() == 1 && bal.dbVipHolder() == 1
                && bal.serverStates(1).stream().filter(s -> s.endsWith("=UP")).count() == 3);
        Thread.sleep(1000);
        say("failover: " + setup + ": " + name);
        Path cap = Files.createTempFile("clonevip-compare-synack-", ".txt");
        Process dump = new ProcessBuilder("ip", "netns", "exec", lab.clientNamespace(), "tcpdump", "-n", "-S", "-l", "-i", "eth0",
                "tcp[tcpflags] & (tcp-syn|tcp-ack) == (tcp-syn|tcp-ack) and dst host " + E2eLab.CLIENT_ADDRESS)
                .redirectOutput(cap.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Thread.sleep(500);
        CompareClient client = new CompareClient(lab.clientNamespace(), E2eLab.CLIENT_ADDRESS, target, "app", lab.appPassword(),
                CompareClient.Mode.NEW_CONNECTION, 2, 5, ORIGIN);
        long tEvent, tDone = -1, tRepair = -1;
        List<CompareClient.Q> qs;
        try {
            Thread.sleep(2000);
            tEvent = System.nanoTime() - ORIGIN;
            event.run();
            if (done != null) {
                await(setup + ": " + name, done);
                tDone = System.nanoTime() - ORIGIN;
            }
            Thread.sleep(hold.toMillis());
            if (repair != null) {
                tRepair = System.nanoTime() - ORIGIN;
                repair.run();
                Thread.sleep(4000);
            }
            qs = client.queries();
        } finally {
            client.close();
            dump.destroy();
            dump.waitFor();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("setup", setup);
        m.put("name", name);
        m.put("target", target);
        long before = qs.stream().filter(q -> q.startNs() < tEvent && !q.ok()).count();
        List<CompareClient.Q> after = qs.stream().filter(q -> q.startNs() >= tEvent).toList();
        List<CompareClient.Q> failedAfter = after.stream().filter(q -> !q.ok()).toList();
        m.put("queries", (double) qs.size());
        m.put("failedBefore", (double) before);
        m.put("failed", (double) failedAfter.size());
        m.put("lastFailedMs", ms(failedAfter.stream().mapToLong(q -> q.startNs() + q.latencyNs() - tEvent).max()));
        m.put("systemMs", tDone < 0 ? -1.0 : (tDone - tEvent) / 1e6);
        String node = "node" + affected;
        long lastStart = qs.stream().mapToLong(CompareClient.Q::startNs).max().orElse(0);
        m.put("lastAffectedAnswerMs", affected <= 0 ? -1.0 : ms(after.stream().filter(q -> node.equals(q.node()))
                .mapToLong(q -> q.startNs() - tEvent).max()));
        m.put("affectedAnswersInLastSecond", (double) after.stream().filter(q -> node.equals(q.node()))
                .filter(q -> q.startNs() > lastStart - 1_000_000_000L).count());
        if (tRepair >= 0) {
            long repaired = tRepair;
            m.put("repairMs", (repaired - tEvent) / 1e6);
            m.put("firstOkAfterRepairMs", ms(after.stream().filter(q -> q.ok() && q.startNs() >= repaired)
                    .mapToLong(q -> q.startNs() + q.latencyNs() - repaired).min()));
        }
        Map<String, Object> nodes = new TreeMap<>();
        after.stream().filter(CompareClient.Q::ok).forEach(q -> nodes.merge(q.node(), 1.0, (a, b) -> (Double) a + (Double) b));
        m.put("answeredAfter", nodes);
        long[] twice = answeredTwice(cap);
        m.put("synAcks", (double) twice[0]);
        m.put("answeredTwice", (double) twice[1]);
        m.put("errors", failedAfter.stream().map(q -> q.error().replaceAll("\\d+\\.\\d+\\.\\d+\\.\\d+:\\d+", "ADDR"))
                .distinct().limit(4).map(e -> (Object) e).toList());
        Files.deleteIfExists(cap);
        say("  " + m);
        if (restore != null) restore.run();
        return m;
    }

    private static final Pattern SYNACK = Pattern.compile("> " + Pattern.quote(E2eLab.CLIENT_ADDRESS) + "\\.(\\d+): Flags \\[S\\.\\], seq (\\d+)");

    /**
     * SYN-ACKs captured, and client ports whose SYN was answered with two different initial
     * sequence numbers (by two servers: the client's ports are not reused within a case).
     */
    static long[] answeredTwice(Path capture) throws IOException {
        Map<String, Set<String>> seqs = new TreeMap<>();
        long n = 0;
        for (String line : Files.readAllLines(capture)) {
            Matcher m = SYNACK.matcher(line);
            if (m.find()) {
                n++;
                seqs.computeIfAbsent(m.group(1), k -> new LinkedHashSet<>()).add(m.group(2));
            }
        }
        return new long[] {n, seqs.values().stream().filter(s -> s.size() > 1).count()};
    }

    /** ns as ms, -1 when absent. */
    static double ms(java.util.OptionalLong ns) {
        return ns.isPresent() ? ns.getAsLong() / 1e6 : -1;
    }

    static void bootNode(int n) throws IOException {
        lab.boot(n);
        bal.clustercheck(n);
        bal.keepalivedOnNode(n);
        await("buckets spread after node" + n + "'s boot", () -> spread(bucketCount));
        await("HAProxy sees 3 members UP", () -> bal.serverStates(1).stream().filter(s -> s.endsWith("=UP")).count() == 3);
    }

    static boolean nodeServerDown(int n) {
        return bal.serverStates(1).stream().anyMatch(s -> s.startsWith("node" + n + "=DOWN"));
    }

    static List<Object> failovers() throws Exception {
        List<Object> l = new ArrayList<>();
        Duration hold = Duration.ofSeconds(3);
        String hap = "HAProxy (clustercheck) behind keepalived";
        // clonevip
        l.add(failover("clonevip, 3 buckets", "desync node1", SeedConfig.VIP, 1, () -> lab.db().desync(1),
                () -> !placement().containsKey("node1") && placement().values().stream().mapToInt(i -> i).sum() == 3, hold, null,
                () -> { lab.db().resync(1); await("spread", () -> spread(3)); }));
        l.add(failover("clonevip, 3 buckets", "crash node1", SeedConfig.VIP, 1, () -> { lab.crash(1); bal.nodeCrashed(1); },
                () -> placement().values().stream().mapToInt(i -> i).sum() == 3 && !placement().containsKey("node1"), hold, null,
                () -> bootNode(1)));
        // HAProxy
        l.add(failover(hap, "desync node1", CompareBalancers.HAP_VIP, 1, () -> lab.db().desync(1),
                () -> nodeServerDown(1), hold, null,
                () -> { lab.db().resync(1); await("node1 UP", () -> !nodeServerDown(1)); }));
        l.add(failover(hap, "crash node1", CompareBalancers.HAP_VIP, 1, () -> { lab.crash(1); bal.nodeCrashed(1); },
                () -> nodeServerDown(1), hold, null, () -> bootNode(1)));
        l.add(failover(hap, "crash of the HAProxy node (VIP moves to hap2)", CompareBalancers.HAP_VIP, 0, () -> bal.crashBalancer(1),
                () -> bal.hapVipHolder() == 2, hold, null,
                () -> { bal.bootBalancer(1, "roundrobin", CompareBalancers.Check.CLUSTERCHECK); await("VIP back on hap1", () -> bal.hapVipHolder() == 1); }));
        l.add(failover("HAProxy (clustercheck), no keepalived", "crash of the HAProxy node, booted again after 6 s",
                CompareBalancers.hapAddress(1), 0, () -> bal.crashBalancer(1), null, Duration.ofSeconds(6),
                () -> bal.bootBalancer(1, "roundrobin", CompareBalancers.Check.CLUSTERCHECK),
                () -> await("VIP back on hap1", () -> bal.hapVipHolder() == 1)));
        startBalancers("roundrobin", CompareBalancers.Check.MYSQL_CHECK);
        await("HAProxy sees 3 members UP", () -> bal.serverStates(1).stream().filter(s -> s.endsWith("=UP")).count() == 3);
        l.add(failover("HAProxy (mysql-check) behind keepalived", "desync node1 (observed 10 s)", CompareBalancers.HAP_VIP, 1,
                () -> lab.db().desync(1), null, Duration.ofSeconds(10), null,
                () -> lab.db().resync(1)));
        restartBalancers("roundrobin");
        // keepalived on the database nodes
        l.add(failover("keepalived VIP (active/passive)", "desync node1", CompareBalancers.DB_VIP, 1, () -> lab.db().desync(1),
                () -> bal.dbVipHolder() == 2, hold, null,
                () -> { lab.db().resync(1); await("VIP back on node1", () -> bal.dbVipHolder() == 1); }));
        l.add(failover("keepalived VIP (active/passive)", "crash node1", CompareBalancers.DB_VIP, 1,
                () -> { lab.crash(1); bal.nodeCrashed(1); }, () -> bal.dbVipHolder() == 2, hold, null,
                () -> { bootNode(1); await("VIP back on node1", () -> bal.dbVipHolder() == 1); }));
        return l;
    }
}
