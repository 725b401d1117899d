package io.clonevip.netctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.cluster.BucketClients;
import io.clonevip.cluster.NodeIn;
import io.clonevip.cluster.ClusterIpSpec;
import io.clonevip.cluster.ClusterIpTables;
import io.clonevip.cluster.ClusterState;
import io.clonevip.cluster.DesiredStates;
import io.clonevip.cluster.VipAddress;
import io.clonevip.cluster.hash.BucketPredictor;
import io.clonevip.testkit.net.TcpEcho;
import io.clonevip.testkit.net.VethLab;
import java.net.InetAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code netctl status}, {@code watch} and {@code which} show the drains and guards that
 * {@link ClusterIpTables#drain} and {@link ClusterIpTables#guard} put in the kernel, with their
 * time left and the TCP connections a drain still holds (real connections from a peer namespace);
 * {@code buckets undrain|unguard} end them, and ending the last drain of a node that serves
 * nothing removes the VIP's tables and address. Real kernel, a namespace of its own with a NIC;
 * the desired states netctl records (/run/clonevip/desired/netns-NAME) are deleted afterwards.
 */
class DrainKernelTest {
    static final String VIP = "198.51.100.100";
    static final long DRAIN_MS = 60_000;
    static final long GUARD_MS = 45_000;

    VethLab lab;
    ClusterIpSpec spec;
    InetAddress vip;

    @BeforeEach
    void setUp() throws Exception {
        lab = VethLab.create("ndrn");
        vip = InetAddress.getByName(VIP);
        spec = ClusterIpSpec.builder().vip(VIP).nic(VethLab.NODE_IF).buckets(3).build();
        NodeIn.run(lab.node.name(), n -> {
            for (int b = 1; b <= 3; b++) n.join(spec, VipAddress.of(24), b);
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        if (lab == null) return;
        try {
            DesiredStates.at(DesiredStates.root(System.getenv()), lab.node.name()).removeAll();
        } finally {
            lab.close();
        }
    }

    @FunctionalInterface
    interface TablesWork {
        void run(ClusterIpTables t) throws Exception;
    }

    private void tables(TablesWork w) throws Exception {
        NodeIn.run(lab.node.name(), n -> w.run(n.tables()));
    }

    private ClusterState kernel() throws Exception {
        return NodeIn.state(lab.node.name(), vip);
    }

    private Cli netctl(int exit, String... args) {
        String[] a = new String[args.length + 2];
        a[0] = "--netns";
        a[1] = lab.node.name();
        System.arraycopy(args, 0, a, 2, args.length);
        Cli r = Cli.run(a);
        assertEquals(exit, r.exit(), r.toString());
        return r;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> statusJson() {
        Map<String, Object> doc = JsonText.object(netctl(0, "status", "--json").out());
        return (Map<String, Object>) ((List<Object>) doc.get("cluster_ips")).get(0);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> m, String key) {
        return (List<Map<String, Object>>) (List<?>) m.get(key);
    }

    /** Polls {@code status --json} until {@code done} holds, at most 10 s. */
    private Map<String, Object> awaitStatus(String what, Predicate<Map<String, Object>> done) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            Map<String, Object> s = statusJson();
            if (done.test(s)) return s;
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what + ": " + s);
            Thread.sleep(20); // polling interval
        }
    }

    /** The seconds left in a human line such as {@code draining 2 (59 s left, 0 packets)}. */
    private static long secondsLeft(String out, String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(out);
        assertTrue(m.find(), pattern + " in:\n" + out);
        return Long.parseLong(m.group(1));
    }

    /** A TCP client port of 203.0.113.7 whose flow lands in {@code bucket}, found with which --buckets (nothing read). */
    private static int portOf(int bucket) {
        for (int port = 40000; port < 40100; port++) {
            Cli r = Cli.run("which", VIP, "203.0.113.7:" + port, "--buckets", "3", "--json");
            if ((long) bucket == (Long) JsonText.object(r.out()).get("bucket")) return port;
        }
        throw new AssertionError("no port in bucket " + bucket);
    }

    @Test
    void statusWatchAndWhichShowADrainAndUndrainEndsIt() throws Exception {
        NodeIn.run(lab.node.name(), desired(), n -> { // recorded, as IPaddr3 records them
            n.tables().drain(vip, 2, DRAIN_MS);
            n.tables().guard(vip, 3, GUARD_MS);
        });
        assertEquals(java.util.Set.of(3), desired().read(vip).guardsLeft(java.time.Instant.now()).keySet());

        String out = netctl(0, "status").out();
        assertTrue(out.contains("  local 1,3 (2 of 3)\n  draining 2 ("), out);
        long left = secondsLeft(out, "\n  draining 2 \\((\\d+) s left, 0 connections, \\d+ packets\\)\n");
        assertTrue(left > 40 && left <= 60, "time left " + left + " s of a 60 s drain");
        left = secondsLeft(out, "\n  guarded 3 \\((\\d+) s left\\)\n");
        assertTrue(left > 25 && left <= 45, "time left " + left + " s of a 45 s guard");
        assertTrue(out.contains(String.format("  %6d %5s ", 2, "drain")), out);

        Map<String, Object> s = statusJson();
        Map<String, Object> d = list(s, "draining").get(0);
        assertEquals(2L, d.get("bucket"));
        long ms = (Long) d.get("expires_ms");
        assertTrue(ms > 40_000 && ms <= DRAIN_MS, "expires_ms " + ms);
        assertTrue(d.get("packets") instanceof Long && d.get("bytes") instanceof Long, d.toString());
        assertEquals(3L, list(s, "guarded").get(0).get("bucket"));
        assertEquals(List.of("local", "draining", "guarded"), list(s, "counters").stream().map(c -> c.get("state")).toList());
        // the time left is the kernel's: it runs down between two readings
        awaitStatus("the drain's time left to run down", x -> (Long) list(x, "draining").get(0).get("expires_ms") < ms);

        int port = portOf(2);
        Map<String, Object> w = JsonText.object(netctl(0, "which", VIP, "203.0.113.7:" + port, "--json").out());
        assertEquals("draining", w.get("state"));
        assertEquals(false, w.get("served_here"));
        assertTrue((Long) w.get("expires_ms") > 0, w.toString());
        assertTrue(netctl(0, "which", VIP, "203.0.113.7:" + port).out().contains("this node drains bucket 2: it answers only"));
        assertTrue(netctl(0, "which", VIP, "203.0.113.7:" + portOf(3)).out()
                .contains("this node serves bucket 3; another node drains it"));

        String frame = netctl(0, "watch", "--count", "1", "--interval", "100ms", "--no-ansi").out();
        assertTrue(frame.contains("\n  draining 2 (") && frame.contains("\n  guarded 3 ("), frame);
        assertTrue(frame.contains(String.format("  %6d %5s ", 2, "drain")), frame);
        assertTrue(netctl(0, "watch", "--count", "1", "--interval", "100ms", "--json").out().contains("\"state\":\"draining\""));

        // bad requests change nothing
        assertTrue(netctl(ExitCodes.USAGE, "buckets", "undrain", VIP, "2-4").err()
                .contains("bucket 4 (in '2-4') is outside 1..3: " + VIP + " has N=3 buckets; nothing changed"));
        assertTrue(netctl(ExitCodes.USAGE, "buckets", "undrain", VIP, "two").err().contains("malformed bucket list 'two'"));
        assertTrue(netctl(ExitCodes.NOT_FOUND, "buckets", "undrain", "198.51.100.200", "2").err().contains("198.51.100.200"));
        assertEquals("2", kernel().drainingBuckets().format(), "still draining");

        Cli undrain = netctl(0, "buckets", "undrain", VIP, "1-2");
        assertTrue(undrain.out().startsWith(VIP + ": local buckets 1,3 (2 of 3)\n  ended: draining 2 ("), undrain.toString());
        assertTrue(undrain.out().contains("\n  not draining (nothing to do): 1\n"), undrain.toString());
        assertTrue(undrain.out().contains("\n  guarded 3 ("), "what is left: " + undrain);
        assertEquals(List.of(), kernel().draining());
        assertTrue(desired().read(vip).drainEnds().isEmpty(), "undrain recorded: a repair does not put the drain back");
        out = netctl(0, "status").out();
        assertFalse(out.contains("draining"), out);
        assertTrue(out.contains("  desired: local 1,3, guarding 3 (held by the kernel)"), out);
        assertTrue(out.contains(String.format("  %6d %5s ", 2, "-")), out);
        assertEquals("-", list(statusJson(), "counters").get(1).get("state"));

        Map<String, Object> ug = JsonText.object(netctl(0, "buckets", "unguard", VIP, "3", "--json").out());
        assertEquals(3L, list(ug, "ended").get(0).get("bucket"));
        assertEquals(List.of(), ug.get("guarded"));
        assertEquals(false, ug.get("removed"));
        assertEquals(List.of(), list(statusJson(), "guarded"));
        assertEquals(List.of(), kernel().guarded());
        assertTrue(desired().read(vip).guardEnds().isEmpty(), "unguard recorded: a repair does not put the guard back");
    }

    private DesiredStates desired() { return DesiredStates.at(DesiredStates.root(System.getenv()), lab.node.name()); }

    @Test
    void theKernelEndsADrainAndStatusFollows() throws Exception {
        tables(t -> t.drain(vip, 1, 1_500));
        assertEquals(1L, list(statusJson(), "draining").get(0).get("bucket"));
        Map<String, Object> s = awaitStatus("the kernel to end the drain", x -> list(x, "draining").isEmpty());
        assertEquals("-", list(s, "counters").get(0).get("state"));
        assertTrue(netctl(0, "buckets", "undrain", VIP, "1").out().contains("  not draining (nothing to do): 1\n"));
    }

    @Test
    void endingTheLastDrainRemovesTheTablesAndTheAddress() throws Exception {
        tables(t -> {
            for (int b = 1; b <= 3; b++) t.drain(vip, b, DRAIN_MS);
        });
        assertEquals("1-3", kernel().drainingBuckets().format());
        assertTrue(kernel().local().isEmpty());
        assertTrue(lab.node.execOk("ip", "-o", "addr", "show", "dev", VethLab.NODE_IF).contains(VIP + "/24"));

        Map<String, Object> r = JsonText.object(netctl(0, "buckets", "undrain", VIP, "1-3", "--json").out());
        assertEquals(true, r.get("removed"), r.toString());
        assertEquals(3, list(r, "ended").size(), r.toString());
        assertEquals(null, kernel());
        assertFalse(lab.node.execOk("ip", "-o", "addr", "show", "dev", VethLab.NODE_IF).contains(VIP), "the address went with the tables");
        assertFalse(lab.node.execOk("ip", "maddr", "show", "dev", VethLab.NODE_IF).contains(spec.clusterMac().toString()));
        assertEquals("no cluster IP configured on this node\n", netctl(0, "status").out());
    }

    static final InetAddress CLIENT = InetAddress.ofLiteral("198.51.100.7");
    static final int DB_PORT = BucketClients.PORT;

    /** An echo server on VIP:3306 in the node's namespace, clients at {@link #CLIENT} in the peer's. */
    private BucketClients echoServer() throws Exception {
        lab.peer.ip("addr", "add", CLIENT.getHostAddress() + "/24", "dev", VethLab.PEER_IF);
        return BucketClients.serve(lab, vip, false);
    }

    private static void closeAll(List<SocketChannel> l) throws Exception {
        for (SocketChannel c : l) c.close();
    }

    /** A client port of CLIENT in {@code bucket} (to ask {@code which} about), not one {@link BucketClients#inBucket} uses. */
    private int whichPort(int bucket) {
        BucketPredictor p = BucketPredictor.of(spec);
        for (int port = 50000; ; port++) if (p.bucket(CLIENT, BucketPredictor.IPPROTO_TCP, port, DB_PORT) == bucket) return port;
    }

    /**
     * Ending a drain closes the connections the node still serves of that bucket: their client
     * sees the reset at once, a connection of a bucket the node serves is untouched.
     */
    @Test
    void undrainClosesTheDrainsRemainingConnections() throws Exception {
        try (BucketClients echo = echoServer()) {
            SocketChannel c2 = echo.inBucket(spec, CLIENT, 2, 1).getFirst();
            SocketChannel c1 = echo.inBucket(spec, CLIENT, 1, 1).getFirst();
            try (c2; c1) {
                assertTrue(TcpEcho.echoes(c2) && TcpEcho.echoes(c1), "both connections served");
                tables(t -> t.drain(vip, 2, DRAIN_MS));
                assertTrue(TcpEcho.echoes(c2), "the drained bucket's connection is still served");
                Cli undrain = netctl(0, "buckets", "undrain", VIP, "2");
                assertTrue(undrain.out().contains("\n  closed 1 TCP connection of bucket 2\n"), undrain.toString());
                assertTrue(TcpEcho.cutWithin(c2, Duration.ofSeconds(3)), "its client saw the close");
                assertTrue(TcpEcho.echoes(c1), "a served bucket's connection is untouched");
            }
        }
    }

    /** The connections of the first drain in {@code status --json}. */
    private static Object drainConnections(Map<String, Object> s) {
        return list(s, "draining").getFirst().get("connections");
    }

    /**
     * {@code status}, {@code which} and {@code watch} count the TCP connections a draining
     * bucket still holds (3 of bucket 2, while 2 of the served bucket 1 are not counted); as its
     * clients close them, the count falls to 1 and then 0, and the drain goes on.
     */
    @Test
    void statusWhichAndWatchCountTheConnectionsADrainHolds() throws Exception {
        try (BucketClients echo = echoServer()) {
            List<SocketChannel> drained = echo.inBucket(spec, CLIENT, 2, 3);
            List<SocketChannel> served = echo.inBucket(spec, CLIENT, 1, 2);
            try {
                for (SocketChannel c : drained) assertTrue(TcpEcho.echoes(c), "connected to the VIP");
                for (SocketChannel c : served) assertTrue(TcpEcho.echoes(c), "connected to the VIP");
                tables(t -> t.drain(vip, 2, DRAIN_MS));
                assertTrue(TcpEcho.echoes(drained.getFirst()), "the drained bucket's connections are still served");

                String out = netctl(0, "status").out();
                long left = secondsLeft(out, "\n  draining 2 \\((\\d+) s left, 3 connections, \\d+ packets\\)\n");
                assertTrue(left > 40 && left <= 60, "time left " + left + " s of a 60 s drain");
                assertFalse(out.contains("not counted"), out);
                Map<String, Object> s = statusJson();
                assertEquals(3L, drainConnections(s), s.toString());
                assertTrue(s.containsKey("connections_note") && s.get("connections_note") == null, s.toString());

                String which = netctl(0, "which", VIP, CLIENT.getHostAddress() + ":" + whichPort(2)).out();
                assertTrue(Pattern.compile("this node drains bucket 2: it answers only the bucket's established connections"
                        + " \\(\\d+ s left, 3 connections, \\d+ packets\\); another node takes its new ones").matcher(which).find(), which);
                Map<String, Object> w = JsonText.object(netctl(0, "which", VIP, CLIENT.getHostAddress() + ":" + whichPort(2), "--json").out());
                assertEquals(3L, w.get("connections"), w.toString());
                assertTrue(w.containsKey("connections_note") && w.get("connections_note") == null, w.toString());
                w = JsonText.object(netctl(0, "which", VIP, CLIENT.getHostAddress() + ":" + whichPort(1), "--json").out());
                assertEquals("local", w.get("state"));
                assertTrue(w.containsKey("connections") && w.get("connections") == null, "a served bucket has no count: " + w);

                String frame = netctl(0, "watch", "--count", "1", "--interval", "100ms", "--no-ansi").out();
                assertTrue(Pattern.compile("\n  draining 2 \\(\\d+ s left, 3 connections, \\d+ packets\\)\n").matcher(frame).find(), frame);
                @SuppressWarnings("unchecked")
                Map<String, Object> sample = (Map<String, Object>) ((List<Object>) JsonText.object(
                        netctl(0, "watch", "--count", "1", "--interval", "100ms", "--json").out()).get("cluster_ips")).getFirst();
                assertEquals(3L, drainConnections(sample), sample.toString());

                closeAll(drained.subList(0, 2));
                awaitStatus("two of the drain's connections to end", x -> Long.valueOf(1).equals(drainConnections(x)));
                assertTrue(netctl(0, "status").out().contains(" s left, 1 connection, "), "singular");
                closeAll(drained.subList(2, 3));
                Map<String, Object> last = awaitStatus("the drain's last connection to end", x -> Long.valueOf(0).equals(drainConnections(x)));
                assertEquals(2L, list(last, "draining").getFirst().get("bucket"), "the drain goes on: the kernel ends it");
                assertTrue(netctl(0, "status").out().contains(" s left, 0 connections, "));
                for (SocketChannel c : served) assertTrue(TcpEcho.echoes(c), "the served bucket's connections are untouched");
            } finally {
                closeAll(drained);
                closeAll(served);
            }
        }
    }
}
