package io.clonevip.bench;

import io.clonevip.lab.e2e.E2eLab;
import io.clonevip.testkit.Cmd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the comparison adds to the end-to-end lab (docs/measurements/compare.md): two HAProxy
 * "hosts" (namespaces {@code cvpm-<id>-hap1}, {@code -hap2} with a port on the lab bridge,
 * 198.51.100.21 and .22) each running Debian's haproxy in TCP mode in front of the three Galera
 * members and keepalived holding the balancers' VRRP VIP 198.51.100.200; on the database nodes,
 * a clustercheck responder on port 9200 (socat running {@code bench/compare/clustercheck.sh} per
 * check, as xinetd runs Percona's clustercheck) and, for the active/passive setup, keepalived
 * holding 198.51.100.101 on the node whose Galera member is Synced, with the highest priority.
 * VRRP is unicast between the lab's own addresses. The namespaces carry the lab's prefix, so the
 * lab's teardown deletes them too; processes started here are stopped by their PIDs.
 */
final class CompareBalancers implements AutoCloseable {
    static final String HAP_VIP = "198.51.100.200";
    static final String DB_VIP = "198.51.100.101";
    static final int CHECK_PORT = 9200;
    private static final String PIDS = "/run/clonevip-compare"; // on each node's private /run

    /** HAProxy's health check. */
    enum Check {
        /** {@code option mysql-check}: a MySQL handshake as user haproxy (no password); blind to Galera's state. */
        MYSQL_CHECK,
        /** {@code option httpchk} against clustercheck on port 9200: healthy only when Synced. */
        CLUSTERCHECK
    }

    private final E2eLab lab;
    private final Path dir;
    private final Process[] haproxy = new Process[2];
    private final Process[] keepalived = new Process[2];
    private final boolean[] nodeKeepalived = new boolean[4];

    CompareBalancers(E2eLab lab, Path dir) throws IOException {
        this.lab = lab;
        this.dir = dir;
        Files.createDirectories(dir);
        Path cc = dir.resolve("clustercheck.sh");
        Files.copy(Path.of("bench/compare/clustercheck.sh"), cc, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        // keepalived's check of its balancer: HAProxy's process lives (killall -0 haproxy on a host of
        // its own; here the balancers share the PID namespace, so its recorded PID). Not a connection
        // through HAProxy: that would reach a database each time.
        Files.writeString(dir.resolve("chk-haproxy.sh"), """
                #!/bin/sh
                exec kill -0 "$(cat "$1")"
                """);
        Cmd.ok("chmod", "755", dir.toString(), cc.toString(), dir.resolve("chk-haproxy.sh").toString());
        for (int h = 1; h <= 2; h++) {
            hostUp(h);
        }
        // HAProxy's mysql-check account: no password (HAProxy cannot send one), no privilege
        lab.db().sql(1, "CREATE USER IF NOT EXISTS 'haproxy'@'198.51.100.%'");
    }

    static String hapAddress(int h) {
        return "198.51.100." + (20 + h);
    }

    String hapNamespace(int h) {
        return lab.lanNamespace().replaceFirst("-lan$", "-hap" + h);
    }

    /** The balancer host's namespace, its port on the lab bridge, its address; HAProxy's usual sysctls. */
    private void hostUp(int h) {
        String ns = hapNamespace(h);
        String lan = lab.lanNamespace();
        if (!Cmd.run("ip", "netns", "list").out().contains(ns)) {
            Cmd.ok("ip", "netns", "add", ns);
            Cmd.ok("ip", "-n", ns, "link", "set", "lo", "up");
            // many short proxied connections: reuse the backend side's TIME_WAIT ports, as HAProxy guides advise
            Cmd.ok("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv4.tcp_tw_reuse=1");
            Cmd.ok("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv4.ip_local_port_range=10000 65000");
        }
        Cmd.ok("ip", "-n", lan, "link", "add", "vh" + h, "type", "veth", "peer", "name", "eth0", "netns", ns);
        Cmd.ok("ip", "-n", lan, "link", "set", "vh" + h, "master", "br0");
        Cmd.ok("ip", "-n", lan, "link", "set", "vh" + h, "up");
        Cmd.ok("ip", "-n", ns, "addr", "add", hapAddress(h) + "/24", "dev", "eth0");
        Cmd.ok("ip", "-n", ns, "link", "set", "eth0", "up");
    }

    /** (Re)starts HAProxy on balancer h with this configuration. */
    void haproxy(int h, String balance, Check check) throws IOException {
        stopHaproxy(h);
        Path cfg = dir.resolve("hap" + h + ".cfg");
        Files.writeString(cfg, BalancerConfigs.haproxy(dir.resolve("hap" + h + ".sock"), balance, check));
        Cmd.ok("haproxy", "-c", "-q", "-f", cfg.toString());
        haproxy[h - 1] = new ProcessBuilder("ip", "netns", "exec", hapNamespace(h), "haproxy", "-db", "-f", cfg.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("hap" + h + ".log").toFile()))
                .start();
        Files.writeString(dir.resolve("hap" + h + ".pid"), haproxy[h - 1].pid() + "\n");
        // listening?
        E2eLab.await("haproxy " + h + " listens", Duration.ofSeconds(10),
                () -> Cmd.run("ip", "netns", "exec", hapNamespace(h), "ss", "-Hltn", "sport = :3306").out().contains("3306"),
                () -> "haproxy " + h + " log: " + read(dir.resolve("hap" + h + ".log")));
    }

    /** HAProxy's PID on balancer h (ip netns exec runs it in place), or -1. */
    long haproxyPid(int h) {
        Process p = haproxy[h - 1];
        return p != null && p.isAlive() ? p.pid() : -1;
    }

    void stopHaproxy(int h) {
        stop(haproxy[h - 1]);
        haproxy[h - 1] = null;
    }

    /** The state of each server in HAProxy h ("UP", "DOWN", "UP 1/3", ...) from its stats socket. */
    List<String> serverStates(int h) {
        Cmd r = Cmd.run("sh", "-c", "echo 'show stat' | socat - UNIX-CONNECT:" + dir.resolve("hap" + h + ".sock"));
        List<String> states = new ArrayList<>();
        for (String line : r.out().split("\n")) {
            String[] f = line.split(",");
            if (f.length > 17 && f[1].startsWith("node")) states.add(f[1] + "=" + f[17]);
        }
        return states;
    }

    /** keepalived on balancer h: the balancers' VRRP VIP, hap1 preferred, HAProxy checked. */
    void keepalivedOnBalancer(int h) throws IOException {
        stop(keepalived[h - 1]);
        int other = 3 - h;
        String cfg = BalancerConfigs.keepalived("hap" + h, "chk_haproxy", dir.resolve("chk-haproxy.sh") + " " + dir.resolve("hap" + h + ".pid"),
                "interval 1", 53, 101 - h, hapAddress(h), List.of(hapAddress(other)), HAP_VIP);
        Path f = dir.resolve("ka-hap" + h + ".conf");
        Files.writeString(f, cfg);
        keepalived[h - 1] = new ProcessBuilder("ip", "netns", "exec", hapNamespace(h), "keepalived", "-n", "-l", "-G", "-D", "-P",
                "-f", f.toString(), "-p", dir.resolve("ka-hap" + h + ".pid").toString(),
                "-r", dir.resolve("ka-hap" + h + "-vrrp.pid").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("ka-hap" + h + ".log").toFile()))
                .start();
    }

    /** Which balancer holds the VRRP VIP (0: none). */
    int hapVipHolder() {
        for (int h = 1; h <= 2; h++) {
            if (Cmd.run("ip", "-n", hapNamespace(h), "-br", "addr", "show", "dev", "eth0").out().contains(HAP_VIP + "/")) return h;
        }
        return 0;
    }

    /** keepalived's PIDs on balancer h (parent and VRRP child). */
    List<Long> keepalivedPids(int h) {
        return ProcCpu.pidsIn(hapNamespace(h), "keepalived");
    }

    /**
     * Power-off of balancer h: its bridge port goes silent, HAProxy and keepalived die (SIGKILL),
     * its NIC goes away with every address (the VIP included), as the lab crashes a node.
     */
    void crashBalancer(int h) {
        Cmd.ok("ip", "-n", lab.lanNamespace(), "link", "set", "vh" + h, "down");
        kill(haproxy[h - 1]);
        kill(keepalived[h - 1]);
        haproxy[h - 1] = null;
        keepalived[h - 1] = null;
        for (String p : Cmd.run("ip", "netns", "pids", hapNamespace(h)).out().split("\\s+")) {
            if (!p.isBlank()) Cmd.run("kill", "-KILL", p); // the keepalived child, checks in flight: all ours
        }
        Cmd.ok("ip", "-n", lab.lanNamespace(), "link", "del", "vh" + h);
    }

    /** Balancer h booted again: a NIC, HAProxy, keepalived. */
    void bootBalancer(int h, String balance, Check check) throws IOException {
        hostUp(h);
        haproxy(h, balance, check);
        keepalivedOnBalancer(h);
    }

    /** The clustercheck responder on node n's port 9200 (socat forks clustercheck.sh per connection). */
    void clustercheck(int n) {
        lab.execOk(n, "sh", "-c", "mkdir -p " + PIDS + " && { setsid socat -T 5 TCP-LISTEN:" + CHECK_PORT
                + ",reuseaddr,fork EXEC:'" + dir.resolve("clustercheck.sh") + " http " + lab.monitorCredentials()
                + "' < /dev/null > /dev/null 2>&1 & echo $! > " + PIDS + "/socat.pid; }");
    }

    /** keepalived on database node n: the active/passive VIP, node1 preferred, Galera's state checked. */
    void keepalivedOnNode(int n) throws IOException {
        List<String> peers = new ArrayList<>();
        for (int o = 1; o <= 3; o++) {
            if (o != n) peers.add(E2eLab.nodeAddress(o));
        }
        String cfg = BalancerConfigs.keepalived("node" + n, "chk_galera", dir.resolve("clustercheck.sh") + " exit " + lab.monitorCredentials(),
                "interval 2\n    timeout 3", 52, 102 - n, E2eLab.nodeAddress(n), peers, DB_VIP);
        Path f = dir.resolve("ka-node" + n + ".conf");
        Files.writeString(f, cfg);
        // in the background of the node, logging to the run's directory; its pid files on the node's private /run
        lab.execOk(n, "sh", "-c", "mkdir -p " + PIDS + " && { setsid keepalived -n -l -G -D -P -f " + f + " -p " + PIDS
                + "/ka.pid -r " + PIDS + "/ka-vrrp.pid < /dev/null >> " + dir.resolve("ka-node" + n + ".log") + " 2>&1 & }");
        nodeKeepalived[n] = true;
    }

    /** Which node holds the active/passive VIP (0: none). */
    int dbVipHolder() {
        for (int n = 1; n <= 3; n++) {
            if (Cmd.run("ip", "-n", lab.nodeNamespace(n), "-br", "addr", "show", "dev", "eth0").out().contains(DB_VIP + "/")) return n;
        }
        return 0;
    }

    void stopKeepalivedOnNode(int n) {
        if (nodeKeepalived[n]) {
            lab.exec(n, "sh", "-c", "[ -f " + PIDS + "/ka.pid ] && kill $(cat " + PIDS + "/ka.pid); rm -f " + PIDS + "/ka.pid");
            nodeKeepalived[n] = false;
        }
    }

    /** A crashed node's processes are gone with it; after its boot they are started again. */
    void nodeCrashed(int n) {
        nodeKeepalived[n] = false;
    }

    void stopClustercheck(int n) {
        lab.exec(n, "sh", "-c", "[ -f " + PIDS + "/socat.pid ] && kill $(cat " + PIDS + "/socat.pid); rm -f " + PIDS + "/socat.pid");
    }

    private static void stop(Process p) {
        if (p == null || !p.isAlive()) return;
        p.destroy();
        try {
            if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) kill(p);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void kill(Process p) {
        if (p == null) return;
        p.destroyForcibly();
        try {
            p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        for (int h = 1; h <= 2; h++) {
            stop(keepalived[h - 1]);
            stopHaproxy(h);
        }
        for (int n = 1; n <= 3; n++) {
            try {
                stopKeepalivedOnNode(n);
                stopClustercheck(n);
            } catch (RuntimeException e) {
                System.err.println("compare: node" + n + ": " + e.getMessage());
            }
        }
        for (int h = 1; h <= 2; h++) {
            Cmd.run("ip", "netns", "del", hapNamespace(h));
        }
    }
}
