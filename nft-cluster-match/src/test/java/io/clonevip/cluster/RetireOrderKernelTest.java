package io.clonevip.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.cluster.hash.BucketPredictor;
import io.clonevip.nativ.NetNs;
import io.clonevip.testkit.Poll;
import io.clonevip.testkit.net.TcpEcho;
import io.clonevip.testkit.net.VethLab;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node that gives up its last bucket never holds the VIP's address without its rules: while
 * the stop closes its connections (their resets still leave from the VIP, and the clients
 * reconnect at once), a new connection to the VIP is not answered by the node's own stack. It
 * used to be: the tables went first, the address a moment later, and in between the node's
 * stack answered every client (a database listens on 0.0.0.0). A reconnecting client that got
 * such an answer left a request socket on the node; when the node later took the bucket back
 * while another node drained the client's connection, the client's next packet met that socket
 * and the node reset a connection it did not serve (the e2e lab's early resets, docs/developer/early-reset.md).
 */
class RetireOrderKernelTest {
    static final VipAddress ADDR = VipAddress.of(24);
    static final int PORT = 3306;
    static final InetAddress CLIENT = addr("198.51.100.10");

    VethLab lab;
    ClusterIpSpec spec;
    TcpEcho server;
    int nextPort = 41000;

    private static InetAddress addr(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        lab = VethLab.create("rtr");
        spec = ClusterIpSpec.builder().vip("198.51.100.100").nic(VethLab.NODE_IF).buckets(3).build();
        lab.peer.ip("addr", "add", "198.51.100.10/24", "dev", VethLab.PEER_IF);
        // the node's server listens on every address, as a database does
        server = NetNs.call(lab.node.name(), () -> TcpEcho.serve(TcpEcho.listen(new InetSocketAddress(PORT), false)));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (server != null) NetNs.run(lab.node.name(), server::close);
        if (lab != null) lab.close();
    }

    /** Whether a new connection from the client to the VIP is answered within 1.5 s (a SYN and its first retransmission). */
    private boolean answered() throws Exception {
        return answered(nextPort++);
    }

    /** As {@link #answered()}, from a client port whose connection hashes to {@code bucket}. */
    private boolean answeredIn(int bucket) throws Exception {
        BucketPredictor p = BucketPredictor.of(spec);
        int port = nextPort++;
        while (p.bucketIpv4(BucketPredictor.ipv4((Inet4Address) CLIENT), BucketPredictor.IPPROTO_TCP, port, PORT) != bucket) port = nextPort++;
        return answered(port);
    }

    /** Forgets the VIP's MAC first: the client asks for it again (ARP), as after a neighbour entry's expiry. */
    private boolean answered(int port) throws Exception {
        lab.peer.ip("neigh", "flush", "dev", VethLab.PEER_IF);
        return NetNs.call(lab.peer.name(), () -> {
            try (Socket s = new Socket()) {
                s.bind(new InetSocketAddress(CLIENT, port));
                s.connect(new InetSocketAddress(spec.vip(), PORT), 1500);
                return true;
            } catch (SocketTimeoutException e) {
                return false;
            }
        });
    }

    /** What the node's stop sees between its transaction and the address's removal: whether the address was there, whether a client got an answer. */
    private final List<String> seen = new CopyOnWriteArrayList<>();

    private Consumer<ClusterChange> probe(ClusterIpNode n) {
        return c -> {
            try {
                boolean answered = answered();
                seen.add("removed=" + c.removed() + " address=" + n.hasAddress(n.nic(VethLab.NODE_IF), spec.vip()) + " answered=" + answered
                        + " vip at " + vipMac());
            } catch (Exception e) {
                seen.add(e.toString());
            }
        };
    }

    /** The MAC the client learned for the VIP. */
    private String vipMac() {
        String n = lab.peer.ip("neigh", "show", "198.51.100.100", "dev", VethLab.PEER_IF);
        int at = n.indexOf("lladdr ");
        return at < 0 ? "(none: " + n.strip() + ")" : n.substring(at + 7).split(" ")[0];
    }

    private void assertNothingLeft(ClusterIpNode n) throws Exception {
        assertNull(n.tables().state(spec.vip()), "the tables are gone");
        assertFalse(n.hasAddress(n.nic(VethLab.NODE_IF), spec.vip()), "the address is gone");
        assertFalse(n.joined(spec, n.nic(VethLab.NODE_IF)), "the membership is gone");
    }

    @Test
    void theLastLeaveDropsClientsUntilTheAddressIsGone() throws Exception {
        NetNs.run(lab.node.name(), () -> {
            try (ClusterIpNode n = ClusterIpNode.open()) {
                for (int b = 1; b <= 3; b++) n.join(spec, ADDR, b);
            }
        });
        assertTrue(answered(), "the node answers while it serves every bucket (the probe can see an answer)");
        NetNs.run(lab.node.name(), () -> {
            try (ClusterIpNode n = ClusterIpNode.open()) {
                n.leave(spec, ADDR, 1);
                n.leave(spec, ADDR, 2);
                ClusterChange c = n.leave(spec, ADDR, 3, probe(n));
                assertTrue(c.removed(), "the last leave removes the VIP");
                assertNothingLeft(n);
            }
        });
        assertEquals(List.of("removed=true address=true answered=false vip at " + spec.clusterMac()), seen,
                "while the stop closes connections the address is still there, and nobody answers a new client");
    }

    @Test
    void theLastEndedDrainDropsClientsUntilTheAddressIsGone() throws Exception {
        NetNs.run(lab.node.name(), () -> {
            try (ClusterIpNode n = ClusterIpNode.open()) {
                n.join(spec, ADDR, 2);
                n.drain(spec, ADDR, 2, 60_000);   // serves nothing, drains bucket 2
                ClusterChange c = n.endDrain(spec.vip(), 2, probe(n));
                assertTrue(c.removed(), "ending the last drain removes the VIP");
                assertNothingLeft(n);
            }
        });
        assertEquals(List.of("removed=true address=true answered=false vip at " + spec.clusterMac()), seen);
    }

    @Test
    void aDrainLimitOfZeroIsTheLastLeave() throws Exception {
        NetNs.run(lab.node.name(), () -> {
            try (ClusterIpNode n = ClusterIpNode.open()) {
                n.join(spec, ADDR, 1);
                ClusterChange c = n.drain(spec, ADDR, 1, 0, probe(n));
                assertTrue(c.removed());
                assertNothingLeft(n);
            }
        });
        assertEquals(List.of("removed=true address=true answered=false vip at " + spec.clusterMac()), seen);
    }

    /** What the resident daemon does after the kernel ended a node's last drain: the address and membership go, then the idle tables. */
    @Test
    void removeIdleTakesTheAddressAndThenTheTables() throws Exception {
        NetNs.run(lab.node.name(), () -> {
            try (ClusterIpNode n = ClusterIpNode.open()) {
                n.join(spec, ADDR, 2);
                n.drain(spec, ADDR, 2, 300);
                Poll.until("the kernel ends the drain", Duration.ofSeconds(10),
                        () -> {
                            try {
                                return n.tables().state(spec.vip()).idle();
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        });
            }
        });
        assertFalse(answered(), "idle tables drop new clients while the address lives on");
        NetNs.run(lab.node.name(), () -> {
            try (ClusterIpNode n = ClusterIpNode.open()) {
                ClusterChange c = n.removeIdle(spec.vip());
                assertTrue(c.removed());
                assertNothingLeft(n);
            }
        });
    }

    /** A start that takes a bucket while the last stop retires the VIP keeps the tables, and its address. */
    @Test
    void aStartDuringTheRetirementKeepsTablesAndAddress() throws Exception {
        NetNs.run(lab.node.name(), () -> {
            try (ClusterIpNode n = ClusterIpNode.open(); ClusterIpNode other = ClusterIpNode.open()) {
                n.join(spec, ADDR, 1);
                ClusterChange c = n.leave(spec, ADDR, 1, x -> {
                    try {
                        other.join(spec, ADDR, 3);  // Pacemaker starts another instance here meanwhile
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                assertFalse(c.removed(), "the start's bucket keeps the VIP");
                assertEquals("3", n.tables().state(spec.vip()).local().format());
                assertTrue(n.hasAddress(n.nic(VethLab.NODE_IF), spec.vip()), "the address is back");
                assertTrue(n.joined(spec, n.nic(VethLab.NODE_IF)), "and the membership");
            }
        });
        assertTrue(answeredIn(3), "the node answers the bucket it serves");
    }
}
