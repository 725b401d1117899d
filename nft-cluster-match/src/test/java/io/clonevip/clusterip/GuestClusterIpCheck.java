package io.clonevip.clusterip;

import io.clonevip.nativ.NetNs;
import io.clonevip.nativ.bind.ip_tables_h;
import io.clonevip.testkit.Cmd;
import io.clonevip.testkit.net.TestNetns;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;

/**
 * Runs INSIDE the old-kernel guest (Debian 6.1, which still has ipt_CLUSTERIP), started by
 * {@link ClusterIpGuestTest} through {@code lab/oldkernel/run-guest.sh}. Programs CLUSTERIP with
 * {@link ClusterIpLegacyBackend} and cross-checks every step with iptables-legacy; prints
 * {@code PASS:}/{@code FAIL:}/{@code MEASURE:} lines and exits 0 only when everything passed.
 */
public final class GuestClusterIpCheck {
    static final Inet4Address VIP = ClusterIpParams.ipv4("198.51.100.100");
    static final String MAC = "01:00:5E:00:00:64";
    private final List<String> failures = new ArrayList<>();

    public static void main(String[] args) {
        GuestClusterIpCheck c = new GuestClusterIpCheck();
        try {
            c.run(Set.of(args));
        } catch (Throwable t) {
            c.failures.add("unexpected " + t);
            t.printStackTrace(System.out);
        }
        System.out.println(c.failures.isEmpty() ? "GUEST-CHECK: all passed" : "GUEST-CHECK: failed: " + c.failures);
        System.out.flush();
        System.exit(c.failures.isEmpty() ? 0 : 1);
    }

    void check(String what, boolean ok, Object detail) {
        System.out.println((ok ? "PASS: " : "FAIL: ") + what + (ok ? "" : " -- " + detail));
        if (!ok) failures.add(what);
    }

    static void measure(String what, long startNanos) {
        System.out.printf("MEASURE: %s = %.1f ms%n", what, (System.nanoTime() - startNanos) / 1e6);
    }

    /** {@code --traffic}: CLUSTERIP traffic; {@code --compat}: CLUSTERIP vs nft and the rolling migration; {@code --only-compat}: skip the rest. */
    private void run(Set<String> flags) throws Exception {
        boolean only = flags.contains("--only-compat");
        ProcessHandle.current().info().startInstant().ifPresent(t -> System.out.printf(
                "MEASURE: guest JVM start to main = %d ms%n", java.time.Duration.between(t, java.time.Instant.now()).toMillis()));
        long t0 = System.nanoTime();
        System.out.println("guest kernel " + Cmd.ok("uname", "-r").strip());
        try {
            new ClusterIpLegacyBackend(null).state(VIP);
            System.out.println("ip_tables was already loaded");
        } catch (io.clonevip.nativ.KernelException e) {
            check("without ip_tables loaded, reading says so", e.getMessage().contains("modprobe ip_tables"), e.getMessage());
        }
        // the one prerequisite (iptables itself modprobes it); everything else (iptable_filter,
        // ipt_CLUSTERIP, nf_conntrack) the kernel loads on our requests
        Cmd.ok("modprobe", "ip_tables");
        System.out.println("modules: " + Cmd.ok("lsmod").lines().skip(1).map(l -> l.split("\\s+")[0]).toList());
        if (!only) {
            try (TestNetns node = TestNetns.create("gn"); TestNetns ref = TestNetns.create("gr"); TestNetns nft = TestNetns.create("gf")) {
                for (TestNetns ns : List.of(node, ref, nft)) ns.ip("link", "add", "cv0", "type", "veth", "peer", "name", "cv1");
                programmingAndReadBack(node, ref);
                nftCompatRefuses(nft);
            }
            if (flags.contains("--traffic")) new GuestClusterIpTraffic(this).run();
        }
        if (only || flags.contains("--compat")) {
            new GuestCompatEquivalence(this).run();
            new GuestRollingMigration(this).run();
        }
        measure("whole guest check", t0);
    }

    private void programmingAndReadBack(TestNetns node, TestNetns ref) throws Exception {
        // foreign rules with counters, a user chain and a jump: must all survive untouched
        IptTableKernelTest.ipt(node, "-N", "cvchain");
        IptTableKernelTest.ipt(node, "-A", "INPUT", "-c", "7", "700", "-s", "198.51.100.7", "-j", "cvchain");
        IptTableKernelTest.ipt(node, "-A", "cvchain", "-c", "3", "300", "-p", "tcp", "--dport", "22", "-j", "ACCEPT");
        IptTableKernelTest.ipt(node, "-A", "OUTPUT", "-c", "1", "100", "-d", "203.0.113.1", "-j", "DROP");
        List<String> foreign = IptTableKernelTest.save(node);

        ClusterIpLegacyBackend b = new ClusterIpLegacyBackend(node.name());
        ClusterIpParams p1 = ClusterIpParams.of(VIP.getHostAddress(), "cv0", MAC, 3, 1, "sourceip-sourceport", "0x1234abcd");
        long t0 = System.nanoTime();
        boolean changed = b.start(p1);
        measure("start (rule created, first call in this JVM incl. FFM linking)", t0);
        check("start creates the rule", changed, null);

        String ourLine = ruleLines(node).stream().findFirst().orElse("");
        check("iptables-legacy -S shows our rule first in INPUT", ourLine.equals(p1.rule().iptablesSpec("INPUT")),
                ourLine + " vs " + p1.rule().iptablesSpec("INPUT"));
        // what iptables itself writes for the same rule, in another namespace: same bytes?
        IptTableKernelTest.ipt(ref, "-I", "INPUT", "-d", VIP.getHostAddress(), "-i", "cv0", "-j", "CLUSTERIP", "--new",
                "--hashmode", "sourceip-sourceport", "--clustermac", MAC, "--total-nodes", "3", "--local-node", "1",
                "--hash-init", "0x1234abcd");
        byte[] ours = firstInputEntry(node.name()).raw();
        byte[] theirs = firstInputEntry(ref.name()).raw();
        check("our entry is byte-identical to the one iptables-legacy writes (" + ours.length + " bytes)",
                Arrays.equals(ours, theirs), hex(ours) + "\nvs\n" + hex(theirs));
        List<String> expected = new ArrayList<>(foreign);
        expected.add(expected.indexOf("[7:700] -A INPUT -s 198.51.100.7/32 -j cvchain"), "[0:0] " + p1.rule().iptablesSpec("INPUT"));
        List<String> after = IptTableKernelTest.save(node);
        check("foreign rules, jump and counters kept (iptables-legacy-save -c)", after.equals(expected), after);
        System.out.println(node.execOk("iptables-legacy", "-L", "INPUT", "-v", "-n", "-x"));
        System.out.println("modules now: " + Cmd.ok("lsmod").lines().skip(1).map(l -> l.split("\\s+")[0]).toList());

        ClusterIpState s = b.state(VIP);
        check("state: one rule with our parameters", s.rule().equals(Optional.of(p1.rule())), s);
        check("state: local nodes {1}", s.localNodes().equals(Optional.of(sorted(1))), s.localNodes());

        t0 = System.nanoTime();
        check("start of node 3 adds it through /proc", b.start(withNode(p1, 3)), null);
        measure("start (second bucket, /proc write)", t0);
        check("start of node 3 again changes nothing", !b.start(withNode(p1, 3)), null);
        check("local nodes {1,3}", b.state(VIP).localNodes().equals(Optional.of(sorted(1, 3))), b.state(VIP));
        String cat = node.execOk("cat", "/proc/net/ipt_CLUSTERIP/" + VIP.getHostAddress()).strip();
        check("cat of the /proc file agrees: 1,3", cat.equals("1,3"), cat);
        String dd = node.execOk("dd", "if=/proc/net/ipt_CLUSTERIP/" + VIP.getHostAddress(), "bs=1", "status=none").strip();
        System.out.println("multi-read trap: dd bs=1 reads '" + dd + "' where one read(2) gives '" + cat + "'");
        check("exactly one CLUSTERIP rule in INPUT", b.state(VIP).rules().size() == 1, b.state(VIP).rules());

        try {
            b.start(ClusterIpParams.of(VIP.getHostAddress(), "cv0", MAC, 4, 2, "sourceip-sourceport", "0x1234abcd"));
            check("other total nodes is a CONFLICT", false, "accepted");
        } catch (ClusterIpException e) {
            check("other total nodes is a CONFLICT", e.reason() == ClusterIpException.Reason.CONFLICT, e.reason());
            System.out.println("  " + e.getMessage());
        }

        t0 = System.nanoTime();
        check("stop of node 1 removes it", b.stop(VIP, 1), null);
        measure("stop (one bucket of two, /proc write)", t0);
        check("local nodes {3}, rule kept", b.state(VIP).localNodes().equals(Optional.of(sorted(3))) && b.state(VIP).rule().isPresent(), b.state(VIP));
        t0 = System.nanoTime();
        check("stop of the last node removes the rule", b.stop(VIP, 3), null);
        measure("stop (last bucket: /proc write + rule removal)", t0);
        ClusterIpState gone = b.state(VIP);
        check("state after: no rule, no /proc file", gone.rules().isEmpty() && gone.localNodes().isEmpty(), gone);
        List<String> end = IptTableKernelTest.save(node);
        check("table back to the foreign rules with their counters", end.equals(foreign), end);
        check("stop again changes nothing", !b.stop(VIP, 3), null);

        concurrentInstances(b, p1);

        t0 = System.nanoTime();
        for (int i = 0; i < 20; i++) b.state(VIP);
        System.out.printf("MEASURE: state (table read + /proc read), mean of 20 = %.2f ms%n", (System.nanoTime() - t0) / 20e6);
    }

    /** Three instances starting (then stopping) at once on one node: one rule, all buckets. */
    private void concurrentInstances(ClusterIpLegacyBackend b, ClusterIpParams p) throws Exception {
        List<Thread> ts = new ArrayList<>();
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int k = 1; k <= 3; k++) {
            int node = k;
            ts.add(Thread.ofPlatform().start(() -> {
                try { b.start(withNode(p, node)); } catch (Exception e) { errors.add(e); }
            }));
        }
        for (Thread t : ts) t.join();
        ClusterIpState s = b.state(VIP);
        check("3 concurrent starts: no error, one rule, local nodes {1,2,3}", errors.isEmpty() && s.rules().size() == 1
                && s.localNodes().equals(Optional.of(sorted(1, 2, 3))), errors + " " + s);
        ts.clear();
        for (int k = 1; k <= 3; k++) {
            int node = k;
            ts.add(Thread.ofPlatform().start(() -> {
                try { b.stop(VIP, node); } catch (Exception e) { errors.add(e); }
            }));
        }
        for (Thread t : ts) t.join();
        s = b.state(VIP);
        check("3 concurrent stops: no error, no rule, no /proc file", errors.isEmpty() && s.rules().isEmpty()
                && s.localNodes().isEmpty(), errors + " " + s);
    }

    private void nftCompatRefuses(TestNetns ns) {
        Cmd c = ns.exec("iptables-nft", "-I", "INPUT", "-d", VIP.getHostAddress(), "-i", "cv0", "-j", "CLUSTERIP", "--new",
                "--hashmode", "sourceip", "--clustermac", MAC, "--total-nodes", "2", "--local-node", "1");
        check("iptables-nft (nft_compat) cannot create CLUSTERIP", c.exit() != 0, c);
        System.out.println("  iptables-nft said: exit " + c.exit() + " " + c.err().strip());
        String dmesg = Cmd.run("dmesg").out().lines().filter(l -> l.contains("CLUSTERIP") || l.contains("clusterip")).reduce((a, x) -> x).orElse("");
        System.out.println("  last kernel line about CLUSTERIP: " + dmesg.strip());
    }

    static List<String> ruleLines(TestNetns ns) {
        return ns.execOk("iptables-legacy", "-w", "-S", "INPUT").lines().filter(l -> l.startsWith("-A ")).toList();
    }

    static IptEntry firstInputEntry(String ns) throws Exception {
        return NetNs.call(ns, () -> {
            try (IptSocket s = IptSocket.open()) {
                return s.read("filter").chain(ip_tables_h.NF_INET_LOCAL_IN()).get(0);
            }
        });
    }

    static ClusterIpParams withNode(ClusterIpParams p, int node) {
        return new ClusterIpParams(p.vip(), p.iface(), p.clusterMac(), p.totalNodes(), node, p.hashMode(), p.hashInit());
    }

    static SortedSet<Integer> sorted(Integer... n) {
        return new java.util.TreeSet<>(Set.of(n));
    }

    static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }
}
