package io.clonevip.agent.ipaddr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.cluster.BucketSet;
import io.clonevip.cluster.ClusterState;
import io.clonevip.cluster.NodeIn;
import io.clonevip.cluster.hash.BucketPredictor;
import io.clonevip.nativ.NetNs;
import io.clonevip.testkit.net.TcpEcho;
import io.clonevip.testkit.net.VethLab;
import io.clonevip.testkit.net.VipNetns;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An IPv6 VIP load-shared in process (issue #17), a node and a client on a veth pair: the node
 * starts buckets 1 and 2 of 3 (the third is another node's). The client resolves the VIP to the
 * cluster MAC (the node's neighbour advertisement rewritten); its connections hashed into buckets
 * 1 and 2 are answered, those of bucket 3 are not; monitor says 0 for instances 0 and 1 and 7 for
 * instance 2; the VIP is held with nodad and deprecated (preferred_lft is ignored, and logged so). A stop with drain_limit keeps the bucket's connections (a drain), a start takes
 * the bucket back with them; after both stops (drain_limit 0) nothing of ours is left in the node.
 */
class IPaddr3Ipv6CloneKernelTest {
    /** As ip prints it. */
    private static final String VIP_TEXT = "2001:db8::64";
    private static final InetAddress VIP = InetAddress.ofLiteral(VIP_TEXT);
    private static final InetAddress CLIENT = InetAddress.ofLiteral("2001:db8::10");
    private static final String CLUSTER_MAC = "33:33:00:00:00:64";
    private static final int PORT = 3306;

    @TempDir
    Path rscTmp;

    private final IPaddr3 agent = new IPaddr3(env -> new RecordingPublisher());

    @Test
    void twoBucketsOfThreeAnswerTheirClientsOnlyDrainAndLeaveNothing() throws Exception {
        try (VethLab lab = VethLab.create("ip3v6")) {
            lab.node.ip("addr", "add", "2001:db8::1/64", "dev", VethLab.NODE_IF, "nodad");
            lab.peer.ip("addr", "add", CLIENT.getHostAddress() + "/64", "dev", VethLab.PEER_IF, "nodad");
            KernelSnapshot before = KernelSnapshot.of(lab.node);
            Map<String, String> first = instance(0);
            first.put("OCF_RESKEY_preferred_lft", "forever");
            AgentRun start = run(lab, first, "start");
            assertEquals(0, start.rc(), start.toString());
            assertTrue(start.err().contains("preferred_lft=forever ignored"), start.err());
            assertEquals(0, run(lab, instance(1), "start").rc());
            String addrs = lab.node.ip("-6", "-o", "addr", "show", "dev", VethLab.NODE_IF);
            String vip = addrs.lines().filter(l -> l.contains(" " + VIP_TEXT + "/64 ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + VIP_TEXT + "/64 in " + addrs));
            assertTrue(vip.contains("nodad") && vip.contains("deprecated"), "held without DAD, never a source: " + vip);
            assertEquals(0, run(lab, instance(0), "monitor").rc());
            assertEquals(0, run(lab, instance(1), "monitor").rc());
            assertEquals(7, run(lab, instance(2), "monitor").rc(), "bucket 3 is not here");

            BucketPredictor p = BucketPredictor.of(state(lab).spec());
            List<SocketChannel> open = new ArrayList<>();
            Map<Integer, Integer> answered = new TreeMap<>();
            int refused = 0;
            try (TcpEcho server = TcpEcho.serve(NetNs.call(lab.node.name(),
                    () -> TcpEcho.listen(new InetSocketAddress(InetAddress.ofLiteral("::"), PORT), true)))) {
                for (int i = 0; i < 24; i++) {
                    int sport = 47000 + 53 * i;
                    int bucket = p.bucket(CLIENT, BucketPredictor.IPPROTO_TCP, sport, PORT);
                    if (bucket != 3) {
                        SocketChannel ch = NetNs.call(lab.peer.name(),
                                () -> TcpEcho.connect(CLIENT, sport, new InetSocketAddress(VIP, PORT)));
                        open.add(ch);
                        assertTrue(TcpEcho.echoes(ch), "bucket " + bucket + " from port " + sport + " answered");
                        answered.merge(bucket, 1, Integer::sum);
                    } else if (refused < 2) {
                        Socket s = NetNs.call(lab.peer.name(), () -> {
                            Socket x = new Socket();
                            x.bind(new InetSocketAddress(CLIENT, sport));
                            return x;
                        });
                        try (s) {
                            assertThrows(SocketTimeoutException.class, () -> s.connect(new InetSocketAddress(VIP, PORT), 1500),
                                    "bucket 3 (another node's) from port " + sport + " gets no answer here");
                        }
                        refused++;
                    }
                }
                assertEquals(2, answered.size(), "clients of buckets 1 and 2: " + answered);
                assertEquals(2, refused, "clients of bucket 3 tried");
                String neigh = lab.peer.ip("-6", "neigh", "show", VIP_TEXT);
                assertTrue(neigh.contains("lladdr " + CLUSTER_MAC), "the client resolved the VIP to the cluster MAC: " + neigh);

                Map<String, String> draining = instance(1);
                draining.put("OCF_RESKEY_drain_limit", "30");
                AgentRun stop = run(lab, draining, "stop");
                assertEquals(0, stop.rc(), stop.toString());
                assertTrue(stop.err().contains("stop: bucket 2 of " + VIP_TEXT + " drains: " + answered.get(2)
                        + " TCP connection(s)"), stop.err());
                assertEquals(BucketSet.of(3, 2), state(lab).drainingBuckets());
                assertEquals(7, run(lab, VipNetns.probe(instance(1)), "monitor").rc(), "a draining bucket is stopped");
                for (SocketChannel c : open) assertTrue(TcpEcho.echoes(c), "every connection kept through the drain");
                assertEquals(0, run(lab, instance(1), "start").rc());
                assertEquals(BucketSet.of(3), state(lab).drainingBuckets(), "bucket 2 served again");
                for (SocketChannel c : open) assertTrue(TcpEcho.echoes(c), "every connection kept when the bucket is taken back");
            } finally {
                for (SocketChannel c : open) c.close();
            }

            assertEquals(0, run(lab, instance(0), "stop").rc());
            assertEquals(0, run(lab, instance(1), "stop").rc());
            assertEquals(7, run(lab, instance(0), "monitor").rc());
            KernelSnapshot after = KernelSnapshot.of(lab.node);
            assertTrue(after.nothingOf(VIP_TEXT), after.toString());
            assertFalse(after.multicast().contains(CLUSTER_MAC), after.multicast());
            assertEquals(before, after, "the node as before the starts");
        }
    }

    /** Instance {@code clone} of 3 with the IPv6 VIP on the node's NIC (its /64 found there), cutting at stop. */
    private Map<String, String> instance(int clone) {
        Map<String, String> env = VipClientsLab.instance(rscTmp.toString(), clone, 3);
        env.put("OCF_RESKEY_ip", VIP.getHostAddress());
        env.put("OCF_RESKEY_drain_limit", "0");
        return env;
    }

    private static ClusterState state(VethLab lab) throws Exception {
        return NodeIn.state(lab.node.name(), VIP);
    }

    private AgentRun run(VethLab lab, Map<String, String> env, String action) throws Exception {
        return AgentRun.in(lab.node.name(), agent, env, action);
    }
}
