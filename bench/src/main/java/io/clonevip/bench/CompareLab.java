package io.clonevip.bench;

import io.clonevip.lab.e2e.E2eLab;
import io.clonevip.lab.e2e.SeedConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The comparison's lab while it runs (docs/measurements/compare.md): the end-to-end lab, the
 * balancers added to it, clonevip's bucket count and HAProxy's balance as they are now, and the
 * run's clock. The health-load windows, latency cells and failovers all work through it.
 */
final class CompareLab {
    static final String VIP_PRIMITIVE = SeedConfig.VIP_PRIMITIVE;
    static final Duration WAIT = Duration.ofSeconds(90);
    /** mysql_monitor's resident check (the daemon its agent starts), by its main class. */
    static final String MONITOR = "io.clonevip.agent.mysql.MonitorDaemon";

    private final E2eLab lab;
    private final long origin;
    private CompareBalancers bal;
    private int bucketCount = 3;
    private String balance = "roundrobin";

    CompareLab(E2eLab lab, long origin) {
        this.lab = lab;
        this.origin = origin;
    }

    /** Adds the balancers to the lab, their files in {@code dir}; the caller closes them. */
    CompareBalancers addBalancers(Path dir) throws IOException {
        bal = new CompareBalancers(lab, dir);
        return bal;
    }

    E2eLab lab() { return lab; }
    CompareBalancers balancers() { return bal; }
    /** The run's start, {@link System#nanoTime} (the clients' timestamps count from it). */
    long origin() { return origin; }
    int bucketCount() { return bucketCount; }
    String balance() { return balance; }

    /** One progress line, with the seconds since the run's start. */
    void say(String s) {
        System.out.printf("[%6.1f s] %s%n", (System.nanoTime() - origin) / 1e9, s);
        System.out.flush();
    }

    void await(String what, BooleanSupplier probe) {
        E2eLab.await(what, WAIT, probe::getAsBoolean, () -> "HAProxy " + bal.serverStates(1) + ", hap VIP on "
                + bal.hapVipHolder() + ", db VIP on " + bal.dbVipHolder() + ", buckets " + placement());
    }

    /** The seed's configuration with {@code k} buckets; returns when every node runs k/3 of them. */
    void buckets(int k) {
        bucketCount = k;
        lab.crmConfigure(new SeedConfig(k, false, "ocf:clonevip:IPaddr3", true, lab.monitorCredentials()).crm());
        await(k + " buckets spread", () -> spread(k));
        lab.settle(1);
    }

    Map<String, Integer> placement() {
        try {
            return lab.status(2).instancesPerNode(VIP_PRIMITIVE);
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    boolean spread(int k) {
        Map<String, Integer> m = placement();
        return m.size() == 3 && m.values().stream().allMatch(v -> v == k / 3);
    }

    /** Whether HAProxy on the first balancer sees all three members UP. */
    boolean membersUp() {
        return bal.serverStates(1).stream().filter(s -> s.endsWith("=UP")).count() == 3;
    }

    void startBalancers(String balance, CompareBalancers.Check check) throws IOException {
        for (int h = 1; h <= 2; h++) bal.haproxy(h, balance, check);
    }

    /** Both HAProxies again with {@code b} and clustercheck; returns when they see every member and hap1 holds the VIP. */
    void restartBalancers(String b) {
        try {
            startBalancers(b, CompareBalancers.Check.CLUSTERCHECK);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        balance = b;
        await("HAProxy sees 3 members UP", this::membersUp);
        await("balancers' VIP on hap1", () -> bal.hapVipHolder() == 1);
    }

    /** The PIDs of the Java processes in the nodes whose command line holds {@code marker}. */
    List<Long> inNodesJava(String marker) {
        List<Long> l = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            ProcCpu.pidsIn(lab.nodeNamespace(n), "java").stream().filter(p -> ProcCpu.cmdline(p).contains(marker)).forEach(l::add);
        }
        return l;
    }

    /** The PIDs of the processes named {@code comm} in the nodes. */
    List<Long> inNodes(String comm) {
        List<Long> l = new ArrayList<>();
        for (int n = 1; n <= 3; n++) l.addAll(ProcCpu.pidsIn(lab.nodeNamespace(n), comm));
        return l;
    }

    void bootNode(int n) throws IOException {
        lab.boot(n);
        bal.clustercheck(n);
        bal.keepalivedOnNode(n);
        await("buckets spread after node" + n + "'s boot", () -> spread(bucketCount));
        await("HAProxy sees 3 members UP", this::membersUp);
    }

    boolean nodeServerDown(int n) {
        return bal.serverStates(1).stream().anyMatch(s -> s.startsWith("node" + n + "=DOWN"));
    }
}
