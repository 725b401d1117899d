package io.clonevip.netctl.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.cluster.BucketPredictor;
import io.clonevip.cluster.ClusterIpNode;
import io.clonevip.cluster.ClusterIpSpec;
import io.clonevip.cluster.HashMode;
import io.clonevip.cluster.NodeStatus;
import io.clonevip.clusterip.ClusterIpParams;
import io.clonevip.clusterip.ClusteripToNft;
import io.clonevip.lab.e2e.E2eLab;
import io.clonevip.lab.net.Flow;
import io.clonevip.lab.net.Responders;
import io.clonevip.lab.net.TrafficClient;
import io.clonevip.migrate.MigrationPlan;
import io.clonevip.nativ.NetNs;
import io.clonevip.pacemaker.CrmMonView;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The last steps of docs/user/migration.md's zero-disruption path in the real end-to-end lab (three
 * Pacemaker nodes, a Galera member in each, a client): a cluster running the seed's
 * configuration with the old agents' names ({@code ocf:percona:IPaddr3} clone +
 * {@code ocf:percona:mysql_monitor}, stand-ins from src/test/resources/handover that keep the
 * CLUSTERIP state in files, since this kernel has no CLUSTERIP), then in maintenance mode the
 * buckets moved to nft on every node by {@link ClusteripToNft} (what {@code netctl migrate --apply
 * --keep-connections} runs) from the stand-in's iptables-save and /proc file, the CIB rewritten by
 * {@code netctl migrate --cib} with the compatible hash, seed and MAC set, loaded, refreshed, and
 * maintenance mode off. Then the operator's mistakes: the CIB loaded outside maintenance mode,
 * hash mode and seed of the CIB not those of the running ruleset. The first case runs the
 * operator's steps with the crm shell, the other two with pcs: every step of docs/user/migration.md
 * runs in both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PacemakerHandoverTest {
    private static final String VIP = "198.51.100.100";
    private static final int PORT = 7300;
    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final Pattern RESULT = Pattern.compile(
            "Result of (\\S+) operation for (p_cluster_vip:\\d+|p_mysql_monit(?::\\d+)?) on (node\\d): ([^|]+?)(?: \\|.*)?$");

    private final Inet4Address vip = ClusterIpParams.ipv4(VIP);
    private final InetAddress self = ClusterIpParams.ipv4(E2eLab.CLIENT_ADDRESS);
    private E2eLab lab;
    private Path work;
    private Responders responders;
    private TrafficClient client;
    /** The spec netctl migrate --apply --keep-connections programmed, and the buckets' owners (node names). */
    private ClusterIpSpec spec;
    private Map<Integer, String> owners;
    private final List<TrafficClient.Held> held = new ArrayList<>();
    private final Map<Integer, String> heldBy = new TreeMap<>();

    @BeforeAll
    void up() throws Exception {
        lab = E2eLab.start();
        System.out.println("TIMING lab up: " + lab.upTime().toMillis() + " ms");
        work = Files.createTempDirectory(lab.dir(), "handover-");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path percona = lab.dir().resolve("resource.d/percona");
        Files.createDirectories(percona);
        for (String agent : List.of("IPaddr3", "mysql_monitor")) {
            Path p = Files.copy(Path.of("src/test/resources/handover", agent), percona.resolve(agent));
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @AfterAll
    void down() {
        if (responders != null) responders.close();
        if (lab != null) lab.close();
    }

    @Test
    @Order(1)
    void handOverKeepsEveryBucketWhereItIsAndEveryConnection() throws Exception {
        // the seed's configuration with the old agents
        lab.crmConfigure(Files.readString(Path.of("src/test/resources/handover/seed-percona.crm"))
                .replace("CREDENTIALS", lab.monitorCredentials().toString()));
        settle();
        E2eLab.await("one bucket per node with the old agents", SETTLE,
                () -> new TreeSet<>(lab.status(1).buckets("p_cluster_vip").values()).size() == 3, () -> lab.crmMonText(1));
        owners = lab.status(1).buckets("p_cluster_vip");

        // maintenance mode, then every node moves its CLUSTERIP buckets to nft
        maintenance(Tool.CRM, true);
        for (int n = 1; n <= 3; n++) {
            SavedClusterip saved = new SavedClusterip(lab, n);
            Path dir = Files.createDirectories(work.resolve("node" + n + "/proc"));
            Files.writeString(dir.resolveSibling("clusterip.rules"), saved.iptablesSave());
            Files.writeString(dir.resolve(VIP), saved.proc(vip).orElseThrow());
            MigrateRun shown = MigrateRun.run("migrate", "--from-iptables-save", dir.resolveSibling("clusterip.rules").toString(),
                    "--proc-dir", dir.toString());
            assertEquals(0, shown.exit(), shown.err());
        }
        Map<Integer, String> local = migrateAll(ClusteripToNft.Outcome.MIGRATED);
        for (int n = 1; n <= 3; n++) assertEquals("node" + n, owners.get(Integer.parseInt(local.get(n))), "bucket of node" + n);
        // what the operator copies into the CIB: the report of --apply --keep-connections
        MigrationPlan plan = InputFiles.plan(work.resolve("node1/clusterip.rules"), work.resolve("node1/proc"));
        String report = new PlanReport(plan, "clusterip.rules", "proc", null, true).human();
        assertTrue(report.contains(" mac=" + spec.clusterMac() + " clusterip_hash=" + spec.hashMode() + " hash_seed="
                + String.format("0x%08x", spec.seed()) + " "), report);

        // clients: responders on the VIP in every node, held connections, new connections throughout
        responders = new Responders();
        for (int n = 1; n <= 3; n++) responders.start(ns(n), "node" + n, InetAddress.getByName(VIP), PORT);
        client = new TrafficClient(lab.clientNamespace(), self, InetAddress.getByName(VIP), PORT, 2000);
        BucketPredictor predictor = BucketPredictor.of(spec);
        for (int sp = 41000; held.size() < 6; sp++) {
            TrafficClient.Held h = client.hold(sp);
            held.add(h);
            heldBy.put(sp, h.ping());
            int bucket = predictor.bucket(self, BucketPredictor.IPPROTO_TCP, sp, PORT);
            assertEquals(owners.get(bucket), heldBy.get(sp), "held connection from port " + sp + " (bucket " + bucket + ")");
        }
        NewConnections fresh = new NewConnections(predictor, owners, 42000);
        Mark mark = mark();

        // the CIB: dumped, rewritten by netctl migrate --cib, the compatible values set, loaded, refreshed
        long t0 = System.nanoTime();
        Path rewritten = rewrittenCib(Tool.CRM, "phase1", true);
        long tLoad = System.nanoTime();
        load(Tool.CRM, rewritten);
        long tRefresh = System.nanoTime();
        refresh(Tool.CRM);
        long tProbed = System.nanoTime();
        CrmMonView probed = lab.status(1);
        assertEquals(owners, probed.buckets("p_cluster_vip"), "probes found every bucket where it is");
        assertEquals(0, probed.failures(), lab.crmMonText(1));
        maintenance(Tool.CRM, false);
        long tDone = System.nanoTime();
        E2eLab.await("a recurring monitor of every bucket", SETTLE, () -> mark.results().stream()
                .filter(r -> r.startsWith("monitor p_cluster_vip:") && r.contains(": ok")).count() >= 3, () -> mark.results().toString());
        fresh.stop();
        System.out.printf("TIMING hand-over: dump+rewrite %d ms, load %d ms, refresh (probes) %d ms, maintenance off -> settled %d ms,"
                        + " total %d ms%n", ms(tLoad - t0), ms(tRefresh - tLoad), ms(tProbed - tRefresh), ms(tDone - tProbed), ms(tDone - t0));
        List<String> results = mark.results();
        results.forEach(r -> System.out.println("RESULT " + r));
        System.out.println("NEW " + fresh.summary());
        System.out.println("STANDIN since the mark " + mark.standIn());
        System.out.println("AGENTD " + lab.agentdTally().describe());
        assertEquals(List.of(), results.stream().filter(r -> r.matches("(start|stop) p_cluster_vip.*")).toList(), "no bucket restarted");
        assertEquals(9, results.stream().filter(r -> r.matches("probe p_cluster_vip:\\d node\\d: (ok|not running)")).count(), results.toString());
        assertEquals(List.of(), mark.standIn().values().stream().filter(a -> a.contains("start") || a.contains("stop")).toList());
        for (var h : held) assertEquals(heldBy.get(h.sourcePort()), h.ping(), "held connection from port " + h.sourcePort());
        assertEquals(List.of(), fresh.problems());
        assertTrue(fresh.flows() > 100, fresh.summary());
        assertEquals(owners, lab.status(1).buckets("p_cluster_vip"));
        assertEquals(Map.of("node1", "1", "node2", "1", "node3", "1"), attribute("writable_monit"));
    }

    /**
     * The operator loads the rewritten CIB as dumped before maintenance mode was set (it carries
     * maintenance-mode=false): Pacemaker restarts every instance whose agent changed. A clean
     * restart: each bucket stops and starts on its node, never on two nodes at once.
     */
    @Test
    @Order(2)
    void forgottenMaintenanceModeRestartsEachBucketCleanly() throws Exception {
        // back to the old agents over the buckets in place (their CLUSTERIP state restored), then migrated again
        maintenance(Tool.PCS, true);
        for (String id : List.of("p_cluster_vip", "p_mysql_monit")) {
            lab.execOk(1, "cibadmin", "--modify", "--xml-text", "<primitive id=\"" + id + "\" provider=\"percona\"/>");
        }
        for (int n = 1; n <= 3; n++) {
            lab.execOk(n, "cp", work.resolve("node" + n + "/clusterip.rules").toString(), SavedClusterip.DIR + "/iptables.rules");
            lab.execOk(n, "cp", work.resolve("node" + n + "/proc/" + VIP).toString(), SavedClusterip.DIR + "/ipt_CLUSTERIP/" + VIP);
        }
        refresh(Tool.PCS);
        assertEquals(owners, lab.status(1).buckets("p_cluster_vip"), lab.crmMonText(1));
        migrateAll(ClusteripToNft.Outcome.RESUMED);

        BucketPredictor predictor = BucketPredictor.of(spec);
        NewConnections fresh = new NewConnections(predictor, owners, 20000);
        Owners sampler = new Owners();
        Mark mark = mark();
        Path rewritten = rewrittenCib(Tool.PCS, "phase2", false);
        long t0 = System.nanoTime();
        load(Tool.PCS, rewritten);
        long tDone = System.nanoTime();
        Map<Integer, String> after = threeBuckets();
        fresh.stop();
        sampler.stop();
        List<String> results = mark.results();
        results.forEach(r -> System.out.println("RESULT " + r));
        System.out.printf("TIMING forgotten maintenance mode: load -> settled %d ms%n", ms(tDone - t0));
        System.out.println("NEW " + fresh.summary() + " " + fresh.problems());
        System.out.println("OWNERS sampled " + sampler.samples() + " times; after " + after);
        System.out.println("STANDIN since the mark " + mark.standIn());
        List<String> heldAfter = new ArrayList<>();
        for (var h : held) {
            try {
                heldAfter.add(h.sourcePort() + "=" + h.ping());
            } catch (IOException e) {
                heldAfter.add(h.sourcePort() + " cut: " + e.getMessage());
            }
        }
        System.out.println("HELD after " + heldAfter);
        System.out.println("UDP REPLIES NOT SENT " + responders.unsent());
        assertEquals(List.of(), sampler.twoOwners());
        // the forced restart's stop runs the OLD agent (Pacemaker's executor keeps the agent the
        // instance was started with): with CLUSTERIP gone it deletes the VIP address; clonevip's
        // probe then reports the bucket partial and Pacemaker stops and starts it with clonevip
        for (int n = 1; n <= 3; n++) {
            assertEquals(1, mark.standIn().get(n).stream().filter(a -> a.startsWith("stop p_cluster_vip:")).count(),
                    "node" + n + ": " + mark.standIn());
        }
        assertTrue(results.stream().filter(r -> r.matches("stop p_cluster_vip:\\d node\\d: ok.*")).count() >= 6, results.toString());
        assertEquals(3, results.stream().filter(r -> r.matches("probe p_cluster_vip:\\d node\\d: error \\(bucket \\d partial: address "
                + VIP + " missing on eth0\\)")).count(), results.toString());
        assertTrue(results.stream().filter(r -> r.matches("start p_cluster_vip:\\d node\\d: ok.*")).count() >= 3, results.toString());
        assertEquals(List.of(), fresh.problems().stream().filter(p -> p.matches(".*served by \\[node\\d, node.*")).toList(),
                "no new connection answered twice");
        assertEquals(sampler.last(), invert(after), "the nodes' rulesets hold what Pacemaker says");
    }

    /**
     * The operator leaves clusterip_hash and hash_seed out of the CIB: the probes name both
     * differences; out of maintenance mode every bucket is restarted with the CIB's values, never
     * on two nodes at once, and then every new connection is answered exactly once.
     */
    @Test
    @Order(3)
    void hashModeAndSeedNotInTheCibAreNamedAndRestartCleanly() throws Exception {
        maintenance(Tool.PCS, true);
        // pcs removes a parameter given an empty value
        lab.execOk(1, "pcs", "resource", "update", "p_cluster_vip", "clusterip_hash=", "hash_seed=");
        // No settle after the edit: in maintenance mode it leaves the scheduler nothing to do.
        // Failed probes in maintenance mode leave recovery the scheduler wants and may not run:
        // crm_resource --wait would wait for it, so wait for the three failures instead
        lab.execOk(1, Tool.PCS.refresh("cl_cluster_vip"));
        E2eLab.await("the probes' failures", SETTLE, () -> lab.status(1).failures() >= 3, () -> lab.crmMonText(1));
        String xml = lab.execOk(1, "crm_mon", "-1", "--output-as=xml");
        List<String> reasons = new ArrayList<>();
        Matcher m = Pattern.compile("exitreason=\"([^\"]*)\"").matcher(xml);
        while (m.find()) reasons.add(m.group(1));
        System.out.println("EXIT REASONS " + reasons);
        long defaultSeed = ClusterIpSpec.defaultSeed(vip);
        String differs = "hash mode / seed in parameters sourceip-sourceport / " + String.format("0x%08x", defaultSeed)
                + ", running ruleset " + spec.hashMode() + " / " + String.format("0x%08x", spec.seed());
        assertEquals(3, reasons.stream().filter(differs::equals).count(), reasons + " should say " + differs);

        Owners sampler = new Owners();
        Mark mark = mark();
        long t0 = System.nanoTime();
        maintenance(Tool.PCS, false);
        long tDone = System.nanoTime();
        Map<Integer, String> after = threeBuckets();
        sampler.stop();
        List<String> results = mark.results();
        results.forEach(r -> System.out.println("RESULT " + r));
        System.out.printf("TIMING wrong hash and seed: maintenance off -> settled %d ms%n", ms(tDone - t0));
        System.out.println("OWNERS sampled " + sampler.samples() + " times; after " + after);
        assertEquals(List.of(), sampler.twoOwners());
        assertEquals(3, results.stream().filter(r -> r.matches("stop p_cluster_vip:\\d node\\d: ok.*")).count(), results.toString());
        assertEquals(3, results.stream().filter(r -> r.matches("start p_cluster_vip:\\d node\\d: ok.*")).count(), results.toString());
        assertEquals(sampler.last(), invert(after));
        ClusterIpSpec now = ClusterIpSpec.builder().vip(vip).nic("eth0").buckets(3).hashMode(HashMode.SOURCE_IP_SOURCE_PORT)
                .seed(defaultSeed).clusterMac(spec.clusterMac()).build();
        NewConnections fresh = new NewConnections(BucketPredictor.of(now), after, 30000);
        E2eLab.await("200 new flows", SETTLE, () -> fresh.flows() >= 200 || fresh.problems().size() >= 6, fresh::summary);
        fresh.stop();
        System.out.println("NEW after the restart " + fresh.summary() + " " + fresh.problems());
        System.out.println("UDP REPLIES NOT SENT " + responders.unsent());
        assertEquals(List.of(), fresh.problems());
    }

    /** Every node: ClusteripToNft over the stand-in's CLUSTERIP state; returns each node's buckets. */
    private Map<Integer, String> migrateAll(ClusteripToNft.Outcome expected) throws Exception {
        Map<Integer, String> local = new TreeMap<>();
        for (int n = 1; n <= 3; n++) {
            ClusteripToNft.Result r = new ClusteripToNft(ns(n), new SavedClusterip(lab, n)).migrate(vip, null);
            assertEquals(expected, r.outcome(), r.toString());
            spec = r.plan().spec();
            local.put(n, r.plan().local().format());
        }
        System.out.println("MIGRATED " + spec + ", local buckets " + local);
        return local;
    }

    /**
     * {@code cibadmin -Q}, {@code netctl migrate --cib}, then what docs/user/migration.md asks: the
     * compatible hash mode, the seed and the MAC set on the VIP's primitive; with
     * {@code maintenance} false also maintenance-mode=false in the file (a CIB dumped before it
     * was set). A file the nodes can read.
     */
    private Path rewrittenCib(Tool tool, String tag, boolean maintenance) throws Exception {
        Path cib = work.resolve(tag + ".cib.xml");
        if (tool == Tool.CRM) {
            Files.writeString(cib, lab.execOk(1, "cibadmin", "-Q"));
        } else {
            lab.execOk(1, "pcs", "cluster", "cib", cib.toString());
        }
        Path rewritten = work.resolve(tag + ".cib.clonevip.xml");
        MigrateRun m = MigrateRun.run("migrate", "--cib", cib.toString(), "--output", rewritten.toString());
        assertEquals(0, m.exit(), m.out() + m.err());
        System.out.println("CIB REWRITE " + tag + ":\n" + m.out() + m.err());
        String hash = spec.hashMode().keyword();
        String seed = String.format("0x%08x", spec.seed());
        String mac = spec.clusterMac().toString();
        if (tool == Tool.CRM) {
            offline(rewritten, "crm_resource", "--resource", "p_cluster_vip", "--set-parameter", "clusterip_hash",
                    "--parameter-value", hash);
            offline(rewritten, "crm_resource", "--resource", "p_cluster_vip", "--set-parameter", "hash_seed",
                    "--parameter-value", seed);
            offline(rewritten, "crm_resource", "--resource", "p_cluster_vip", "--set-parameter", "mac",
                    "--parameter-value", mac);
            if (!maintenance) offline(rewritten, "crm_attribute", "-t", "crm_config", "-n", "maintenance-mode", "-v", "false");
        } else {
            // in node 1, where pcs finds the agent's meta-data to check the parameters against
            lab.execOk(1, "pcs", "-f", rewritten.toString(), "resource", "update", "p_cluster_vip",
                    "clusterip_hash=" + hash, "hash_seed=" + seed, "mac=" + mac);
            if (!maintenance) lab.execOk(1, "pcs", "-f", rewritten.toString(), "property", "set", "maintenance-mode=false");
        }
        Files.setPosixFilePermissions(rewritten, PosixFilePermissions.fromString("rw-r--r--"));
        return rewritten;
    }

    /** The operator's tool for the steps of docs/user/migration.md: the crm shell or pcs; each method is one command line. */
    private enum Tool {
        CRM {
            @Override String[] maintenance(boolean on) { return new String[] {"crm", "configure", "property", "maintenance-mode=" + on}; }
            @Override String[] refresh(String clone) { return new String[] {"crm", "resource", "refresh", clone}; }
            @Override String[] load(Path cib) { return new String[] {"cibadmin", "--replace", "--xml-file", cib.toString()}; }
        },
        PCS {
            @Override String[] maintenance(boolean on) { return new String[] {"pcs", "property", "set", "maintenance-mode=" + on}; }
            @Override String[] refresh(String clone) { return new String[] {"pcs", "resource", "refresh", clone}; }
            @Override String[] load(Path cib) { return new String[] {"pcs", "cluster", "cib-push", cib.toString()}; }
        };

        abstract String[] maintenance(boolean on);

        abstract String[] refresh(String clone);

        abstract String[] load(Path cib);
    }

    /** Step 4's load of the rewritten CIB, then settled. */
    private void load(Tool tool, Path rewritten) {
        lab.execOk(1, tool.load(rewritten));
        settle();
    }

    /** A Pacemaker command on a CIB file ({@code CIB_file}), as an operator edits the dumped CIB. */
    private static void offline(Path cib, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("CIB_file", cib.toString());
        Process q = pb.redirectErrorStream(true).start();
        q.getOutputStream().close();
        String out = new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, q.waitFor(), String.join(" ", cmd) + ": " + out);
    }

    private void maintenance(Tool tool, boolean on) {
        lab.execOk(1, tool.maintenance(on));
        settle();
    }

    /** Until the cluster has no pending action. */
    private void settle() {
        lab.settle(1);
    }

    /** Step 5: refresh of both clones (their history forgotten, probed again), then settled. */
    private void refresh(Tool tool) {
        for (String clone : List.of("cl_cluster_vip", "cl_mysql_monitor")) lab.execOk(1, tool.refresh(clone));
        settle();
    }

    private Map<String, String> attribute(String name) {
        CrmMonView v = lab.status(1);
        Map<String, String> out = new TreeMap<>();
        for (int n = 1; n <= 3; n++) {
            String node = "node" + n;
            v.attribute(node, name).ifPresent(x -> out.put(node, x));
        }
        return out;
    }

    private static Map<String, TreeSet<Integer>> invert(Map<Integer, String> owners) {
        Map<String, TreeSet<Integer>> out = new TreeMap<>();
        owners.forEach((b, node) -> out.computeIfAbsent(node, k -> new TreeSet<>()).add(b));
        return out;
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private String ns(int n) {
        return "cvpm-" + lab.id() + "-n" + n;
    }

    private Path pacemakerLog(int n) {
        return lab.pcmkDir().resolve("node" + n + "/log/pacemaker/pacemaker.log");
    }

    private Mark mark() throws IOException {
        Map<Integer, Long> logs = new TreeMap<>();
        Map<Integer, Integer> standIn = new TreeMap<>();
        for (int n = 1; n <= 3; n++) {
            logs.put(n, Files.size(pacemakerLog(n)));
            standIn.put(n, standInLines(n).size());
        }
        return new Mark(logs, standIn);
    }

    private List<String> standInLines(int n) {
        String text = lab.execOk(n, "sh", "-c", "cat " + SavedClusterip.DIR + "/actions.log 2>/dev/null || :");
        return text.lines().toList();
    }

    /** Where the logs were at a moment: what Pacemaker and the stand-ins did since. */
    private final class Mark {
        private final Map<Integer, Long> logs;
        private final Map<Integer, Integer> standIn;

        Mark(Map<Integer, Long> logs, Map<Integer, Integer> standIn) {
            this.logs = logs;
            this.standIn = standIn;
        }

        /** "ACTION RESOURCE NODE: RESULT" of the controllers' "Result of ..." lines, and the scheduler's forced restarts. */
        List<String> results() {
            List<String> out = new ArrayList<>();
            for (int n = 1; n <= 3; n++) {
                try {
                    byte[] all = Files.readAllBytes(pacemakerLog(n));
                    int from = (int) (long) logs.get(n);
                    for (String line : new String(all, from, all.length - from, StandardCharsets.ISO_8859_1).split("\n")) {
                        Matcher mt = RESULT.matcher(line);
                        if (mt.find() && line.contains("controld")) {
                            out.add(mt.group(1) + " " + mt.group(2) + " " + mt.group(3) + ": " + mt.group(4));
                        }
                        if (line.contains("Forcing restart")) out.add("scheduler on node" + n + ":" + line.substring(line.indexOf("Forcing")));
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            return out;
        }

        /** The stand-in agents' actions since, per node ("stop p_cluster_vip:0 0"). */
        Map<Integer, List<String>> standIn() {
            Map<Integer, List<String>> out = new TreeMap<>();
            for (int n = 1; n <= 3; n++) {
                List<String> all = standInLines(n);
                out.put(n, all.subList(Math.min(standIn.get(n), all.size()), all.size()));
            }
            return out;
        }
    }

    /** Once the three buckets run, where they run. */
    private Map<Integer, String> threeBuckets() {
        E2eLab.await("three buckets running", SETTLE, () -> lab.status(1).buckets("p_cluster_vip").size() == 3,
                () -> lab.crmMonText(1));
        return lab.status(1).buckets("p_cluster_vip");
    }

    /** Each node's local buckets read from its ruleset, round after round, while it runs: no bucket on two nodes in one round. */
    private final class Owners {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<String> twoOwners = new CopyOnWriteArrayList<>();
        private volatile Map<String, TreeSet<Integer>> last = Map.of();
        private volatile int samples;
        private final Thread thread = Thread.ofPlatform().daemon().name("owners").start(() -> {
            while (running.get()) {
                Map<String, TreeSet<Integer>> round = new TreeMap<>();
                Map<Integer, List<String>> byBucket = new TreeMap<>();
                for (int n = 1; n <= 3; n++) {
                    TreeSet<Integer> l = local(n);
                    if (!l.isEmpty()) round.put("node" + n, l);
                    for (int b : l) byBucket.computeIfAbsent(b, k -> new ArrayList<>()).add("node" + n);
                }
                byBucket.forEach((b, nodes) -> { if (nodes.size() > 1) twoOwners.add("bucket " + b + " on " + nodes); });
                last = round;
                samples++;
            }
        });

        private TreeSet<Integer> local(int n) {
            try {
                return NetNs.call(ns(n), () -> {
                    try (ClusterIpNode node = ClusterIpNode.open()) {
                        NodeStatus st = node.status(vip);
                        TreeSet<Integer> out = new TreeSet<>();
                        if (st != null) for (int b : st.state().local()) out.add(b);
                        return out;
                    }
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }

        List<String> twoOwners() { return List.copyOf(twoOwners); }

        Map<String, TreeSet<Integer>> last() { return last; }

        int samples() { return samples; }
    }

    /**
     * New TCP connections and UDP exchanges from fresh source ports, one after another, for as
     * long as it runs: each must be answered, by exactly one node, the owner of its bucket.
     */
    private final class NewConnections {
        private final BucketPredictor predictor;
        private final Map<Integer, String> expected;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<String> problems = new CopyOnWriteArrayList<>();
        private volatile int flows;
        private final Thread thread;

        NewConnections(BucketPredictor predictor, Map<Integer, String> owners, int firstPort) {
            this.predictor = predictor;
            this.expected = Map.copyOf(owners);
            this.thread = Thread.ofPlatform().daemon().name("new-connections").start(() -> {
                long t0 = System.nanoTime();
                for (int sp = firstPort; running.get() && sp < firstPort + 9000; sp++) {
                    try {
                        check(client.tcp(List.of(sp)).getFirst(), BucketPredictor.IPPROTO_TCP, t0);
                        check(client.udp(List.of(sp)).getFirst(), BucketPredictor.IPPROTO_UDP, t0);
                        Thread.sleep(2); // pacing: a steady stream, not a flood
                    } catch (Exception e) {
                        problems.add("port " + sp + ": " + e);
                    }
                }
            });
        }

        /** {@code t0}: when the first flow began; a problem names its end relative to it. */
        private void check(Flow f, int proto, long t0) {
            int bucket = predictor.bucket(self, proto, f.sourcePort(), PORT);
            List<String> served = responders.servedBy(f.proto(), self, f.sourcePort());
            flows++;
            String seen = f + " at +" + ms(System.nanoTime() - t0) + " ms, bucket " + bucket + " of " + expected.get(bucket)
                    + " served by " + served;
            if (!f.answered() || served.size() != 1 || !expected.get(bucket).equals(f.answeredBy())) {
                problems.add(seen);
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }

        int flows() { return flows; }

        List<String> problems() { return List.copyOf(problems); }

        String summary() {
            return flows + " new TCP/UDP flows, " + problems.size() + " not answered exactly once by their bucket's owner";
        }
    }
}
