package io.clonevip.agent.ipaddr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.cluster.BucketSet;
import io.clonevip.cluster.ClusterState;
import io.clonevip.cluster.DesiredState;
import io.clonevip.cluster.DesiredStates;
import io.clonevip.cluster.RulesetGuard;
import io.clonevip.cluster.NodeIn;
import io.clonevip.testkit.Cmd;
import io.clonevip.testkit.Poll;
import io.clonevip.nativ.NetNs;
import io.clonevip.ocf.OcfLog;
import io.clonevip.rtnl.AddressOps;
import io.clonevip.rtnl.Links;
import io.clonevip.rtnl.Rtnetlink;
import io.clonevip.netlink.NetlinkConn;
import io.clonevip.testkit.net.VethLab;
import io.clonevip.testkit.net.VipNetns;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An IPaddr3 clone stop with drain_limit drains its bucket when the node holds connections of
 * it: they keep working, the drain's end is announced, a probe of the stopped instance says
 * not running, and a later start takes the bucket back with its connections. The last bucket
 * keeps the address. A bucket without connections stops at once, as before. A start while
 * another node announces a drain guards the bucket until that drain's end, and the monitor
 * ends the guard once nobody announces it any more.
 */
class StopDrainsKernelTest {
    @TempDir
    Path rscTmp;
    VipClientsLab lab;
    final Notices notices = new Notices();
    final IPaddr3 agent = new IPaddr3(env -> new RecordingPublisher(), NodeOpener.KERNEL, env -> notices);

    /** Records this node's notices; {@link #others} is what the other nodes announce (empty: cannot be read). */
    static final class Notices implements DrainNotices {
        final List<String> told = new ArrayList<>();
        volatile OptionalLong others = OptionalLong.of(0);

        @Override
        public void announce(InetAddress vip, int bucket, long endMs, OcfLog log) {
            told.add("announce " + bucket + " in " + Math.round((endMs - System.currentTimeMillis()) / 1000.0) + " s");
        }

        @Override
        public void withdraw(InetAddress vip, int bucket, OcfLog log) {
            told.add("withdraw " + bucket);
        }

        @Override
        public OptionalLong othersUntil(InetAddress vip, int bucket, long nowMs, OcfLog log) {
            return others;
        }
    }

    @BeforeEach
    void setUp() {
        lab = VipClientsLab.create("ip3drain");
    }

    @AfterEach
    void tearDown() throws Exception {
        lab.close();
    }

    private Map<String, String> instance(int clone) {
        return VipClientsLab.instance(rscTmp.toString(), clone, 3, 30);
    }

    private AgentRun run(Map<String, String> env, String action, int rc) throws Exception {
        AgentRun r = AgentRun.in(lab.node(), agent, env, action);
        assertEquals(rc, r.rc(), action + ": " + r);
        return r;
    }

    private ClusterState state() throws Exception {
        return NodeIn.state(lab.node(), VipClientsLab.VIP);
    }

    /** The node's desired state of the VIP as the agents recorded it (for the daemon's repairs). */
    private DesiredState desired() throws Exception {
        return NetNs.call(lab.node(), () -> DesiredStates.at(VipNetns.STATE_DIR, null).read(VipClientsLab.VIP));
    }

    private boolean addressHeld() throws Exception {
        return NetNs.call(lab.node(), () -> {
            try (NetlinkConn c = Rtnetlink.open()) {
                int index = new Links(c).byName(VethLab.NODE_IF).index();
                return new AddressOps(c).list(index, 0).stream().anyMatch(a -> a.address().equals(VipClientsLab.VIP));
            }
        });
    }

    private void startAll() throws Exception {
        for (int i = 0; i < 3; i++) run(instance(i), "start", 0);
    }

    @Test
    void aStopDrainsAndAStartTakesTheBucketBackWithItsConnections() throws Exception {
        startAll();
        lab.connect();
        AgentRun stop = run(instance(1), "stop", 0);
        assertTrue(stop.err().contains("stop: bucket 2 of 198.51.100.100 drains: " + lab.perBucket().get(2)
                + " TCP connection(s) stay here for 30 s at most"), stop.err());
        assertEquals(List.of("announce 2 in 30 s"), notices.told);
        ClusterState st = state();
        assertEquals(BucketSet.of(3, 1, 3), st.local());
        assertEquals(BucketSet.of(3, 2), st.drainingBuckets());
        assertEquals(Set.of(2), desired().drainsLeft(Instant.now()).keySet(), "the drain is recorded with its end: " + desired());
        lab.assertOpenExactly(Set.of(1, 2, 3));
        run(VipNetns.probe(instance(1)), "monitor", 7);

        AgentRun start = run(instance(1), "start", 0);
        assertTrue(start.err().contains("bucket 2 was draining here: served again"), start.err());
        assertEquals(List.of("announce 2 in 30 s", "withdraw 2"), notices.told);
        st = state();
        assertEquals(BucketSet.of(3, 1, 2, 3), st.local());
        assertTrue(st.drainingBuckets().isEmpty(), "drain over: " + st);
        lab.assertOpenExactly(Set.of(1, 2, 3));
        run(instance(1), "monitor", 0);
    }

    @Test
    void theLastBucketDrainsWithTheAddressAndAStopWithoutConnectionsCuts() throws Exception {
        startAll();
        lab.connect();
        for (int i = 0; i < 3; i++) run(instance(i), "stop", 0);
        ClusterState st = state();
        assertNotNull(st, "the tables stay while the buckets drain");
        assertTrue(st.local().isEmpty(), st.toString());
        assertEquals(BucketSet.of(3, 1, 2, 3), st.drainingBuckets());
        assertTrue(addressHeld(), "the address stays while the buckets drain");
        lab.assertOpenExactly(Set.of(1, 2, 3));
        for (int i = 0; i < 3; i++) run(VipNetns.probe(instance(i)), "monitor", 7);
    }

    @Test
    void withoutConnectionsTheStopsRemoveEverythingAtOnce() throws Exception {
        startAll();
        for (int i = 0; i < 3; i++) run(instance(i), "stop", 0);
        assertNull(state(), "no connection, no drain: the last stop removes the tables");
        assertTrue(!addressHeld(), "and the address");
        assertEquals(List.of(), notices.told);
    }

    @Test
    void aStartGuardsWhileAnotherNodeDrainsAndTheMonitorEndsAnOrphanedGuard() throws Exception {
        notices.others = OptionalLong.of(System.currentTimeMillis() + 20_000);
        AgentRun start = run(instance(0), "start", 0);
        assertTrue(start.err().contains("bucket 1 drains on another node"), start.err());
        ClusterState st = state();
        assertEquals(BucketSet.of(3, 1), st.guardedBuckets());
        long left = st.guarded().getFirst().expiresMs();
        assertTrue(left > 15_000 && left <= 22_000, "guarded until the drain's end + margin: " + left + " ms");
        long recorded = desired().guardsLeft(Instant.now()).getOrDefault(1, 0L);
        assertTrue(recorded > 15_000 && recorded <= left, "the guard is recorded with its end, for a repair after a flush: " + desired());

        run(instance(0), "monitor", 0);
        assertEquals(BucketSet.of(3, 1), state().guardedBuckets(), "the drain still runs: the guard stays");
        notices.others = OptionalLong.empty();
        run(instance(0), "monitor", 0);
        assertEquals(BucketSet.of(3, 1), state().guardedBuckets(), "notices unreadable: the guard stays");

        notices.others = OptionalLong.of(0);
        AgentRun monitor = run(instance(0), "monitor", 0);
        assertTrue(monitor.err().contains("bucket 1: no node drains it any more: guard ended"), monitor.err());
        assertTrue(state().guardedBuckets().isEmpty(), "guard ended");
        assertTrue(desired().guardEnds().isEmpty(), "and its end recorded: a repair does not put it back: " + desired());
    }

    /**
     * A firewall reload ({@code nft flush ruleset}) while the start's guard runs: the resident
     * daemon's guard of the node's namespace (as clonevip-agentd keeps it) puts the guard back from
     * what the start recorded, with the time it had left, and the instance is whole again.
     */
    @Test
    void aFlushDuringTheGuardGetsItBackWithItsTimeLeft() throws Exception {
        notices.others = OptionalLong.of(System.currentTimeMillis() + 20_000);
        run(instance(0), "start", 0);
        List<String> log = new CopyOnWriteArrayList<>();
        // started inside the node's namespace, as the daemon keeps its own: the agent recorded there
        try (RulesetGuard daemon = NetNs.call(lab.node(), () -> RulesetGuard.start(DesiredStates.at(VipNetns.STATE_DIR, null), "test", log::add))) {
            Cmd.ok("ip", "netns", "exec", lab.node(), "nft", "flush", "ruleset");
            ClusterState st = Poll.until("the guard back", Duration.ofSeconds(5), () -> {
                try {
                    ClusterState now = state();
                    return now != null && now.guardedBuckets().contains(1) ? Optional.of(now) : Optional.empty();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, log::toString);
            long left = st.guarded().getFirst().expiresMs();
            assertTrue(left > 12_000 && left <= 20_000 + BucketHandover.GUARD_MARGIN_MS, "the time it had left: " + left + " ms");
            assertEquals(BucketSet.of(3, 1), st.local());
            Poll.until("the repair logged (after its commit)", Duration.ofSeconds(2), () -> log.stream().anyMatch(l -> l.contains("guard of bucket 1 missing")));
            run(instance(0), "monitor", 0);
        }
    }

    @Test
    void drainLimitZeroNeitherReadsNorGuards() throws Exception {
        notices.others = OptionalLong.of(System.currentTimeMillis() + 20_000);
        Map<String, String> env = instance(0);
        env.put("OCF_RESKEY_drain_limit", "0");
        run(env, "start", 0);
        assertTrue(state().guardedBuckets().isEmpty());
    }
}
