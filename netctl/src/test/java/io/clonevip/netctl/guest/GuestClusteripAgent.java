package io.clonevip.netctl.guest;

import io.clonevip.cluster.HashMode;
import io.clonevip.cluster.hash.BucketPredictor;
import io.clonevip.clusterip.ClusterIpLegacyBackend;
import io.clonevip.clusterip.ClusterIpState;
import io.clonevip.lab.net.NetLab;
import io.clonevip.testkit.Cmd;
import io.clonevip.nativ.NetNs;
import io.clonevip.ocf.OcfMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ocf:clonevip:IPaddr3} with {@code backend=clusterip} as Pacemaker runs it (the agent
 * class by name through {@link OcfMain#run}, one action per call, inside the node's namespace):
 * a clone of N=3 with buckets 1 and 2 on node 1 and bucket 3 on node 2. Probes before start
 * (the legacy iptables module not even loaded) are 7, start/monitor 0, a probe of an instance another node runs 7; client flows are answered
 * exactly once by the node owning their bucket under CLUSTERIP's hash; stops leave nothing behind
 * (no CLUSTERIP rule through the legacy ABI and iptables-legacy-save, no /proc entry, no address).
 * Then {@code backend=auto}, which on this 6.1 kernel (that has CLUSTERIP) must still choose nft.
 */
final class GuestClusteripAgent {
    static final int N = 3;
    private static final String AGENT = "io.clonevip.agent.ipaddr.IPaddr3";
    private static final Inet4Address VIP = GuestMigrateCommand.v4("198.51.100.102");
    private static final String MAC = "01:00:5e:00:00:66";
    private static final long SEED = 0x600dcafeL;
    /** Instance (0-based clone number) → node: buckets 1, 2 on node 1, bucket 3 on node 2. */
    private static final int[] NODE_OF_INSTANCE = {1, 1, 2};
    private final GuestReport out;
    private final NetLab lab;
    private Path rscTmp;

    GuestClusteripAgent(GuestReport out, NetLab lab) {
        this.out = out;
        this.lab = lab;
    }

    private record Run(int rc, String err) {
        @Override
        public String toString() { return "rc=" + rc + " stderr:\n" + err; }
    }

    void run() throws Exception {
        rscTmp = Files.createTempDirectory("clonevip-guest-rsc-");
        long t0 = System.nanoTime();
        clusterip();
        GuestReport.measure("IPaddr3 backend=clusterip part", t0);
        t0 = System.nanoTime();
        auto();
        GuestReport.measure("IPaddr3 backend=auto part", t0);
    }

    private void clusterip() throws Exception {
        out.check("fresh guest: the legacy iptables module ip_tables is not loaded yet", !ipTablesLoaded(), Cmd.ok("cat", "/proc/modules"));
        for (int i = 0; i < N; i++) expect("probe of instance " + i + " before any start", 7, i, NODE_OF_INSTANCE[i], "monitor", true);
        for (int i = 0; i < N; i++) {
            long t0 = System.nanoTime();
            Map<String, String> env = env(i, "clusterip", NODE_OF_INSTANCE[i]);
            // the clone count attribute once (attrd_updater forks cost seconds under TCG): the first start
            if (i == 0) env.remove("OCF_RESKEY_clone_count_attribute");
            Run r = action(env, NODE_OF_INSTANCE[i], "start");
            GuestReport.measure("IPaddr3 start of instance " + i + " (backend=clusterip, in process)", t0);
            out.check("start of instance " + i + " (bucket " + (i + 1) + ") on node " + NODE_OF_INSTANCE[i] + ": 0", r.rc() == 0, r);
            if (i == 0) {
                out.check("attrd_updater without a cluster: logged at info, start still 0",
                        r.err().lines().anyMatch(l -> l.contains("INFO") && l.contains("not published")), r);
                out.check("the first start loaded ip_tables (modprobe, as iptables does) and said so at info", ipTablesLoaded()
                        && r.err().lines().anyMatch(l -> l.contains("INFO") && l.contains("modprobe ip_tables")), r);
            }
        }
        for (int i = 0; i < N; i++) expect("monitor of instance " + i, 0, i, NODE_OF_INSTANCE[i], "monitor", false);
        expect("probe on node 1 of instance 2 (node 2 runs it)", 7, 2, 1, "monitor", true);
        expect("probe on node 2 of instance 0 (node 1 runs it)", 7, 0, 2, "monitor", true);
        kernel(1, "after the starts", List.of(1, 2), true);
        kernel(2, "after the starts", List.of(3), true);
        kernel(3, "(never started there)", List.of(), false);

        BucketPredictor model = new BucketPredictor(HashMode.CLUSTERIP_COMPATIBLE, N, SEED);
        try (GuestTraffic t = new GuestTraffic(out, lab, VIP, 40000)) {
            t.respondOn(1);
            t.respondOn(2);
            t.newFlows("IPaddr3 backend=clusterip, buckets 1,2 on node 1 and 3 on node 2", model,
                    b -> "n" + NODE_OF_INSTANCE[b - 1], 12);
        }

        expect("stop of instance 0 on node 1", 0, 0, 1, "stop", false);
        kernel(1, "after stopping bucket 1 of its 1,2", List.of(2), true);
        expect("monitor of the stopped instance 0", 7, 0, 1, "monitor", false);
        expect("monitor of instance 1, still running", 0, 1, 1, "monitor", false);
        expect("stop of instance 1 (the last on node 1)", 0, 1, 1, "stop", false);
        kernel(1, "after its last stop", List.of(), false);
        expect("stop of instance 2 (the last on node 2)", 0, 2, 2, "stop", false);
        kernel(2, "after its last stop", List.of(), false);
        expect("stop of instance 2 again", 0, 2, 2, "stop", false);
        expect("probe of instance 2 after the stop", 7, 2, 2, "monitor", true);
    }

    private void auto() throws Exception {
        Map<String, String> env = env(0, "auto", 3);
        Run r = action(env, 3, "start");
        out.check("backend=auto start on node 3: 0", r.rc() == 0, r);
        String tables = lab.exec(lab.node(3), "nft", "list", "tables").out();
        ClusterIpState st = new ClusterIpLegacyBackend(lab.node(3)).state(VIP);
        out.check("backend=auto on " + System.getProperty("os.version") + " (a kernel WITH CLUSTERIP) chooses nft: table "
                        + "clonevip_198_51_100_102, no CLUSTERIP rule, no /proc entry",
                tables.contains("clonevip_198_51_100_102") && st.rules().isEmpty() && st.localNodes().isEmpty(), tables + " " + st);
        r = action(env, 3, "monitor");
        out.check("backend=auto monitor: 0", r.rc() == 0, r);
        r = action(env, 3, "stop");
        out.check("backend=auto stop: 0", r.rc() == 0, r);
        tables = lab.exec(lab.node(3), "nft", "list", "tables").out();
        boolean addr = lab.exec(lab.node(3), "ip", "-o", "addr", "show", "dev", "eth0").out().contains(" " + VIP.getHostAddress() + "/");
        out.check("backend=auto stop: table and address gone", !tables.contains("clonevip_198_51_100_102") && !addr, tables);
    }

    private static boolean ipTablesLoaded() {
        return Cmd.ok("cat", "/proc/modules").lines().anyMatch(l -> l.startsWith("ip_tables "));
    }

    /** What the kernel of node {@code k} holds for the VIP: CLUSTERIP rule, /proc local nodes, address. */
    private void kernel(int k, String when, List<Integer> local, boolean present) throws Exception {
        String ns = lab.node(k);
        ClusterIpState st = new ClusterIpLegacyBackend(ns).state(VIP);
        String save = Cmd.ok("ip", "netns", "exec", ns, "iptables-legacy-save");
        long rules = save.lines().filter(l -> l.contains("-d " + VIP.getHostAddress() + "/32") && l.contains("CLUSTERIP")).count();
        // st.localNodes(): one read(2) of /proc/net/ipt_CLUSTERIP/VIP in the namespace, empty when the file is gone
        String procText = st.localNodes().map(Object::toString).orElse("(no file)");
        boolean addr = lab.exec(ns, "ip", "-o", "addr", "show", "dev", "eth0").out().contains(" " + VIP.getHostAddress() + "/24");
        String want = local.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElse("");
        boolean ok = present
                ? st.rules().size() == 1 && rules == 1 && st.localNodes().map(s -> List.copyOf(s).equals(local)).orElse(false) && addr
                : st.rules().isEmpty() && rules == 0 && st.localNodes().isEmpty() && !addr;
        out.check("node " + k + " " + when + ": " + (present ? "one CLUSTERIP rule (legacy ABI and iptables-legacy-save), /proc "
                + want + ", address present" : "no CLUSTERIP rule (legacy ABI and iptables-legacy-save), no /proc entry, no address"),
                ok, st + "\n/proc: '" + procText + "' address " + addr + "\n" + save);
    }

    private void expect(String what, int rc, int instance, int node, String action, boolean probe) throws Exception {
        Map<String, String> env = env(instance, "clusterip", node);
        if (probe) env.put("OCF_RESKEY_CRM_meta_interval", "0");
        Run r = action(env, node, action);
        out.check(what + ": " + rc, r.rc() == rc, r);
    }

    /** Instance {@code clone} of a globally-unique clone of N instances of {@code vip3}. */
    private Map<String, String> env(int clone, String backend, int node) throws java.io.IOException {
        Map<String, String> env = new HashMap<>();
        env.put("OCF_ROOT", "/usr/lib/ocf");
        env.put("OCF_RESOURCE_INSTANCE", "vip3:" + clone);
        env.put("HA_RSCTMP", Files.createDirectories(rscTmp.resolve("node" + node)).toString()); // per node, as /run is
        env.put("OCF_RESKEY_ip", VIP.getHostAddress());
        env.put("OCF_RESKEY_nic", "eth0");
        env.put("OCF_RESKEY_cidr_netmask", "24");
        env.put("OCF_RESKEY_mac", MAC);
        env.put("OCF_RESKEY_hash_seed", "0x" + Long.toHexString(SEED));
        env.put("OCF_RESKEY_backend", backend);
        env.put("OCF_RESKEY_arp_bg", "false");
        env.put("OCF_RESKEY_arp_count", "1");
        env.put("OCF_RESKEY_CRM_meta_interval", "10000");
        env.put("OCF_RESKEY_CRM_meta_clone", Integer.toString(clone));
        env.put("OCF_RESKEY_CRM_meta_clone_max", Integer.toString(N));
        env.put("OCF_RESKEY_CRM_meta_clone_node_max", Integer.toString(N));
        env.put("OCF_RESKEY_CRM_meta_globally_unique", "true");
        env.put("OCF_RESKEY_clone_count_attribute", ""); // not published (see the first start)
        return env;
    }

    /** One action of the agent, loaded by class name as the entry script does, inside node {@code k}'s namespace. */
    private Run action(Map<String, String> env, int k, String action) throws Exception {
        return NetNs.call(lab.node(k), () -> {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            ByteArrayOutputStream e = new ByteArrayOutputStream();
            int rc;
            try (PrintStream po = new PrintStream(o, true, StandardCharsets.UTF_8);
                 PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8)) {
                rc = OcfMain.run(AGENT, new String[] {action}, env, po, pe);
            }
            return new Run(rc, e.toString(StandardCharsets.UTF_8));
        });
    }
}
