package io.clonevip.clusterip;

import io.clonevip.nativ.NetNs;
import io.clonevip.testkit.net.TestNetns;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Real traffic through CLUSTERIP inside the guest: a client and two nodes on a bridge (its own
 * namespace, multicast snooping off), both nodes holding the VIP with CLUSTERIP total 2 (node k
 * serves bucket k), UDP responders on the VIP. Every flow must be answered exactly once, by the
 * node CLUSTERIP's hash names (checked against our own jhash_2words + reciprocal_scale); the
 * same for TCP connections (handshake completed by exactly one node).
 */
final class GuestClusterIpTraffic {
    private static final int FLOWS = 24;
    private static final int PORT = 7000;
    private static final int TCP_FLOWS = 12;
    private static final long SEED = 0x1234abcdL;
    private final GuestClusterIpCheck out;

    GuestClusterIpTraffic(GuestClusterIpCheck out) { this.out = out; }

    void run() throws Exception {
        List<java.io.Closeable> sockets = new ArrayList<>();
        try (TestNetns sw = TestNetns.create("gs"); TestNetns client = TestNetns.create("gc");
             TestNetns n1 = TestNetns.create("g1"); TestNetns n2 = TestNetns.create("g2")) {
            sw.ip("link", "add", "br0", "type", "bridge", "mcast_snooping", "0");
            sw.ip("link", "set", "br0", "up");
            TestNetns[] nodes = {n1, n2};
            client.veth("c0", sw, "pc");
            for (int i = 0; i < 2; i++) nodes[i].veth("cv0", sw, "p" + (i + 1));
            for (String port : List.of("pc", "p1", "p2")) {
                sw.ip("link", "set", port, "master", "br0");
                sw.ip("link", "set", port, "up");
            }
            client.ip("addr", "add", "198.51.100.50/24", "dev", "c0");
            client.ip("link", "set", "c0", "up");
            AtomicIntegerArray served = new AtomicIntegerArray(3);
            AtomicIntegerArray tcpServed = new AtomicIntegerArray(3);
            for (int k = 1; k <= 2; k++) {
                TestNetns n = nodes[k - 1];
                n.ip("addr", "add", "198.51.100.100/24", "dev", "cv0");
                n.ip("link", "set", "cv0", "up");
                new ClusterIpLegacyBackend(n.name()).start(new ClusterIpParams(GuestClusterIpCheck.VIP, "cv0",
                        GuestClusterIpCheck.MAC, 2, k, ClusterIpHashMode.SOURCE_IP_SOURCE_PORT, SEED));
                DatagramSocket s = NetNs.call(n.name(), () -> new DatagramSocket(new InetSocketAddress(GuestClusterIpCheck.VIP, PORT)));
                sockets.add(s);
                int node = k;
                Thread.ofPlatform().daemon().start(() -> respond(s, node, served));
                ServerSocket ts = NetNs.call(n.name(), () -> new ServerSocket(PORT, 64, GuestClusterIpCheck.VIP));
                sockets.add(ts);
                Thread.ofPlatform().daemon().start(() -> accept(ts, node, tcpServed));
            }
            int answered = 0;
            int predicted = 0;
            long t0 = System.nanoTime();
            for (int f = 0; f < FLOWS; f++) {
                int sport = 40000 + f;
                DatagramSocket c = NetNs.call(client.name(), () -> new DatagramSocket(new InetSocketAddress("198.51.100.50", sport)));
                sockets.add(c);
                c.setSoTimeout(5000);
                byte[] q = "q".getBytes(StandardCharsets.US_ASCII);
                c.send(new DatagramPacket(q, q.length, new InetSocketAddress(GuestClusterIpCheck.VIP, PORT)));
                DatagramPacket r = new DatagramPacket(new byte[16], 16);
                try {
                    c.receive(r);
                } catch (SocketTimeoutException e) {
                    System.out.println("flow " + sport + ": no answer");
                    continue;
                }
                answered++;
                int node = Integer.parseInt(new String(r.getData(), 0, r.getLength(), StandardCharsets.US_ASCII));
                int expect = bucket(0xC6336432, sport, SEED, 2);   // 198.51.100.50
                if (node == expect) predicted++;
                else System.out.println("flow " + sport + ": node " + node + ", our hash says " + expect);
            }
            GuestClusterIpCheck.measure(FLOWS + " UDP flows through CLUSTERIP", t0);
            int total = served.get(1) + served.get(2);
            System.out.println("node 1 served " + served.get(1) + ", node 2 served " + served.get(2));
            out.check("every flow answered (" + answered + "/" + FLOWS + ")", answered == FLOWS, answered);
            out.check("no flow served twice (responders saw " + total + ")", total == answered, total);
            out.check("both nodes served flows", served.get(1) > 0 && served.get(2) > 0, served);
            out.check("node = reciprocal_scale(jhash_2words(saddr, raw sport, seed), 2) + 1 for every flow ("
                    + predicted + "/" + answered + ")", predicted == answered && answered > 0, predicted);
            tcp(client, tcpServed);
            String neigh = client.ip("neigh", "show", "198.51.100.100", "dev", "c0");
            out.check("client learned the cluster MAC for the VIP by ARP (CLUSTERIP mangles ARP replies)",
                    neigh.toLowerCase().contains(GuestClusterIpCheck.MAC.toLowerCase()), neigh.strip());
        } finally {
            for (java.io.Closeable s : sockets) s.close();
        }
    }

    /** TCP: the SYN reaches both nodes; only the responsible one may complete the handshake. */
    private void tcp(TestNetns client, AtomicIntegerArray served) throws Exception {
        int answered = 0;
        int predicted = 0;
        long t0 = System.nanoTime();
        for (int f = 0; f < TCP_FLOWS; f++) {
            int sport = 41000 + f;
            try (Socket c = NetNs.call(client.name(), () -> {
                Socket s = new Socket();
                s.bind(new InetSocketAddress("198.51.100.50", sport));
                s.connect(new InetSocketAddress(GuestClusterIpCheck.VIP, PORT), 5000);
                return s;
            })) {
                c.setSoTimeout(5000);
                int node = c.getInputStream().read() - '0';
                answered++;
                int expect = bucket(0xC6336432, sport, SEED, 2);
                if (node == expect) predicted++;
                else System.out.println("tcp flow " + sport + ": node " + node + ", our hash says " + expect);
            } catch (java.io.IOException e) {
                System.out.println("tcp flow " + sport + ": " + e);
            }
        }
        GuestClusterIpCheck.measure(TCP_FLOWS + " TCP connections through CLUSTERIP", t0);
        int total = served.get(1) + served.get(2);
        System.out.println("tcp: node 1 accepted " + served.get(1) + ", node 2 accepted " + served.get(2));
        out.check("every TCP connection answered (" + answered + "/" + TCP_FLOWS + ")", answered == TCP_FLOWS, answered);
        out.check("no TCP connection accepted twice (" + total + ")", total == answered, total);
        out.check("TCP node = our hash for every connection (" + predicted + "/" + answered + ")",
                predicted == answered && answered > 0, predicted);
    }

    private static void accept(ServerSocket server, int node, AtomicIntegerArray served) {
        while (!server.isClosed()) {
            try (Socket c = server.accept()) {
                served.incrementAndGet(node);
                c.getOutputStream().write('0' + node);
            } catch (java.io.IOException e) {
                if (server.isClosed()) return;
            }
        }
    }

    private static void respond(DatagramSocket s, int node, AtomicIntegerArray served) {
        byte[] buf = new byte[64];
        byte[] name = Integer.toString(node).getBytes(StandardCharsets.US_ASCII);
        while (!s.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                s.receive(p);
                served.incrementAndGet(node);
                s.send(new DatagramPacket(name, name.length, p.getSocketAddress()));
            } catch (java.io.IOException e) {
                return;
            }
        }
    }

    /**
     * CLUSTERIP's node for a UDP/TCP flow in hash mode sourceip-sourceport on a little-endian
     * host: the source port enters jhash as the raw network-order 16-bit word read in host order.
     * This is the product's model ({@code ClusteripHash}): what the check validates against the kernel.
     */
    static int bucket(int saddrHostOrder, int sport, long seed, int total) {
        return io.clonevip.cluster.hash.ClusteripHash.node(io.clonevip.cluster.HashMode.SOURCE_IP_SOURCE_PORT,
                saddrHostOrder, 17, sport, 0, (int) seed, total);
    }
}
