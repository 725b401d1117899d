package io.clonevip.bench;

import io.clonevip.lab.e2e.E2eLab;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The comparison's health-check load (docs/measurements/compare.md): windows with no client in
 * which only one kind of checker runs (nothing, HAProxy's mysql-check, HAProxy with clustercheck,
 * keepalived's check script on the nodes, clonevip's mysql_monitor), each measured as new server
 * connections, statements and mariadbd CPU per minute on every node and the checkers' own CPU.
 */
final class HealthLoad {
    private final CompareLab run;
    private final E2eLab lab;
    private final CompareBalancers bal;

    HealthLoad(CompareLab run) {
        this.run = run;
        this.lab = run.lab();
        this.bal = run.balancers();
    }

    record Counters(long[] connections, long[] questions, double[] mariadbCpu, double checkerCpu) {}

    Counters counters(List<Long> checkerPids) {
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
    Map<String, Object> window(String name, String checker, int seconds, List<Long> checkerPids) throws InterruptedException {
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
        run.say("health window '" + name + "': connections/min " + conn + ", statements/min " + qs + ", mariadbd CPU ms/min " + cpu
                + ", checker CPU ms/min " + m.get("checkerCpuMsPerMin"));
        return m;
    }

    /** Every window in turn; afterwards balancers, keepalived and mysql_monitor run again as the latency runs want them. */
    List<Object> windows(int seconds) throws Exception {
        List<Object> windows = new ArrayList<>();
        for (int n = 1; n <= 3; n++) run.say("node" + n + " java processes: "
                + ProcCpu.pidsIn(lab.nodeNamespace(n), "java").stream().map(p -> p + ": " + abbreviate(ProcCpu.cmdline(p))).toList());
        // nothing checks: balancers and the nodes' keepalived stopped, mysql_monitor stopped in Pacemaker
        for (int h = 1; h <= 2; h++) bal.stopHaproxy(h);
        for (int n = 1; n <= 3; n++) bal.stopKeepalivedOnNode(n);
        lab.execOk(1, "crm", "resource", "stop", "cl_mysql_monitor");
        lab.settle(1);
        run.await("mysql_monitor stopped", () -> run.inNodesJava(CompareLab.MONITOR).isEmpty());
        Thread.sleep(2000);
        windows.add(window("nothing checks", "", seconds, List.of()));
        for (CompareBalancers.Check c : CompareBalancers.Check.values()) {
            run.startBalancers("roundrobin", c);
            Thread.sleep(3000);
            List<Long> pids = new ArrayList<>(List.of(bal.haproxyPid(1), bal.haproxyPid(2)));
            if (c == CompareBalancers.Check.CLUSTERCHECK) pids.addAll(run.inNodes("socat"));
            windows.add(window(c == CompareBalancers.Check.MYSQL_CHECK ? "HAProxy mysql-check, 2 balancers"
                    : "HAProxy clustercheck (HTTP, port 9200), 2 balancers",
                    c == CompareBalancers.Check.MYSQL_CHECK ? "2 haproxy" : "2 haproxy + clustercheck forks (socat, sh, mariadb CLI) on the nodes",
                    seconds, pids));
            for (int h = 1; h <= 2; h++) bal.stopHaproxy(h);
        }
        for (int n = 1; n <= 3; n++) bal.keepalivedOnNode(n);
        Thread.sleep(3000);
        windows.add(window("keepalived on the nodes, clustercheck script every 2 s", "3 keepalived + their check scripts",
                seconds, run.inNodes("keepalived")));
        for (int n = 1; n <= 3; n++) bal.stopKeepalivedOnNode(n);
        lab.execOk(1, "crm", "resource", "start", "cl_mysql_monitor");
        run.await("buckets spread after mysql_monitor's start", () -> run.spread(run.bucketCount()));
        Thread.sleep(3000);
        List<Long> monitors = run.inNodesJava(CompareLab.MONITOR);
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
        run.startBalancers("roundrobin", CompareBalancers.Check.CLUSTERCHECK);
        for (int n = 1; n <= 3; n++) bal.keepalivedOnNode(n);
        run.await("balancers' VIP on hap1", () -> bal.hapVipHolder() == 1);
        run.await("active/passive VIP on node1", () -> bal.dbVipHolder() == 1);
        run.await("HAProxy sees 3 members UP", run::membersUp);
        return windows;
    }

    static String abbreviate(String s) {
        return s.length() > 160 ? s.substring(0, 80) + " ... " + s.substring(s.length() - 80) : s;
    }
}
