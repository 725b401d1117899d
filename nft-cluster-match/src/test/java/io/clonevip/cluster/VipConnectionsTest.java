package io.clonevip.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.bind.netlink_h;
import io.clonevip.nativ.bind.sock_diag_h;
import io.clonevip.netlink.FuncTransport;
import io.clonevip.netlink.NetlinkConn;
import io.clonevip.netlink.NlMsg;
import io.clonevip.sockdiag.TcpSockets;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What {@link VipConnections} does with the kernel's answers, through the fake transport: which
 * dumped sockets it destroys (the VIP's, in a connected state; never a listener or another
 * address's), and how a failed destroy is reported: EOPNOTSUPP (no CONFIG_INET_DIAG_DESTROY) and
 * EPERM stop at the first socket, a socket gone meanwhile is no failure.
 */
class VipConnectionsTest {
    static final InetAddress VIP = InetAddress.ofLiteral("198.51.100.100");

    /** Dumped: 3 connections on VIP:3306 (AF_INET), 1 on the node's own 198.51.100.2, a listener on the VIP. */
    static final List<String> DUMP = List.of(
            msg(1, "c6336464", 3306, "c633640a", 41000, 1),
            msg(1, "c6336464", 3306, "c633640b", 41001, 2),
            msg(8, "c6336464", 3306, "c633640c", 41002, 3),
            msg(1, "c6336402", 3306, "c633640a", 41003, 4),
            msg(10, "c6336464", 3306, "00000000", 0, 5));

    /** inet_diag_msg of an AF_INET socket: state, src:sport, dst:dport (hex addresses), cookie. */
    static String msg(int state, String src, int sport, String dst, int dport, int cookie) {
        String hex = "02%02x0000%04x%04x%s%s%s%s00000000%02x%s".formatted(
                state, sport, dport, src, "00".repeat(12), dst, "00".repeat(12), cookie, "00".repeat(3 + 4 + 20));
        assert hex.length() == 2 * 72 : hex;
        return hex;
    }

    final List<NlMsg> destroys = new ArrayList<>();

    private VipConnections over(int destroyErrno) {
        return new VipConnections(new TcpSockets(new NetlinkConn(new FuncTransport(req -> {
            NlMsg r = req.getFirst();
            if (r.type() == sock_diag_h.SOCK_DESTROY()) {
                destroys.add(r);
                return List.of(FuncTransport.error(r, destroyErrno, null));
            }
            List<byte[]> out = new ArrayList<>();
            if (r.payload()[0] == 2) {
                for (String m : DUMP) {
                    out.add(FuncTransport.data(r, sock_diag_h.SOCK_DIAG_BY_FAMILY(), netlink_h.NLM_F_MULTI(),
                            w -> w.rawBytes(java.util.HexFormat.of().parseHex(m))));
                }
            }
            out.add(FuncTransport.done(r));
            return out;
        }))));
    }

    /** The cookie (low byte) of each destroy request, in order. */
    private List<Integer> destroyed() {
        return destroys.stream().map(m -> m.payload()[8 + 40] & 0xff).toList();
    }

    @Test
    void closesTheVipsConnectionsOnly() throws Exception {
        try (VipConnections c = over(0)) {
            assertEquals(3, c.list(VIP).size());
            ConnectionsClosed r = c.closeAll(VIP);
            assertEquals(new ConnectionsClosed(3, 0, 0, null), r);
            assertEquals("closed 3 TCP connections on 198.51.100.100", r.summary("on 198.51.100.100"));
        }
        assertEquals(List.of(1, 2, 3), destroyed(), "not the node's own address (4), not the listener (5)");
    }

    @Test
    void aKernelWithoutDestroySaysSoOnce() throws Exception {
        try (VipConnections c = over(Errno.EOPNOTSUPP.number())) {
            ConnectionsClosed r = c.closeAll(VIP);
            assertTrue(r.unsupported());
            assertEquals(0, r.closed());
            assertEquals(3, r.notClosed());
            assertTrue(r.summary("").startsWith("closed 0 TCP connections; could not close 3: destroy TCP socket "), r.summary(""));
            assertTrue(r.summary("").endsWith("EOPNOTSUPP (operation not supported): the kernel cannot destroy sockets (built without "
                    + "CONFIG_INET_DIAG_DESTROY)"), r.summary(""));
        }
        assertEquals(1, destroys.size(), "one try: every other destroy would fail the same");
    }

    @Test
    void withoutCapNetAdminStopsAtTheFirst() throws Exception {
        try (VipConnections c = over(Errno.EPERM.number())) {
            ConnectionsClosed r = c.closeAll(VIP);
            assertFalse(r.unsupported());
            assertEquals(Errno.EPERM, r.why().errno());
            assertEquals(3, r.notClosed());
        }
        assertEquals(1, destroys.size());
    }

    @Test
    void socketsGoneMeanwhileAreNoFailure() throws Exception {
        try (VipConnections c = over(Errno.ENOENT.number())) {
            ConnectionsClosed r = c.closeAll(VIP);
            assertEquals(new ConnectionsClosed(0, 3, 0, null), r);
            assertEquals("closed 0 TCP connections (3 ended by themselves meanwhile)", r.summary(""));
        }
    }

    @Test
    void otherFailuresAreCountedAndTheRestIsTried() throws Exception {
        try (VipConnections c = over(Errno.ENOMEM.number())) {
            ConnectionsClosed r = c.closeAll(VIP);
            assertEquals(3, r.notClosed());
            assertEquals(Errno.ENOMEM, r.why().errno());
        }
        assertEquals(3, destroys.size());
    }
}
