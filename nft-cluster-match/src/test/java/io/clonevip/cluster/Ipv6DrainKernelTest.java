package io.clonevip.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.cluster.hash.BucketPredictor;
import io.clonevip.nativ.NetNs;
import io.clonevip.testkit.Poll;
import io.clonevip.testkit.net.TcpEcho;
import io.clonevip.testkit.net.VethLab;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The drain of an IPv6 VIP's bucket against real TCP, in the lab of {@link Ipv6DataPlaneKernelTest} (the node serves buckets 1-6 of 12). */
class Ipv6DrainKernelTest {
    static final BucketSet LOCAL = Ipv6DataPlaneKernelTest.LOCAL;

    /**
     * A drain of an IPv6 VIP's bucket: the node keeps answering the bucket's established
     * connection, drops a new connection of the bucket (its new owner takes it), and once the
     * kernel ended the drain the old connection's packets are dropped before conntrack.
     */
    @Test
    void aDrainedBucketKeepsItsConnectionsUntilTheKernelEndsTheDrain() throws Exception {
        ClusterIpSpec spec = Ipv6DataPlaneKernelTest.spec(HashMode.DEFAULT);
        BucketPredictor p = BucketPredictor.of(spec);
        InetSocketAddress server = new InetSocketAddress(spec.vip(), 3306);
        InetAddress client = InetAddress.ofLiteral("2001:db8:1::1000");
        try (VethLab lab = Ipv6DataPlaneKernelTest.lab("v6drn", spec);
             TcpEcho echo = TcpEcho.serve(NetNs.call(lab.node.name(), () -> TcpEcho.listen(server, false)))) {
            int held = port(p, client, LOCAL::contains, 41000);
            int k = p.bucket(client, BucketPredictor.IPPROTO_TCP, held, 3306);
            SocketChannel c = NetNs.call(lab.peer.name(), () -> TcpEcho.connect(client, held, server));
            assertTrue(TcpEcho.echoes(c), "served");
            NetNs.run(lab.node.name(), () -> { try (ClusterIpNode n = ClusterIpNode.open()) { n.drain(spec, VipAddress.of(64), k, 3000); } });
            assertTrue(TcpEcho.echoes(c), "held through the drain");
            int fresh = port(p, client, b -> b == k, held + 1);
            long drops = Ipv6DataPlaneKernelTest.finalDrops(lab);
            SocketChannel n = NetNs.call(lab.peer.name(), () -> {
                SocketChannel s = SocketChannel.open(StandardProtocolFamily.INET6);
                s.configureBlocking(false);
                s.bind(new InetSocketAddress(client, fresh));
                s.connect(server);
                return s;
            });
            Poll.until("the new connection's SYN reaches the final drop", Duration.ofSeconds(5), () -> Ipv6DataPlaneKernelTest.finalDrops(lab) > drops);
            assertFalse(n.finishConnect(), "a new connection of the draining bucket is not answered here");
            n.close();
            Poll.until("the kernel ends the drain", Duration.ofSeconds(10), () -> drainingNone(lab, spec));
            assertFalse(TcpEcho.echoes(c), "after the drain the held connection's packets are dropped");
            c.close();
        }
    }

    private static int port(BucketPredictor p, InetAddress client, java.util.function.IntPredicate bucket, int from) {
        for (int port = from; port < 65536; port++) if (bucket.test(p.bucket(client, BucketPredictor.IPPROTO_TCP, port, 3306))) return port;
        throw new AssertionError("no port");
    }

    private static boolean drainingNone(VethLab lab, ClusterIpSpec spec) {
        try {
            return NetNs.call(lab.node.name(), () -> { try (ClusterIpNode n = ClusterIpNode.open()) { return n.tables().state(spec.vip()).draining().isEmpty(); } });
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

}
