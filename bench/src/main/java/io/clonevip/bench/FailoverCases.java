package io.clonevip.bench;

import io.clonevip.lab.e2e.E2eLab;
import io.clonevip.lab.e2e.SeedConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The comparison's failovers as the client sees them (docs/measurements/compare.md): a database
 * node desynced or crashed, a balancer crashed, under clonevip, HAProxy behind keepalived and a
 * keepalived VIP on the database nodes; failed queries, the system's own time to react, SYNs
 * answered by two servers.
 */
final class FailoverCases {
    private final CompareLab run;
    private final E2eLab lab;
    private final CompareBalancers bal;

    FailoverCases(CompareLab run) {
        this.run = run;
        this.lab = run.lab();
        this.bal = run.balancers();
    }

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
    Map<String, Object> failover(String setup, String name, String target, int affected, Step event, BooleanSupplier done,
                                        Duration hold, Step repair, Step restore) throws Exception {
        // the steady state every failover starts from: buckets spread, HAProxy sees every member,
        // both VIPs on their preferred holders (a previous case's node may still be coming back)
        run.await("steady state before '" + name + "'", () -> run.spread(run.bucketCount()) && bal.hapVipHolder() == 1 && bal.dbVipHolder() == 1
                && run.membersUp());
        Thread.sleep(1000);
        run.say("failover: " + setup + ": " + name);
        Path cap = Files.createTempFile("clonevip-compare-synack-", ".txt");
        Process dump = new ProcessBuilder("ip", "netns", "exec", lab.clientNamespace(), "tcpdump", "-n", "-S", "-l", "-i", "eth0",
                "tcp[tcpflags] & (tcp-syn|tcp-ack) == (tcp-syn|tcp-ack) and dst host " + E2eLab.CLIENT_ADDRESS)
                .redirectOutput(cap.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Thread.sleep(500);
        CompareClient client = new CompareClient(lab.clientNamespace(), E2eLab.CLIENT_ADDRESS, target, "app", lab.appPassword(),
                CompareClient.Mode.NEW_CONNECTION, 2, 5, run.origin());
        long tEvent, tDone = -1, tRepair = -1;
        List<CompareClient.Q> qs;
        try {
            Thread.sleep(2000);
            tEvent = System.nanoTime() - run.origin();
            event.run();
            if (done != null) {
                run.await(setup + ": " + name, done);
                tDone = System.nanoTime() - run.origin();
            }
            Thread.sleep(hold.toMillis());
            if (repair != null) {
                tRepair = System.nanoTime() - run.origin();
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
        run.say("  " + m);
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
    static double ms(OptionalLong ns) {
        return ns.isPresent() ? ns.getAsLong() / 1e6 : -1;
    }

    List<Object> cases() throws Exception {
        List<Object> l = new ArrayList<>();
        Duration hold = Duration.ofSeconds(3);
        String hap = "HAProxy (clustercheck) behind keepalived";
        // clonevip
        l.add(failover("clonevip, 3 buckets", "desync node1", SeedConfig.VIP, 1, () -> lab.db().desync(1),
                () -> !run.placement().containsKey("node1") && run.placement().values().stream().mapToInt(i -> i).sum() == 3, hold, null,
                () -> { lab.db().resync(1); run.await("spread", () -> run.spread(3)); }));
        l.add(failover("clonevip, 3 buckets", "crash node1", SeedConfig.VIP, 1, () -> { lab.crash(1); bal.nodeCrashed(1); },
                () -> run.placement().values().stream().mapToInt(i -> i).sum() == 3 && !run.placement().containsKey("node1"), hold, null,
                () -> run.bootNode(1)));
        // HAProxy
        l.add(failover(hap, "desync node1", CompareBalancers.HAP_VIP, 1, () -> lab.db().desync(1),
                () -> run.nodeServerDown(1), hold, null,
                () -> { lab.db().resync(1); run.await("node1 UP", () -> !run.nodeServerDown(1)); }));
        l.add(failover(hap, "crash node1", CompareBalancers.HAP_VIP, 1, () -> { lab.crash(1); bal.nodeCrashed(1); },
                () -> run.nodeServerDown(1), hold, null, () -> run.bootNode(1)));
        l.add(failover(hap, "crash of the HAProxy node (VIP moves to hap2)", CompareBalancers.HAP_VIP, 0, () -> bal.crashBalancer(1),
                () -> bal.hapVipHolder() == 2, hold, null,
                () -> { bal.bootBalancer(1, "roundrobin", CompareBalancers.Check.CLUSTERCHECK); run.await("VIP back on hap1", () -> bal.hapVipHolder() == 1); }));
        l.add(failover("HAProxy (clustercheck), no keepalived", "crash of the HAProxy node, booted again after 6 s",
                CompareBalancers.hapAddress(1), 0, () -> bal.crashBalancer(1), null, Duration.ofSeconds(6),
                () -> bal.bootBalancer(1, "roundrobin", CompareBalancers.Check.CLUSTERCHECK),
                () -> run.await("VIP back on hap1", () -> bal.hapVipHolder() == 1)));
        run.startBalancers("roundrobin", CompareBalancers.Check.MYSQL_CHECK);
        run.await("HAProxy sees 3 members UP", run::membersUp);
        l.add(failover("HAProxy (mysql-check) behind keepalived", "desync node1 (observed 10 s)", CompareBalancers.HAP_VIP, 1,
                () -> lab.db().desync(1), null, Duration.ofSeconds(10), null,
                () -> lab.db().resync(1)));
        run.restartBalancers("roundrobin");
        // keepalived on the database nodes
        l.add(failover("keepalived VIP (active/passive)", "desync node1", CompareBalancers.DB_VIP, 1, () -> lab.db().desync(1),
                () -> bal.dbVipHolder() == 2, hold, null,
                () -> { lab.db().resync(1); run.await("VIP back on node1", () -> bal.dbVipHolder() == 1); }));
        l.add(failover("keepalived VIP (active/passive)", "crash node1", CompareBalancers.DB_VIP, 1,
                () -> { lab.crash(1); bal.nodeCrashed(1); }, () -> bal.dbVipHolder() == 2, hold, null,
                () -> { run.bootNode(1); run.await("VIP back on node1", () -> bal.dbVipHolder() == 1); }));
        return l;
    }
}
