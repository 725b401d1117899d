package io.clonevip.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.cluster.ClusterState.TimedBucket;
import io.clonevip.cluster.hash.BucketPredictor;
import io.clonevip.nativ.NetNs;
import io.clonevip.nft.NftConn;
import io.clonevip.testkit.Poll;
import io.clonevip.testkit.net.TcpEcho;
import io.clonevip.testkit.net.TestNetns;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A firewall reload ({@code nft flush ruleset}) in the middle of a planned move, on every node at
 * once, and the resident daemon's repair ({@link RulesetGuard}): two nodes and a client on a
 * bridge (in namespaces this test creates), node A serving a TCP connection of bucket 1 and
 * draining it, node B serving bucket 1 and guarding it. Both flushed; each repair puts back the
 * drain and the guard with the time they had left, and the connection is still answered by A
 * alone: B does not pick it up mid-stream and reset it. Without the guard (ended by hand at the
 * end) B resets it at its next packet, which shows what the guard was holding off. A guard or
 * drain that has ended is not put back, and a node that only drains gets its drain back.
 */
class GuardRepairKernelTest {
    static final String VIP = "198.51.100.100";
    static final String CLIENT = "198.51.100.50";
    static final int PORT = 7;
    static final long DRAIN_MS = 60_000;
    static final long GUARD_MS = DRAIN_MS + 2_000;
    static final ClusterIpSpec SPEC = ClusterIpSpec.builder().vip(VIP).nic("eth0").buckets(2).build();

    @TempDir
    Path root;
    final List<AutoCloseable> open = new ArrayList<>();
    final List<String> log = new CopyOnWriteArrayList<>();
    TestNetns lan;
    TestNetns a;
    TestNetns b;
    TestNetns client;

    @BeforeEach
    void setUp() {
        lan = keep(TestNetns.create("grlan"));
        lan.ip("link", "add", "br0", "type", "bridge", "mcast_snooping", "0", "stp_state", "0", "forward_delay", "0");
        lan.ip("link", "set", "br0", "up");
        a = node("gra", "pa", VIP + "/24");
        b = node("grb", "pb", VIP + "/24");
        client = node("grc", "pc", CLIENT + "/24");
        client.ip("neigh", "replace", VIP, "lladdr", SPEC.clusterMac().toString(), "dev", "eth0", "nud", "permanent");
    }

    private <T extends AutoCloseable> T keep(T c) {
        open.add(0, c);
        return c;
    }

    /** A namespace with {@code eth0} on the bridge holding {@code address}. */
    private TestNetns node(String tag, String port, String address) {
        TestNetns ns = keep(TestNetns.create(tag));
        lan.veth(port, ns, "eth0");
        lan.ip("link", "set", port, "master", "br0", "up");
        ns.ip("addr", "add", address, "dev", "eth0");
        ns.ip("link", "set", "eth0", "up");
        return ns;
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : open) c.close();
    }

    private DesiredStates store(TestNetns ns) { return DesiredStates.at(root, ns.name()); }

    @FunctionalInterface
    interface Work<T> { T run(ClusterIpTables t) throws Exception; }

    /** {@code w} on the tables of {@code ns}, recording its desired state as IPaddr3 and netctl do. */
    private <T> T recorded(TestNetns ns, Work<T> w) throws Exception {
        return NetNs.call(ns.name(), () -> { try (NftConn c = NftConn.open()) { return w.run(new ClusterIpTables(c, store(ns))); } });
    }

    private ClusterState state(TestNetns ns) {
        try {
            return NetNs.call(ns.name(), () -> { try (NftConn c = NftConn.open()) { return new ClusterIpTables(c).state(SPEC.vip()); } });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private RulesetGuard guard(TestNetns ns) throws Exception {
        return keep(RulesetGuard.start(store(ns), "test", m -> log.add(ns.name() + ": " + m)));
    }

    /** Waits until {@code ns}'s tables are back and hold the drains and guards given (buckets), and returns them. */
    private ClusterState repaired(TestNetns ns, BucketSet local, BucketSet draining, BucketSet guarded) {
        return Poll.until("the repair of " + ns.name(), Duration.ofSeconds(5), () -> {
            ClusterState st = state(ns);
            return st != null && st.current() && st.local().equals(local) && st.drainingBuckets().equals(draining)
                    && st.guardedBuckets().equals(guarded) ? Optional.of(st) : Optional.empty();
        }, () -> state(ns) + "; log " + log);
    }

    private static long left(List<TimedBucket> l, int bucket) {
        return l.stream().filter(t -> t.bucket() == bucket).findFirst().orElseThrow().expiresMs();
    }

    /** A client source port whose connection to the VIP's service hashes to {@code bucket}. */
    private static int portOf(int bucket) throws Exception {
        BucketPredictor p = BucketPredictor.of(SPEC);
        for (int port = 40000; ; port++) {
            if (p.bucket(InetAddress.getByName(CLIENT), BucketPredictor.IPPROTO_TCP, port, PORT) == bucket) return port;
        }
    }

    private static long ms(long nanos) { return nanos / 1_000_000; }

    private static void assertTimeLeft(String what, long left, long atLeast, long atMost) {
        System.out.println(what + " back with " + left + " ms left (expected " + atLeast + " ... " + atMost + ")");
        assertTrue(left >= atLeast - 50 && left <= atMost + 50, what + " back with " + left + " ms left, expected " + atLeast + " ... " + atMost);
    }

    private TcpEcho serve(TestNetns ns) throws Exception {
        return keep(TcpEcho.serve(NetNs.call(ns.name(), () -> TcpEcho.listen(new InetSocketAddress(InetAddress.getByName(VIP), PORT), false))));
    }

    @Test
    void aFlushDuringAMoveGetsTheDrainAndTheGuardBackAndTheConnectionLives() throws Exception {
        TcpEcho onA = serve(a);
        TcpEcho onB = serve(b);
        recorded(a, t -> t.apply(SPEC, BucketSet.of(2, 1, 2)));
        recorded(b, t -> t.apply(SPEC, BucketSet.empty(2)));
        int port = portOf(1);
        SocketChannel held = keep(NetNs.call(client.name(), () -> TcpEcho.connect(InetAddress.getByName(CLIENT), port,
                new InetSocketAddress(InetAddress.getByName(VIP), PORT))));
        assertTrue(TcpEcho.echoes(held), "answered by A before the move");
        assertEquals(1, onA.accepted());

        // the planned move: A drains bucket 1, B takes it and guards it until the drain's end + 2 s
        long drainFrom = System.nanoTime();
        recorded(a, t -> t.drain(SPEC.vip(), 1, DRAIN_MS));
        long drainTo = System.nanoTime();
        recorded(b, t -> t.join(SPEC, 1, GUARD_MS));
        long guardTo = System.nanoTime();
        assertTrue(TcpEcho.echoes(held), "answered by A while it drains");
        assertTrue(store(b).read(SPEC.vip()).guardsLeft(java.time.Instant.now()).containsKey(1), "B's guard is recorded");
        assertTrue(store(a).read(SPEC.vip()).drainsLeft(java.time.Instant.now()).containsKey(1), "A's drain is recorded");

        guard(a);
        guard(b);
        b.execOk("nft", "flush", "ruleset"); // systemctl restart nftables on every node
        a.execOk("nft", "flush", "ruleset");
        long readFrom = System.nanoTime();
        ClusterState onBNow = repaired(b, BucketSet.of(2, 1), BucketSet.empty(2), BucketSet.of(2, 1));
        ClusterState onANow = repaired(a, BucketSet.of(2, 2), BucketSet.of(2, 1), BucketSet.empty(2));
        long readTo = System.nanoTime();
        // the time left as the kernel had it before the flush, give or take the test's own reads (and 50 ms of rounding)
        assertTimeLeft("guard", left(onBNow.guarded(), 1), GUARD_MS - ms(readTo - drainTo), GUARD_MS - ms(readFrom - guardTo));
        assertTimeLeft("drain", left(onANow.draining(), 1), DRAIN_MS - ms(readTo - drainFrom), DRAIN_MS - ms(readFrom - drainTo));
        Poll.until("both repairs logged (after their commit) with what they put back", Duration.ofSeconds(2),
                () -> log.stream().anyMatch(l -> l.contains("guard of bucket 1 missing")) && log.stream().anyMatch(l -> l.contains("drain of bucket 1 missing")));

        for (int i = 0; i < 3; i++) assertTrue(TcpEcho.echoes(held), "still answered by A after the repairs (" + i + ")");
        assertFalse(TcpEcho.cutWithin(held, Duration.ofMillis(300)), "B did not reset it");
        assertTrue(left(state(b).guarded(), 1) > 0 && state(b).guarded().getFirst().packets() > 0,
                "B saw the connection's packets and dropped them: " + state(b).guarded());
        assertEquals(0, onB.accepted());

        // what the guard held off: without it B picks the connection up mid-stream and resets it
        recorded(b, t -> t.guard(SPEC.vip(), 1, 0));
        TcpEcho.echoes(held);
        assertTrue(TcpEcho.cutWithin(held, Duration.ofSeconds(2)) || !TcpEcho.echoes(held), "B resets it once the guard is gone");
    }

    @Test
    void aGuardOrDrainThatEndedIsNotPutBack() throws Exception {
        recorded(b, t -> t.apply(SPEC, BucketSet.of(2, 1, 2)));
        recorded(b, t -> t.drain(SPEC.vip(), 2, 1_000));
        recorded(b, t -> t.join(SPEC, 1, 1_000));
        Poll.until("the kernel ends the drain and the guard", Duration.ofSeconds(5),
                () -> state(b).draining().isEmpty() && state(b).guarded().isEmpty());
        DesiredState recorded = store(b).read(SPEC.vip());
        assertTrue(recorded.drainEnds().contains(2) && recorded.guardEnds().contains(1), "both still recorded: " + recorded);

        guard(b);
        b.execOk("nft", "flush", "ruleset");
        ClusterState st = repaired(b, BucketSet.of(2, 1), BucketSet.empty(2), BucketSet.empty(2));
        assertTrue(st.draining().isEmpty() && st.guarded().isEmpty(), st.toString());
        assertFalse(log.stream().anyMatch(l -> l.contains("guard of") || l.contains("drain of")), log.toString());
    }

    /** An agent's change lands on the flushed ruleset before the daemon's repair: the guard and drain stay wanted and come back. */
    @Test
    void aStartBeforeTheRepairKeepsTheGuardWanted() throws Exception {
        recorded(b, t -> t.apply(SPEC, BucketSet.of(2, 2)));
        recorded(b, t -> t.join(SPEC, 1, GUARD_MS));
        recorded(b, t -> t.drain(SPEC.vip(), 2, DRAIN_MS));
        b.execOk("nft", "flush", "ruleset");
        recorded(b, t -> t.join(SPEC, 2)); // sees no tables: writes them with bucket 2 alone
        DesiredState d = store(b).read(SPEC.vip());
        assertEquals(java.util.Set.of(1), d.guardsLeft(java.time.Instant.now()).keySet(), "the guard is still wanted: " + d);
        assertTrue(d.draining().isEmpty(), "bucket 2 is served again, not drained: " + d);
        guard(b); // its first look at the start
        ClusterState st = repaired(b, BucketSet.of(2, 2), BucketSet.empty(2), BucketSet.of(2, 1));
        assertTrue(left(st.guarded(), 1) > GUARD_MS - 30_000, st.guarded().toString());
    }

    @Test
    void aNodeThatOnlyDrainsGetsItsDrainBackAndIsRemovedAfterIt() throws Exception {
        recorded(a, t -> t.apply(SPEC, BucketSet.of(2, 1)));
        recorded(a, t -> t.drain(SPEC.vip(), 1, 3_000));
        assertEquals(BucketSet.of(2, 1), store(a).read(SPEC.vip()).draining(), "a node that only drains records its drain");
        RulesetGuard guard = guard(a);
        a.execOk("nft", "flush", "ruleset");
        ClusterState st = repaired(a, BucketSet.empty(2), BucketSet.of(2, 1), BucketSet.empty(2));
        assertTrue(left(st.draining(), 1) <= 3_000, st.draining().toString());
        // the drain ends: the daemon removes the idle tables and forgets the state, as without the flush
        Poll.until("the idle tables removed", Duration.ofSeconds(8), () -> state(a) == null ? Optional.of(true) : Optional.empty(),
                () -> state(a) + "; " + log);
        Poll.until("the state forgotten", Duration.ofSeconds(2), () -> {
            try {
                return store(a).read(SPEC.vip()) == null;
            } catch (java.io.IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        a.execOk("nft", "add", "table", "inet", "clonevip_poke"); // a change the guard looks at: nothing to put back now
        long checks = guard.checks();
        a.execOk("nft", "delete", "table", "inet", "clonevip_poke");
        Poll.until("the guard's look after the change", Duration.ofSeconds(5), () -> guard.checks() > checks);
        assertNull(state(a), log.toString());
        assertNull(store(a).lastRepair(SPEC.vip()), log.toString());
    }
}
