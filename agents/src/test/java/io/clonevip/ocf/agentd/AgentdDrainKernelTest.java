package io.clonevip.ocf.agentd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.agent.ipaddr.VipClientsLab;
import io.clonevip.cluster.BucketSet;
import io.clonevip.cluster.ClusterIpSpec;
import io.clonevip.cluster.ClusterIpTables;
import io.clonevip.cluster.ClusterRuleset;
import io.clonevip.cluster.ClusterState;
import io.clonevip.cluster.NodeIn;
import io.clonevip.cluster.DesiredStates;
import io.clonevip.cluster.RulesetBatches;
import io.clonevip.cluster.RulesetLayout;
import io.clonevip.cluster.VipAddress;
import io.clonevip.nativ.NetNs;
import io.clonevip.nft.Batch;
import io.clonevip.nft.NftConn;
import io.clonevip.testkit.Poll;
import io.clonevip.testkit.net.VethLab;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's part in drains, against the kernel: a node (a namespace of the test) serving the
 * three buckets of the VIP with 24 client connections held from a peer namespace, its changes
 * recorded as IPaddr3 records them, and the daemon's keeper ({@link RulesetKeeper}, as
 * clonevip-agentd runs it) watching. Drains have a limit of 1.5 s; the kernel ends them and
 * notifies nobody. After the limit the keeper closes the drained bucket's server sockets (the
 * clients see the reset, sock_diag shows none left); after the last bucket's drain it removes
 * the tables, the address and the cluster MAC membership; a start during the drain keeps
 * everything; a foreign table, a V2 table and an idle table someone wants kept stay as they are.
 */
class AgentdDrainKernelTest {
    static final InetAddress VIP = VipClientsLab.VIP;
    static final VipAddress ADDRESS = VipAddress.of(24);
    static final long LIMIT_MS = 1500;
    /** From a drain to the keeper's work: the limit, its wake-up margin, and room for a loaded machine. */
    static final Duration AFTER_LIMIT = Duration.ofSeconds(15);

    @TempDir
    Path root;
    VipClientsLab clients;
    DesiredStates store;
    ClusterIpSpec spec;
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    RulesetKeeper keeper;

    @BeforeEach
    void setUp() throws Exception {
        clients = VipClientsLab.create("agdrain");
        store = DesiredStates.at(root, clients.node());
        spec = ClusterIpSpec.builder().vip(VIP).nic(VethLab.NODE_IF).buckets(3).build();
        node(n -> { for (int b = 1; b <= 3; b++) n.join(spec, ADDRESS, b); });
        keeper = RulesetKeeper.start(root, new DaemonLog(new PrintStream(err, true, StandardCharsets.UTF_8), false));
        Poll.until("the keeper keeps the namespace", Duration.ofSeconds(10),
                () -> log().contains("keeping the clonevip tables of network namespace " + clients.node()));
        clients.connect();
        assertEquals(Set.of(1, 2, 3), clients.perBucket().keySet(), "every bucket has clients: " + clients.perBucket());
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (keeper != null) keeper.close();
        } finally {
            clients.close();
        }
    }

    /** Work of an agent on the node: its changes recorded in the store the keeper watches. */
    private void node(NodeIn.Work w) throws Exception {
        NodeIn.run(clients.node(), store, w);
    }

    private ClusterState state() throws Exception {
        return NodeIn.state(clients.node(), VIP);
    }

    private String log() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** The VIP's line of {@code ip -o addr}, empty when the NIC does not have it. */
    private String vipAddress() {
        return clients.lab.node.execOk("ip", "-o", "-4", "addr", "show", "dev", VethLab.NODE_IF).lines()
                .filter(l -> l.contains(" " + VIP.getHostAddress() + "/")).findFirst().orElse("");
    }

    private boolean joined() {
        return clients.lab.node.execOk("ip", "maddr", "show", "dev", VethLab.NODE_IF).contains(spec.clusterMac().toString());
    }

    private String closedLine(long n) {
        return "closed " + n + " TCP connection" + (n == 1 ? "" : "s") + " on " + VIP.getHostAddress() + " in netns " + clients.node()
                + " whose buckets are neither served nor drained here";
    }

    @Test
    void aDrainTheKernelEndedHasItsConnectionsClosed() throws Exception {
        long t0 = System.nanoTime();
        node(n -> n.drain(spec, ADDRESS, 2, LIMIT_MS));
        clients.assertOpenExactly(Set.of(1, 2, 3)); // draining: bucket 2's connections are still answered here
        Poll.until("the keeper closes bucket 2's connections", AFTER_LIMIT, () -> log().contains(closedLine(clients.perBucket().get(2))));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= LIMIT_MS, "not before the drain's end: " + ms + " ms");
        System.out.println("bucket 2's " + clients.perBucket().get(2) + " connections closed " + ms + " ms after a drain of " + LIMIT_MS + " ms");
        clients.assertOpenExactly(Set.of(1, 3));
        ClusterState st = state();
        assertEquals(BucketSet.of(3, 1, 3), st.local());
        assertEquals(List.of(), st.draining());
        assertTrue(vipAddress().contains("valid_lft forever"), "buckets 1 and 3 are served: " + vipAddress());
    }

    @Test
    void afterTheLastDrainTheVipIsRemovedAndNothingElse() throws Exception {
        NetNs.run(clients.node(), () -> {
            try (NftConn c = NftConn.open()) {
                ClusterIpSpec v2 = ClusterIpSpec.builder().vip("198.51.100.101").nic(VethLab.NODE_IF).buckets(3).build();
                c.apply(RulesetBatches.add(new Batch(), ClusterRuleset.of(v2, RulesetLayout.V2), BucketSet.empty(3)), 0);
                ClusterIpSpec wanted = ClusterIpSpec.builder().vip("198.51.100.102").nic(VethLab.NODE_IF).buckets(3).build();
                new ClusterIpTables(c, store).apply(wanted, BucketSet.empty(3)); // recorded: idle, and wanted so
            }
        });
        clients.lab.node.execOk("nft", "add table inet filter; add chain inet filter input { type filter hook input priority 0; policy accept; }; "
                + "add rule inet filter input tcp dport 3306 counter");
        String others = othersTables();
        assertTrue(others.contains("clonevip_198_51_100_101") && others.contains("clonevip_198_51_100_102") && others.contains("table inet filter"), others);

        node(n -> { for (int b = 1; b <= 3; b++) n.drain(spec, ADDRESS, b, LIMIT_MS); });
        assertTrue(vipAddress().matches(".*valid_lft [1-5]sec.*"), "only drains left: the address has a lifetime: " + vipAddress());
        clients.assertOpenExactly(Set.of(1, 2, 3));
        Poll.until("the keeper removes the VIP", AFTER_LIMIT, () -> log().contains(VIP.getHostAddress() + " in netns " + clients.node()
                + ": no bucket served or drained here any more (the last drain ended): removed its tables"));
        assertTrue(log().contains(closedLine(clients.bucketOf.size())), log());
        assertNull(state());
        assertEquals("", vipAddress());
        assertFalse(joined(), "the NIC left the cluster MAC");
        clients.assertOpenExactly(Set.of());
        assertEquals(others, othersTables(), "a foreign table, a V2 table and an idle table someone wants are left as they were");
    }

    /** The tables other than the VIP's, as nft lists them (without counters, which the clients' traffic moves). */
    private String othersTables() {
        List<String> names = List.of("inet clonevip_198_51_100_101", "arp clonevip_198_51_100_101", "inet clonevip_198_51_100_102",
                "arp clonevip_198_51_100_102", "inet filter");
        StringBuilder b = new StringBuilder();
        for (String n : names) {
            String[] f = n.split(" ");
            b.append(clients.lab.node.execOk("nft", "list", "table", f[0], f[1]).replaceAll("packets \\d+ bytes \\d+", ""));
        }
        return b.toString();
    }

    @Test
    void aStartDuringTheDrainKeepsEverything() throws Exception {
        node(n -> {
            for (int b = 1; b <= 3; b++) n.drain(spec, ADDRESS, b, LIMIT_MS);
            for (int b = 1; b <= 3; b++) n.join(spec, ADDRESS, b); // Pacemaker starts them again here
            n.drain(spec, ADDRESS, 1, 2 * LIMIT_MS); // a later drain: its end shows the keeper was past the first ones
        });
        assertTrue(vipAddress().contains("valid_lft forever"), "served again: " + vipAddress());
        Poll.until("the keeper closes bucket 1's connections", AFTER_LIMIT, () -> log().contains(closedLine(clients.perBucket().get(1))));
        clients.assertOpenExactly(Set.of(2, 3));
        ClusterState st = state();
        assertEquals(BucketSet.of(3, 2, 3), st.local());
        assertTrue(vipAddress().contains("valid_lft forever"), vipAddress());
        assertTrue(joined());
        assertEquals(1, log().lines().filter(l -> l.contains(" TCP connection")).count(), "one closing, no other: " + log());
    }
}
