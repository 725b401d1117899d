package io.clonevip.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.NetNs;
import io.clonevip.nativ.bind.libc_h;
import io.clonevip.rtnl.Link;
import io.clonevip.rtnl.Links;
import io.clonevip.rtnl.MacAddress;
import io.clonevip.rtnl.Rtnetlink;
import io.clonevip.netlink.NetlinkConn;
import io.clonevip.testing.MiniJson;
import io.clonevip.testkit.net.TestNetns;
import io.clonevip.testkit.net.VethLab;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Gratuitous ARP and unsolicited NA sent from the node namespace and captured on the veth peer by
 * our own PacketSocket: every byte that matters is checked, and the peer kernel's neighbour table
 * shows that it accepted them (a bad checksum or hop limit would be dropped).
 */
class PacketFramesTest {
    private static final MacAddress CLUSTER_MAC = mac("01:00:5e:33:64:07");
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static VethLab lab;
    private static Link nic;

    static MacAddress mac(String s) {
        try { return MacAddress.parse(s); } catch (KernelException e) { throw new IllegalStateException(e); }
    }

    @BeforeAll
    static void up() throws Exception {
        lab = VethLab.create("pkt");
        lab.peer.ip("addr", "add", "198.51.100.1/24", "dev", VethLab.PEER_IF);
        lab.peer.ip("-6", "addr", "add", "2001:db8:7::1/64", "dev", VethLab.PEER_IF, "nodad");
        nic = NetNs.call(lab.node.name(), () -> {
            try (NetlinkConn c = Rtnetlink.open()) { return new Links(c).byName(VethLab.NODE_IF); }
        });
    }

    @AfterAll
    static void down() { if (lab != null) lab.close(); }

    static PacketSocket receiver(TestNetns ns, int etherType) throws Exception {
        return NetNs.call(ns.name(), () -> {
            try (NetlinkConn c = Rtnetlink.open()) {
                return PacketSocket.open(new Links(c).byName(VethLab.PEER_IF).index(), etherType);
            }
        });
    }

    static byte[] slice(byte[] b, int from, int len) { return Arrays.copyOfRange(b, from, from + len); }

    @SuppressWarnings("unchecked")
    static String neighMac(String... filter) {
        String[] argv = new String[filter.length + 2];
        argv[0] = "-j";
        argv[1] = "neigh";
        System.arraycopy(filter, 0, argv, 2, filter.length);
        List<Map<String, Object>> l = MiniJson.array(lab.peer.ip(argv));
        return l.isEmpty() ? null : (String) l.get(0).get("lladdr");
    }

    static void awaitNeigh(String expectedMac, String... filter) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!expectedMac.equals(neighMac(filter)) && System.nanoTime() < deadline) Thread.sleep(10);
        assertEquals(expectedMac, neighMac(filter), "peer neighbour entry updated by the announcement");
    }

    @Test
    void gratuitousArpRequestsCarryTheClusterMacAndUpdateThePeer() throws Exception {
        Inet4Address vip = (Inet4Address) InetAddress.ofLiteral("198.51.100.7");
        lab.peer.ip("neigh", "replace", "198.51.100.7", "lladdr", "02:00:00:00:00:99", "dev", VethLab.PEER_IF, "nud", "stale");
        try (PacketSocket rx = receiver(lab.peer, libc_h.ETH_P_ARP())) {
            GratuitousArp garp = GratuitousArp.of(nic, vip).withSenderMac(CLUSTER_MAC);
            NetNs.run(lab.node.name(), () -> garp.send(3, Duration.ofMillis(20)));
            for (int i = 0; i < 3; i++) {
                ReceivedFrame f = rx.receive(WAIT);
                assertNotNull(f, "frame " + i);
                byte[] b = f.bytes();
                assertEquals(42, b.length);
                assertEquals(libc_h.PACKET_BROADCAST(), f.packetType());
                assertArrayEquals(MacAddress.BROADCAST.bytes(), slice(b, 0, 6), "Ethernet destination broadcast");
                assertArrayEquals(nic.mac().bytes(), slice(b, 6, 6), "Ethernet source = the NIC's MAC");
                FrameReader r = new FrameReader(b).seek(12);
                assertEquals(0x0806, r.u16());
                assertEquals(1, r.u16(), "htype Ethernet");
                assertEquals(0x0800, r.u16(), "ptype IPv4");
                assertEquals(6, r.u8());
                assertEquals(4, r.u8());
                assertEquals(1, r.u16(), "ARP request");
                assertArrayEquals(CLUSTER_MAC.bytes(), r.bytes(6), "sender hardware address = cluster MAC");
                assertArrayEquals(vip.getAddress(), r.bytes(4), "sender IP = VIP");
                assertArrayEquals(new byte[6], r.bytes(6), "target hardware address zero");
                assertArrayEquals(vip.getAddress(), r.bytes(4), "target IP = VIP");
            }
            assertNull(rx.receive(Duration.ofMillis(50)), "exactly count frames");
        }
        awaitNeigh(CLUSTER_MAC.toString(), "show", "198.51.100.7", "dev", VethLab.PEER_IF);
    }

    @Test
    void gratuitousArpBothSendsRequestThenReplyPerRound() throws Exception {
        Inet4Address vip = (Inet4Address) InetAddress.ofLiteral("198.51.100.8");
        try (PacketSocket rx = receiver(lab.peer, libc_h.ETH_P_ARP())) {
            GratuitousArp garp = GratuitousArp.of(nic, vip).withMode(ArpMode.BOTH);
            NetNs.run(lab.node.name(), () -> garp.send(2, Duration.ZERO));
            int[] ops = new int[4];
            for (int i = 0; i < 4; i++) {
                byte[] b = rx.receive(WAIT).bytes();
                ops[i] = new FrameReader(b).seek(20).u16();
                assertArrayEquals(nic.mac().bytes(), slice(b, 22, 6), "sender hardware address = NIC MAC by default");
                if (ops[i] == 2) assertArrayEquals(nic.mac().bytes(), slice(b, 32, 6), "reply: target hw = sender hw");
            }
            assertArrayEquals(new int[] {1, 2, 1, 2}, ops);
        }
    }

    @Test
    void unsolicitedNaIsWellFormedAndAcceptedByThePeer() throws Exception {
        Inet6Address vip = (Inet6Address) InetAddress.ofLiteral("2001:db8:7::10");
        MacAddress clusterV6 = mac("02:00:5e:00:07:10");
        lab.peer.ip("-6", "neigh", "replace", "2001:db8:7::10", "lladdr", "02:00:00:00:00:98", "dev", VethLab.PEER_IF, "nud", "stale");
        try (PacketSocket rx = receiver(lab.peer, libc_h.ETH_P_IPV6())) {
            UnsolicitedNa na = UnsolicitedNa.of(nic, vip).withTargetMac(clusterV6);
            NetNs.run(lab.node.name(), () -> na.send(1, Duration.ZERO));
            ReceivedFrame f = rx.receive(WAIT, x -> x.bytes().length > 54 && (x.bytes()[20] & 0xff) == 58 && (x.bytes()[54] & 0xff) == 136);
            assertNotNull(f, "neighbour advertisement captured");
            byte[] b = f.bytes();
            assertEquals(86, b.length);
            assertEquals(libc_h.PACKET_MULTICAST(), f.packetType());
            assertArrayEquals(new byte[] {0x33, 0x33, 0, 0, 0, 1}, slice(b, 0, 6));
            assertArrayEquals(nic.mac().bytes(), slice(b, 6, 6));
            FrameReader r = new FrameReader(b).seek(12);
            assertEquals(0x86dd, r.u16());
            assertEquals(0x60000000, r.u32(), "version 6, no traffic class, no flow label");
            assertEquals(32, r.u16(), "payload length");
            assertEquals(58, r.u8(), "next header ICMPv6");
            assertEquals(255, r.u8(), "hop limit 255");
            assertArrayEquals(vip.getAddress(), r.bytes(16), "source = VIP");
            assertArrayEquals(InetAddress.ofLiteral("ff02::1").getAddress(), r.bytes(16), "destination all-nodes");
            assertEquals(136, r.u8());
            assertEquals(0, r.u8());
            r.u16(); // checksum, verified below
            assertEquals(0x20000000, r.u32(), "Override only, not Router, not Solicited");
            assertArrayEquals(vip.getAddress(), r.bytes(16), "target = VIP");
            assertEquals(2, r.u8(), "target link-layer address option");
            assertEquals(1, r.u8(), "option length 8 bytes");
            assertArrayEquals(clusterV6.bytes(), r.bytes(6));
            long pseudo = FrameWriter.sum(b, 22, 32, 0) + 32 + 58;
            assertEquals(0, new FrameReader(b).checksum(54, 32, pseudo), "ICMPv6 checksum with pseudo-header verifies");
        }
        awaitNeigh(clusterV6.toString(), "show", "2001:db8:7::10", "dev", VethLab.PEER_IF);
    }

    /** Cross-check with an independent capture: tcpdump -xx on the peer sees exactly our bytes. */
    @Test
    void tcpdumpSeesTheSameArpBytes() throws Exception {
        Inet4Address vip = (Inet4Address) InetAddress.ofLiteral("198.51.100.10");
        GratuitousArp garp = GratuitousArp.of(nic, vip).withSenderMac(CLUSTER_MAC).withMode(ArpMode.REPLY);
        Process p = new ProcessBuilder("ip", "netns", "exec", lab.peer.name(), "tcpdump", "-i", VethLab.PEER_IF,
                "-c", "1", "-xx", "-n", "-l", "-U", "arp", "and", "host", "198.51.100.10").start();
        try {
            BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.US_ASCII));
            CompletableFuture<Boolean> listening = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String l; (l = err.readLine()) != null; ) if (l.contains("listening on")) return true;
                } catch (IOException e) {
                    return false;
                }
                return false;
            });
            assertTrue(listening.get(10, TimeUnit.SECONDS), "tcpdump started");
            NetNs.run(lab.node.name(), () -> garp.send(1, Duration.ZERO));
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), "tcpdump captured one frame and exited");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            StringBuilder hex = new StringBuilder();
            for (String line : out.split("\n")) {
                int c = line.indexOf("0x");
                if (c >= 0 && line.indexOf(':', c) > 0 && line.trim().startsWith("0x")) {
                    hex.append(line.substring(line.indexOf(':', c) + 1).replaceAll("\\s", ""));
                }
            }
            assertEquals(HexFormat.of().formatHex(garp.frames().get(0)), hex.toString(), out);
        } finally {
            p.destroy();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void receiveTimesOutAndBadInputIsRejected() throws Exception {
        try (PacketSocket rx = receiver(lab.peer, 0x88b5)) { // local experimental EtherType: nobody sends it
            long t0 = System.nanoTime();
            assertNull(rx.receive(Duration.ofMillis(100)));
            assertTrue(System.nanoTime() - t0 >= 90_000_000L, "waited the timeout");
        }
        Inet4Address vip = (Inet4Address) InetAddress.ofLiteral("198.51.100.9");
        KernelException count = assertThrows(KernelException.class, () -> GratuitousArp.of(nic, vip).send(0, Duration.ZERO));
        assertEquals(Errno.EINVAL, count.errno());
        KernelException mac = assertThrows(KernelException.class,
                () -> GratuitousArp.of(nic, vip).withSenderMac(MacAddress.of(new byte[4])).frames());
        assertEquals(Errno.EINVAL, mac.errno());
        KernelException dev = assertThrows(KernelException.class, () -> PacketSocket.open(0, 0));
        assertEquals(Errno.ENODEV, dev.errno());
    }
}
