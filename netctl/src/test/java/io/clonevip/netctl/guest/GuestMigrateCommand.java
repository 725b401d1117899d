package io.clonevip.netctl.guest;

import io.clonevip.cluster.BucketPredictor;
import io.clonevip.cluster.HashMode;
import io.clonevip.lab.net.NetLab;
import io.clonevip.lab.net.Shell;
import io.clonevip.netctl.Cli;
import io.clonevip.netctl.JsonText;
import io.clonevip.netctl.migrate.MigrationGuide;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code netctl migrate} against real CLUSTERIP nodes (rules written by iptables-legacy, as
 * IPaddr2 does), node by node. Keep-connections path (VIP .100, hash init 0x5eed1234): two
 * long-lived TCP connections per bucket must survive every step without a reset, new flows are
 * answered exactly once by their owner before, during and after; {@code netctl status} then shows
 * the clusterip-compatible ruleset and its listing note. Plain path (VIP .101): the CLUSTERIP rule
 * removed first as docs/user/migration.md says, {@code --apply} programs nft's own hash; afterwards new
 * flows are answered exactly once by the owner under that hash. netctl runs in process through
 * {@code Netctl.commandLine().execute} (the exit status {@code main} passes to System.exit): a JVM
 * per command would cost ~30 s each under TCG.
 */
final class GuestMigrateCommand {
    static final int N = 3;
    private static final Inet4Address KEEP_VIP = v4("198.51.100.100");
    private static final String KEEP_MAC = "01:00:5e:00:00:64";
    private static final long KEEP_SEED = 0x5eed1234L;
    private static final Inet4Address PLAIN_VIP = v4("198.51.100.101");
    private static final String PLAIN_MAC = "01:00:5e:00:00:65";
    private static final long PLAIN_SEED = 0x0badcafeL;
    private final GuestReport out;
    private final NetLab lab;
    private Path dir;

    GuestMigrateCommand(GuestReport out, NetLab lab) {
        this.out = out;
        this.lab = lab;
    }

    void run() throws Exception {
        dir = Files.createTempDirectory("clonevip-guest-migrate-");
        long t0 = System.nanoTime();
        keepConnections();
        GuestReport.measure("netctl migrate --apply --keep-connections part", t0);
        t0 = System.nanoTime();
        plain();
        GuestReport.measure("netctl migrate --apply (plain) part", t0);
    }

    private void keepConnections() throws Exception {
        BucketPredictor model = new BucketPredictor(HashMode.CLUSTERIP_COMPATIBLE, N, KEEP_SEED);
        try (GuestTraffic t = new GuestTraffic(out, lab, KEEP_VIP, 20000)) {
            for (int k = 1; k <= N; k++) {
                clusterip(k, KEEP_VIP, KEEP_MAC, KEEP_SEED);
                t.respondOn(k);
            }
            t.hold(model, 2);
            t.pingHeld("CLUSTERIP cluster", model, b -> "n" + b);
            t.newFlows("CLUSTERIP cluster", model, b -> "n" + b, 8);
            for (int k = 1; k <= N; k++) {
                Path save = save(k, "keep");
                long t0 = System.nanoTime();
                Cli r = Cli.run("--netns", lab.node(k), "migrate", "--from-iptables-save", save.toString(), "--apply", "--keep-connections");
                GuestReport.measure("node " + k + ": netctl migrate --apply --keep-connections (in process)", t0);
                System.out.println(r);
                out.check("node " + k + ": netctl migrate --apply --keep-connections exits 0, says migrated with local bucket " + k,
                        r.exit() == 0 && r.out().contains("Applied on this node:\n  198.51.100.100: migrated, hash clusterip-compatible, local buckets " + k + "\n")
                                && r.out().contains(MigrationGuide.KEPT) && !r.out().contains("cut once")
                                && r.out().contains(" clusterip_hash=clusterip-compatible ") && !r.out().contains("clusterip_hash=sourceip"), r);
                noClusterip(k, KEEP_VIP);
                status(k, KEEP_VIP, "clusterip-compatible", true);
                t.pingHeld("after node " + k + " moved (keep-connections)", model, b -> "n" + b);
                t.newFlows("after node " + k + " moved (keep-connections)", model, b -> "n" + b, 8);
            }
            Cli again = Cli.run("--netns", lab.node(1), "migrate", "--from-iptables-save", dir.resolve("keep-1.rules").toString(),
                    "--apply", "--keep-connections");
            out.check("node 1 again: exit 0, already migrated", again.exit() == 0
                    && again.out().contains("198.51.100.100: already migrated, hash clusterip-compatible, local buckets 1"), again);
            t.pingHeld("after the repeated run", model, b -> "n" + b);
            System.out.println("nft list ruleset of node 1 (the compatible rule as nft prints it):\n"
                    + lab.exec(lab.node(1), "nft", "list", "table", "inet", "clonevip_198_51_100_100").out());
            out.check("keep-connections: " + t.heldCount() + " long-lived connections, " + t.pings + " pings, "
                    + t.flowsChecked + " new flows, no reset, every flow answered once", t.pings > 0 && t.flowsChecked > 0, null);
        }
    }

    private void plain() throws Exception {
        BucketPredictor before = new BucketPredictor(HashMode.CLUSTERIP_COMPATIBLE, N, PLAIN_SEED);
        BucketPredictor after = new BucketPredictor(HashMode.SOURCE_IP_SOURCE_PORT, N, PLAIN_SEED);
        try (GuestTraffic t = new GuestTraffic(out, lab, PLAIN_VIP, 30000)) {
            for (int k = 1; k <= N; k++) {
                clusterip(k, PLAIN_VIP, PLAIN_MAC, PLAIN_SEED);
                t.respondOn(k);
            }
            t.hold(before, 2);
            t.newFlows("plain: CLUSTERIP cluster", before, b -> "n" + b, 6);
            for (int k = 1; k <= N; k++) {
                Path save = save(k, "plain");
                Path proc = Files.createDirectories(dir.resolve("plain-" + k + ".proc"));
                Files.writeString(proc.resolve(PLAIN_VIP.getHostAddress()),
                        Shell.ok("ip", "netns", "exec", lab.node(k), "cat", "/proc/net/ipt_CLUSTERIP/" + PLAIN_VIP.getHostAddress()));
                String rule = Files.readAllLines(save).stream().filter(l -> l.startsWith("-A INPUT -d " + PLAIN_VIP.getHostAddress() + "/32"))
                        .findFirst().orElseThrow(() -> new IllegalStateException("no CLUSTERIP rule for .101 in " + save));
                if (k == 1) refusedWhileClusteripRuns(save, proc);
                List<String> del = new java.util.ArrayList<>(List.of("ip", "netns", "exec", lab.node(k), "iptables-legacy", "-w", "-D"));
                del.addAll(List.of(rule.substring(3).split(" ")));
                Shell.ok(del.toArray(String[]::new));   // step b)2 of docs/user/migration.md: the exact line from iptables-save
                long t0 = System.nanoTime();
                Cli r = Cli.run("--netns", lab.node(k), "migrate", "--from-iptables-save", save.toString(), "--proc-dir", proc.toString(), "--apply");
                GuestReport.measure("node " + k + ": netctl migrate --apply (plain, in process)", t0);
                System.out.println(r);
                out.check("plain: node " + k + ": netctl migrate --apply exits 0, applies N=3 sourceip-sourceport local " + k + ", says cut once",
                        r.exit() == 0 && r.out().contains("198.51.100.101/24 on eth0: N=3, sourceip-sourceport, seed 0x0badcafe, local buckets " + k + "\n")
                                && r.out().contains("cut once"), r);
                noClusterip(k, PLAIN_VIP);
                status(k, PLAIN_VIP, "sourceip-sourceport", false);
            }
            // cut once: a connection stays on its node (its ct mark is its CLUSTERIP bucket, still local there), but
            // when nft's hash puts it in another bucket, that bucket's node picks up its next segment as new
            // (conntrack's loose pickup), accepts it and answers with a reset. So it survives iff both hashes agree.
            List<Integer> predicted = t.heldPorts().stream()
                    .filter(sp -> t.bucket(before, 6, sp) == t.bucket(after, 6, sp)).toList();
            t.answering(before, b -> "n" + b);
            List<Integer> alive = t.answering(before, b -> "n" + b);
            out.check("plain: after all nodes moved, " + alive.size() + " of " + t.heldCount() + " long-lived connections survive two"
                    + " pings: exactly those whose bucket is the same under both hashes (the rest are cut once, by a reset)",
                    alive.equals(predicted) && alive.size() < t.heldCount(), "alive " + alive + ", predicted " + predicted
                            + " of " + t.heldPorts());
            t.newFlows("plain: all nodes on nft's own hash", after, b -> "n" + b, 8);
        }
    }

    /** Plain --apply while the node's CLUSTERIP rule still runs: refused (exit 6), nothing changed. */
    private void refusedWhileClusteripRuns(Path save, Path proc) {
        Cli r = Cli.run("--netns", lab.node(1), "migrate", "--from-iptables-save", save.toString(), "--proc-dir", proc.toString(), "--apply");
        System.out.println(r);
        String tables = lab.exec(lab.node(1), "nft", "list", "tables").out();
        boolean rule = Shell.ok("ip", "netns", "exec", lab.node(1), "iptables-legacy-save").contains("-d " + PLAIN_VIP.getHostAddress() + "/32");
        out.check("plain: node 1: --apply while its CLUSTERIP rule still runs: exit 6, says so, nothing changed", r.exit() == 6
                && r.err().contains("still runs a CLUSTERIP rule") && r.out().isEmpty() && !tables.contains("clonevip_198_51_100_101") && rule,
                r + "\n" + tables);
    }

    /** CLUSTERIP node {@code k} of N for {@code vip}, as IPaddr2 sets it up: the address, then iptables-legacy. */
    private void clusterip(int k, Inet4Address vip, String mac, long seed) {
        String ns = lab.node(k);
        Shell.ok("ip", "-n", ns, "addr", "add", vip.getHostAddress() + "/24", "dev", "eth0");
        Shell.ok("ip", "netns", "exec", ns, "iptables-legacy", "-w", "-I", "INPUT", "-d", vip.getHostAddress(), "-i", "eth0",
                "-j", "CLUSTERIP", "--new", "--hashmode", "sourceip-sourceport", "--clustermac", mac,
                "--total-nodes", Integer.toString(N), "--local-node", Integer.toString(k), "--hash-init", Long.toString(seed));
    }

    private Path save(int k, String tag) throws Exception {
        Path f = dir.resolve(tag + "-" + k + ".rules");
        Files.writeString(f, Shell.ok("ip", "netns", "exec", lab.node(k), "iptables-legacy-save"));
        return f;
    }

    private void noClusterip(int k, Inet4Address vip) {
        String save = Shell.ok("ip", "netns", "exec", lab.node(k), "iptables-legacy-save");
        boolean proc = lab.exec(lab.node(k), "test", "-e", "/proc/net/ipt_CLUSTERIP/" + vip.getHostAddress()).ok();
        out.check("node " + k + ": no CLUSTERIP rule for " + vip.getHostAddress() + " (iptables-legacy-save), no /proc/net/ipt_CLUSTERIP entry",
                !save.contains("-d " + vip.getHostAddress() + "/32") && !proc, save);
    }

    @SuppressWarnings("unchecked")
    private void status(int k, Inet4Address vip, String hash, boolean note) {
        Cli human = Cli.run("--netns", lab.node(k), "status", vip.getHostAddress());
        System.out.println(human.out());
        Cli json = Cli.run("--netns", lab.node(k), "status", vip.getHostAddress(), "--json");
        Map<String, Object> s = ((List<Map<String, Object>>) ((Map<String, Object>) JsonText.parse(json.out())).get("cluster_ips")).get(0);
        List<Object> notes = (List<Object>) s.get("listing_notes");
        boolean noteOk = note ? human.out().contains("  listing: nft list ruleset prints the " + hash + " hash rule without its byteorder step")
                && notes.size() == 1 : !human.out().contains("listing:") && notes.isEmpty();
        out.check("node " + k + ": netctl status " + vip.getHostAddress() + ": exit 0, " + hash + ", local " + k + " of 3, address and"
                        + " multicast in place, problems none, " + (note ? "with" : "without") + " the nft listing note",
                human.exit() == 0 && json.exit() == 0 && human.out().contains(" " + hash + "\n")
                        && human.out().contains("local " + k + " (1 of 3)") && human.out().contains("problems: none")
                        && s.get("local_buckets").equals(List.of((long) k)) && Boolean.TRUE.equals(s.get("whole"))
                        && Boolean.TRUE.equals(s.get("address_present")) && Boolean.TRUE.equals(s.get("multicast_joined")) && noteOk,
                human + "\n" + json);
    }

    static Inet4Address v4(String s) {
        return (Inet4Address) InetAddress.ofLiteral(s);
    }
}
