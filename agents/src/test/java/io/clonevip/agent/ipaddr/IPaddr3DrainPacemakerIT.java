package io.clonevip.agent.ipaddr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.cluster.BucketSet;
import io.clonevip.cluster.ClusterIpTables;
import io.clonevip.cluster.ClusterState;
import io.clonevip.cluster.NodeIn;
import io.clonevip.cluster.VipConnections;
import io.clonevip.cluster.hash.BucketPredictor;
import io.clonevip.nativ.NetNs;
import io.clonevip.nft.NftConn;
import io.clonevip.pacemaker.AttributeTool;
import io.clonevip.pacemaker.LabView;
import io.clonevip.pacemaker.NodeAttributes;
import io.clonevip.netlink.NetlinkConn;
import io.clonevip.rtnl.AddressOps;
import io.clonevip.rtnl.IfAddr;
import io.clonevip.rtnl.Links;
import io.clonevip.rtnl.Rtnetlink;
import io.clonevip.sockdiag.TcpSocket;
import io.clonevip.testkit.net.TcpEcho;
import io.clonevip.testkit.pacemaker.PacemakerLab;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Drains under a real 3-node Pacemaker cluster (issue #16): the seed's VIP clone with
 * drain_limit (without the blog's clone_count rule: with one node of three out, it makes the third
 * bucket oscillate between the two others, as every stop's count aborts the transition before the
 * start), an echo server on every node, 30 client connections spread over the buckets.
 * writable_monit=0 on node1 makes Pacemaker move node1's bucket: every held connection keeps
 * working (node1 drains, the new owner guards), new connections of that bucket go to the new
 * owner only, and each connection is on exactly one node's server. Then node1 crashes during the
 * drain (its port goes silent, every process dies): Pacemaker drops its transient attributes,
 * the new owner's monitor ends the guard, and the drained clients are reset at their next packet
 * long before the drain limit. Then node1 boots again and node2 drains and is cut off by a
 * partition (its Pacemaker runs on without quorum): the same. The times it took are printed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IPaddr3DrainPacemakerIT {
    private static final Duration MOVE = Duration.ofSeconds(60);
    private static final InetAddress VIP = InetAddress.ofLiteral("198.51.100.100");
    private static final InetAddress CLIENT = InetAddress.ofLiteral("198.51.100.250");
    private static final int PORT = 3306;
    /** The drain limit configured: the crash test must end long before it. */
    private static final int DRAIN_S = 90;
    /** Monitor interval of the VIP clone. */
    private static final int MONITOR_S = 2;

    private InstalledAgents installed;
    private PacemakerLab lab;
    private final List<TcpEcho> servers = new ArrayList<>();
    private final Map<SocketChannel, Integer> bucketOf = new LinkedHashMap<>();
    private BucketPredictor predictor;

    @BeforeAll
    void up() throws Exception {
        installed = InstalledAgents.of("ip3dr");
        lab = PacemakerLab.start(3, true);
        for (int n = 1; n <= 3; n++) {
            servers.add(TcpEcho.serve(NetNs.call(lab.nodeNamespace(n),
                    () -> TcpEcho.listen(new InetSocketAddress(InetAddress.ofLiteral("::"), PORT), true))));
        }
    }

    @AfterAll
    void down() throws Exception {
        for (SocketChannel c : bucketOf.keySet()) c.close();
        for (TcpEcho s : servers) s.close();
        try (InstalledAgents i = installed; PacemakerLab l = lab) {
            // both closed, the lab first
        }
    }

    @Test
    @Order(1)
    void aPlannedMoveKeepsTheConnectionsAndACrashDuringTheDrainResetsThemSoon() throws Exception {
        for (int n = 1; n <= 3; n++) attrs(n).set("writable_monit", "1");
        installed.load(lab, """
                primitive p_cluster_vip ocf:%s:IPaddr3 \\
                    params ip="198.51.100.100" nic="eth0" drain_limit="DRAIN" \\
                    meta resource-stickiness="0" \\
                    op monitor interval="MONITORs"
                clone cl_cluster_vip p_cluster_vip \\
                    meta clone-max="3" clone-node-max="3" globally-unique="true"
                location loc-no-cluster-vip cl_cluster_vip \\
                    rule $id="loc-no-cluster-vip-rule" -inf: not_defined writable_monit or writable_monit eq 0
                """.replace("DRAIN", Integer.toString(DRAIN_S)).replace("MONITOR", Integer.toString(MONITOR_S)));
        lab.waitFor("one bucket per node", MOVE, () -> placement().equals(Map.of("node1", 1, "node2", 1, "node3", 1)));
        predictor = BucketPredictor.of(state(1).spec());
        connect(30, 42000);
        assertEquals(3, perBucket().size(), "clients in every bucket: " + perBucket());
        Map<Integer, Integer> owner = owners();
        int moved = state(1).local().iterator().next();
        assertOnExactlyTheOwner(owner);

        attrs(1).set("writable_monit", "0");
        lab.waitFor("node1's bucket moved", MOVE, () -> placement().getOrDefault("node1", 0) == 0
                && placement().values().stream().mapToInt(Integer::intValue).sum() == 3);
        lab.settle(1);
        int next = owners().get(moved);
        assertTrue(next != 1, "bucket " + moved + " has a new owner");
        assertEquals(BucketSet.of(3, moved), state(1).drainingBuckets(), "node1 drains bucket " + moved);
        assertEquals(BucketSet.of(3, moved), state(next).guardedBuckets(), "node" + next + " guards it");
        for (Map.Entry<SocketChannel, Integer> e : bucketOf.entrySet()) {
            assertTrue(TcpEcho.echoes(e.getKey()), "bucket " + e.getValue() + " kept its connection through the move");
        }
        Map<Integer, Integer> during = new TreeMap<>(owner);
        assertOnExactlyTheOwner(during); // the held ones stay on node1
        List<SocketChannel> held = bucketOf.entrySet().stream().filter(e -> e.getValue() == moved).map(Map.Entry::getKey).toList();
        int before = bucketOf.size();
        connect(30, 43000);
        for (Map.Entry<SocketChannel, Integer> e : new ArrayList<>(bucketOf.entrySet()).subList(before, bucketOf.size())) {
            assertTrue(TcpEcho.echoes(e.getKey()), "a new connection of bucket " + e.getValue() + " is answered");
            if (e.getValue() == moved) {
                assertEquals(List.of(next), serversOf(e.getKey()), "a new connection of the moved bucket is on its new owner only");
            }
        }

        // node1 dies during the drain: its port goes silent first, then every process
        long t0 = System.nanoTime();
        lab.partition(1);
        lab.crash(1);
        assertResetSoon(held, moved, t0, "crash of the draining node");
        assertUntouched(owner, moved, 1);
        powerOff(1);
        lab.heal(1);
    }

    /**
     * What a power-off takes that the lab's crash leaves (the node's network namespace stays): the
     * ruleset and the VIP address go, so that the dead node answers nothing once its port is up.
     */
    private void powerOff(int n) throws Exception {
        NetNs.call(lab.nodeNamespace(n), () -> {
            try (NftConn c = NftConn.open()) {
                new ClusterIpTables(c).remove(VIP);
            }
            try (NetlinkConn c = Rtnetlink.open()) {
                AddressOps ops = new AddressOps(c);
                for (IfAddr a : ops.list(new Links(c).byName("eth0").index(), 0)) {
                    if (a.address().equals(VIP)) ops.delete(a);
                }
            }
            return null;
        });
    }

    /**
     * The same with a partition: node2 drains, then its port goes down while its Pacemaker runs on
     * (without quorum); the others drop its attributes and end the guard. After the heal the
     * cluster settles with every node online.
     */
    @Test
    @Order(2)
    void aPartitionDuringTheDrainResetsItsClientsSoon() throws Exception {
        lab.boot(1);
        lab.waitOnline(2, 3, MOVE);
        attrs(1).set("writable_monit", "1");
        lab.waitFor("one bucket per node again", MOVE, () -> placement().equals(Map.of("node1", 1, "node2", 1, "node3", 1)));
        for (SocketChannel c : bucketOf.keySet()) c.close();
        bucketOf.clear();
        connect(30, 44000);
        Map<Integer, Integer> owner = owners();
        int moved = state(2).local().iterator().next();
        attrs(2).set("writable_monit", "0");
        lab.waitFor("node2's bucket moved", MOVE, () -> placement().getOrDefault("node2", 0) == 0
                && placement().values().stream().mapToInt(Integer::intValue).sum() == 3);
        int next = owners().get(moved);
        lab.waitFor("node" + next + " guards bucket " + moved, MOVE, () -> {
            try {
                return state(next).guardedBuckets().contains(moved);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        List<SocketChannel> held = bucketOf.entrySet().stream().filter(e -> e.getValue() == moved).map(Map.Entry::getKey).toList();
        for (SocketChannel c : held) assertTrue(TcpEcho.echoes(c), "bucket " + moved + " kept its connection through the move");

        long t0 = System.nanoTime();
        lab.partition(2);
        assertResetSoon(held, moved, t0, "partition of the draining node");
        assertUntouched(owner, moved, 2);
        lab.heal(2);
        lab.waitOnline(1, 3, MOVE);
        lab.settle(1);
    }

    /** Every connection in {@code held} (bucket {@code moved}) is reset within a third of the drain limit after {@code t0}. */
    private static void assertResetSoon(List<SocketChannel> held, int moved, long t0, String what) throws IOException {
        for (SocketChannel c : held) c.write(ByteBuffer.wrap(new byte[] {'x'}));
        List<Long> resetMs = new ArrayList<>();
        for (SocketChannel c : held) {
            long ms = resetWithin(c, Duration.ofSeconds(DRAIN_S / 3), t0);
            assertTrue(ms >= 0, "a held connection of bucket " + moved + " still hangs " + DRAIN_S / 3
                    + " s after the " + what + " (its drain limit is " + DRAIN_S + " s)");
            resetMs.add(ms);
        }
        System.out.printf("TIMING %s -> its %d clients reset after %s ms (monitor interval %d s)%n",
                what, held.size(), resetMs, MONITOR_S);
    }

    /** The connections of buckets other than {@code moved} whose owner was not {@code gone} still echo. */
    private void assertUntouched(Map<Integer, Integer> owner, int moved, int gone) {
        for (Map.Entry<SocketChannel, Integer> e : bucketOf.entrySet()) {
            if (e.getValue() != moved && owner.get(e.getValue()) != gone) {
                assertTrue(TcpEcho.echoes(e.getKey()), "bucket " + e.getValue() + " on a live node is untouched");
            }
        }
    }

    /** Waits for {@code c} to be reset (or closed); the ms since {@code t0}, -1 when it still hangs at the deadline. */
    private static long resetWithin(SocketChannel c, Duration timeout, long t0) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        c.socket().setSoTimeout(100);
        InputStream in = c.socket().getInputStream();
        while (System.nanoTime() - deadline < 0) {
            try {
                int b = in.read();
                if (b < 0) return (System.nanoTime() - t0) / 1_000_000;
            } catch (SocketTimeoutException e) {
                // still waiting
            } catch (IOException e) {
                return (System.nanoTime() - t0) / 1_000_000;
            }
        }
        return -1;
    }

    private void connect(int count, int firstPort) throws Exception {
        for (int i = 0; i < count; i++) {
            int sport = firstPort + 37 * i;
            SocketChannel ch = NetNs.call(lab.clientNamespace(), () -> TcpEcho.connect(CLIENT, sport, new InetSocketAddress(VIP, PORT)));
            bucketOf.put(ch, predictor.bucket(CLIENT, BucketPredictor.IPPROTO_TCP, sport, PORT));
            assertTrue(TcpEcho.echoes(ch), "connection from port " + sport + " is answered");
        }
    }

    private Map<Integer, Long> perBucket() {
        Map<Integer, Long> m = new TreeMap<>();
        for (int b : bucketOf.values()) m.merge(b, 1L, Long::sum);
        return m;
    }

    /** Which node serves each bucket, by the nodes' own rulesets. */
    private Map<Integer, Integer> owners() throws Exception {
        Map<Integer, Integer> m = new TreeMap<>();
        for (int n = 1; n <= 3; n++) {
            ClusterState st = state(n);
            if (st != null) for (int b : st.local()) m.put(b, n);
        }
        return m;
    }

    /** Every connection is on exactly one node's server: the owner of its bucket in {@code owner}. */
    private void assertOnExactlyTheOwner(Map<Integer, Integer> owner) throws Exception {
        for (Map.Entry<SocketChannel, Integer> e : bucketOf.entrySet()) {
            assertEquals(List.of(owner.get(e.getValue())), serversOf(e.getKey()), "bucket " + e.getValue() + "'s connection");
        }
    }

    /** The nodes whose server holds the connection of client channel {@code c}. */
    private List<Integer> serversOf(SocketChannel c) throws Exception {
        int port = ((InetSocketAddress) c.getLocalAddress()).getPort();
        List<Integer> nodes = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            List<TcpSocket> all = NetNs.call(lab.nodeNamespace(n), () -> { try (VipConnections v = VipConnections.open()) { return v.list(VIP); } });
            if (all.stream().anyMatch(s -> s.remotePort() == port)) nodes.add(n);
        }
        return nodes;
    }

    private ClusterState state(int n) throws Exception {
        return NodeIn.state(lab.nodeNamespace(n), VIP);
    }

    private NodeAttributes attrs(int n) {
        return NodeAttributes.using(AttributeTool.ATTRD_UPDATER, LabView.runnerIn(lab, n));
    }

    private Map<String, Integer> placement() {
        return LabView.status(lab, 1).instancesPerNode("p_cluster_vip");
    }
}
