package io.clonevip.sockdiag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.nativ.NetNs;
import io.clonevip.testkit.net.TcpEcho;
import io.clonevip.testkit.net.VethLab;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * sock_diag against the kernel in namespaces the test creates: a node with an IPv4-only server
 * (AF_INET socket) and a dual-stack one (AF_INET6 socket), three client connections to each from
 * a peer over a veth pair. The dump agrees with {@code ss}; destroying a socket cuts exactly that
 * connection (the client sees the reset) and leaves the others echoing; a socket destroyed
 * already, or named with another cookie, is {@link DestroyOutcome#GONE} and nothing else changes.
 */
class TcpSocketsTest {
    static final InetAddress VIP = InetAddress.ofLiteral("198.51.100.100");
    static final InetAddress CLIENT = InetAddress.ofLiteral("198.51.100.10");
    static final int V4_PORT = 3306;
    static final int DUAL_PORT = 3307;

    VethLab lab;
    final List<TcpEcho> servers = new ArrayList<>();
    final List<SocketChannel> clients = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        lab = VethLab.create("sdiag");
        lab.node.ip("addr", "add", VIP.getHostAddress() + "/24", "dev", VethLab.NODE_IF);
        lab.peer.ip("addr", "add", CLIENT.getHostAddress() + "/24", "dev", VethLab.PEER_IF);
        for (int port : List.of(V4_PORT, DUAL_PORT)) {
            servers.add(TcpEcho.serve(NetNs.call(lab.node.name(), () -> TcpEcho.listen(new InetSocketAddress(VIP, port), port == DUAL_PORT))));
            for (int i = 0; i < 3; i++) {
                int sport = 40000 + port % 10 * 10 + i;
                clients.add(NetNs.call(lab.peer.name(), () -> TcpEcho.connect(CLIENT, sport, new InetSocketAddress(VIP, port))));
            }
        }
        for (SocketChannel c : clients) assertTrue(TcpEcho.echoes(c), "connection up: " + c);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (SocketChannel c : clients) c.close();
        servers.forEach(TcpEcho::close);
        if (lab != null) lab.close();
    }

    private List<TcpSocket> list(int family, Set<TcpState> states) throws Exception {
        return NetNs.call(lab.node.name(), () -> { try (TcpSockets t = TcpSockets.open()) { return t.list(family, states); } });
    }

    private DestroyOutcome destroy(TcpSocket s) throws Exception {
        return NetNs.call(lab.node.name(), () -> { try (TcpSockets t = TcpSockets.open()) { return t.destroy(s); } });
    }

    private static List<String> ofPort(List<TcpSocket> all, int port) {
        return all.stream().filter(s -> s.localPort() == port).map(TcpSocket::toString).sorted().toList();
    }

    @Test
    void dumpListsBothFamiliesAsSsDoes() throws Exception {
        List<TcpSocket> v4 = list(2, TcpState.CONNECTED);
        List<TcpSocket> v6 = list(10, TcpState.CONNECTED);
        assertEquals(List.of("ESTABLISHED 198.51.100.100:3306 198.51.100.10:40060", "ESTABLISHED 198.51.100.100:3306 198.51.100.10:40061",
                "ESTABLISHED 198.51.100.100:3306 198.51.100.10:40062"), ofPort(v4, V4_PORT));
        assertEquals(List.of(), ofPort(v4, DUAL_PORT), "an AF_INET dump has no AF_INET6 socket");
        assertEquals(List.of("ESTABLISHED 198.51.100.100:3307 198.51.100.10:40070", "ESTABLISHED 198.51.100.100:3307 198.51.100.10:40071",
                "ESTABLISHED 198.51.100.100:3307 198.51.100.10:40072"), ofPort(v6, DUAL_PORT), "IPv4 connections of the dual-stack server");
        for (TcpSocket s : v6) {
            assertEquals(10, s.family());
            assertInstanceOf(Inet4Address.class, s.local());
        }
        List<TcpSocket> listeners = list(2, Set.of(TcpState.LISTEN));
        assertEquals(List.of("LISTEN 198.51.100.100:3306 0.0.0.0:0"), ofPort(listeners, V4_PORT));
        assertTrue(listeners.getFirst().listening());
        // ss sees the same six connections, in the same families
        String ss = lab.node.execOk("ss", "-t", "-n", "-H", "state", "established");
        assertEquals(6, ss.lines().count(), ss);
        assertEquals(3, ss.lines().filter(l -> l.contains("[::ffff:198.51.100.100]:3307")).count(), ss);
        assertTrue(v4.stream().allMatch(s -> s.inode() != 0 && s.cookie() != 0), v4.toString());
    }

    @Test
    void destroyCutsExactlyThatConnection() throws Exception {
        for (int port : List.of(V4_PORT, DUAL_PORT)) {
            int family = port == V4_PORT ? 2 : 10;
            TcpSocket victim = list(family, TcpState.CONNECTED).stream().filter(s -> s.localPort() == port)
                    .filter(s -> s.remotePort() % 10 == 1).findFirst().orElseThrow();
            assertEquals(DestroyOutcome.DESTROYED, destroy(victim));
            SocketChannel cut = clients.stream().filter(c -> ((InetSocketAddress) c.socket().getLocalSocketAddress()).getPort()
                    == victim.remotePort()).findFirst().orElseThrow();
            assertTrue(TcpEcho.cutWithin(cut, Duration.ofSeconds(3)), "client of " + victim + " sees the reset");
            assertFalse(list(family, TcpState.CONNECTED).contains(victim), "gone from the dump");
            assertEquals(DestroyOutcome.GONE, destroy(victim), "a second destroy finds nothing (ENOENT)");
        }
        int alive = 0;
        for (SocketChannel c : clients) {
            int sport = ((InetSocketAddress) c.socket().getLocalSocketAddress()).getPort();
            if (sport % 10 != 1) {
                assertTrue(TcpEcho.echoes(c), "untouched connection from port " + sport + " still echoes");
                alive++;
            }
        }
        assertEquals(4, alive);
    }

    @Test
    void anotherCookieIsAnotherSocket() throws Exception {
        TcpSocket s = list(2, TcpState.CONNECTED).stream().filter(x -> x.localPort() == V4_PORT).findFirst().orElseThrow();
        TcpSocket other = new TcpSocket(s.family(), s.state(), s.local(), s.localPort(), s.remote(), s.remotePort(),
                s.interfaceIndex(), s.cookie() + 1, s.uid(), s.inode());
        assertEquals(DestroyOutcome.GONE, destroy(other), "ESTALE: same addresses and ports, not the same socket");
        assertTrue(list(2, TcpState.CONNECTED).contains(s));
        for (SocketChannel c : clients) assertTrue(TcpEcho.echoes(c));
    }
}
