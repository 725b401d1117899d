package io.clonevip.bench;

import io.clonevip.lab.e2e.E2eLab;
import io.clonevip.testkit.Cmd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * clonevip's cluster IP side by side with the load balancers users put in front of Galera, on
 * the end-to-end lab in one run (bench/compare.sh, docs/measurements/compare.md): the same client
 * workloads (a new connection per query; a pool of persistent connections) at several
 * concurrencies against (1) node1 directly, (2) clonevip's VIP with 3 and 12 buckets, (3) HAProxy
 * (round-robin and leastconn, clustercheck health check) behind its keepalived pair's VIP, (4) a
 * keepalived VRRP VIP on the database nodes (active/passive, Galera state checked); the
 * health-check load each puts on the databases; and failovers seen by the client. Writes one
 * JSON file. Its parts: {@link HealthLoad}, {@link LatencyCells}, {@link FailoverCases}, on a
 * {@link CompareLab}. Usage: CompareSideBySide OUT.json [--seconds S] [--warmup S] [--rounds N] [--concurrency 1,4,16]
 * [--health-seconds S] [--parts health,latency,failover]
 */
public final class CompareSideBySide {
    private CompareSideBySide() {}

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
        try (E2eLab lab = E2eLab.start(null, true)) {
            say("lab " + lab.id() + " up in " + lab.upTime().toMillis() + " ms");
            lab.execOk(1, "crm_attribute", "-t", "crm_config", "-n", "load-threshold", "-v", "10000%");
            CompareLab run = new CompareLab(lab, ORIGIN);
            run.buckets(3);
            Path dir = Path.of("/tmp", "clonevip-compare-" + lab.id());
            try (CompareBalancers bal = run.addBalancers(dir)) {
                for (int n = 1; n <= 3; n++) bal.clustercheck(n);
                run.startBalancers("roundrobin", CompareBalancers.Check.CLUSTERCHECK);
                for (int h = 1; h <= 2; h++) bal.keepalivedOnBalancer(h);
                for (int n = 1; n <= 3; n++) bal.keepalivedOnNode(n);
                run.await("balancers' VIP on hap1", () -> bal.hapVipHolder() == 1);
                run.await("active/passive VIP on node1", () -> bal.dbVipHolder() == 1);
                run.await("HAProxy sees 3 members UP", run::membersUp);
                say("HAProxy servers: " + bal.serverStates(1));
                if (parts.contains("health")) result.put("health", new HealthLoad(run).windows(healthSeconds));
                if (parts.contains("latency")) result.put("latency", new LatencyCells(run).cells(concurrency, seconds, warmup, rounds));
                if (parts.contains("failover")) result.put("failover", new FailoverCases(run).cases());
            } finally {
                Cmd.run("rm", "-rf", dir.toString());
            }
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, Json.write(result));
        say("results written to " + out);
        System.exit(0);
    }

    private static void say(String s) {
        System.out.printf("[%6.1f s] %s%n", (System.nanoTime() - ORIGIN) / 1e9, s);
        System.out.flush();
    }
}
