package io.clonevip.sockdiag;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.inet_diag_msg;
import io.clonevip.nativ.bind.inet_diag_req_v2;
import io.clonevip.nativ.bind.inet_diag_sockid;
import io.clonevip.nativ.bind.netlink_h;
import io.clonevip.nativ.bind.sock_diag_h;
import io.clonevip.netlink.FuncTransport;
import io.clonevip.netlink.NetlinkConn;
import io.clonevip.netlink.NlMsg;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * What {@link TcpSockets} sends and how it reads the kernel's answers, through the fake
 * transport: the dump and destroy requests byte for byte, sockets decoded from inet_diag_msg
 * bytes (IPv4, IPv6, and IPv4 on a dual-stack IPv6 socket) and destroyed with exactly the
 * identity the kernel reported, and the errors a destroy turns into outcomes.
 */
class InetDiagMsgTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final int SOCKID = (int) inet_diag_sockid.sizeof();
    private final List<NlMsg> seen = new ArrayList<>();

    private TcpSockets sockets(Function<NlMsg, List<byte[]>> answer) {
        return new TcpSockets(new NetlinkConn(new FuncTransport(req -> {
            seen.addAll(req);
            return answer.apply(req.getFirst());
        })));
    }

    /** ESTABLISHED 198.51.100.100:3306 198.51.100.10:40001, if 0, cookie 0x1122334455667788, uid 27, inode 4711. */
    static final String V4 = "02010000" + "0cea9c41" + "c6336464" + "00".repeat(12) + "c633640a" + "00".repeat(12)
            + "00000000" + "88776655" + "44332211" + "00000000" + "00000000" + "00000000" + "1b000000" + "67120000";
    /** ESTABLISHED on an AF_INET6 socket: [::ffff:198.51.100.100]:3306 [::ffff:203.0.113.9]:50000, cookie 7. */
    static final String MAPPED = "0a010000" + "0ceac350" + "00".repeat(10) + "ffff" + "c6336464" + "00".repeat(10) + "ffff"
            + "cb007109" + "00000000" + "07000000" + "00000000" + "00".repeat(12) + "00000000" + "01000000";
    /** CLOSE_WAIT [2001:db8::64]:443 [2001:db8::a]:65535 bound to if 3, cookie all ones. */
    static final String V6 = "0a080000" + "01bbffff" + "20010db8" + "00".repeat(10) + "0064" + "20010db8" + "00".repeat(10)
            + "000a" + "03000000" + "ffffffff" + "ffffffff" + "00".repeat(12) + "00000000" + "02000000";

    private static byte[] reply(NlMsg request, String hex) {
        return FuncTransport.data(request, sock_diag_h.SOCK_DIAG_BY_FAMILY(), netlink_h.NLM_F_MULTI(), w -> w.rawBytes(HEX.parseHex(hex)));
    }

    private List<TcpSocket> dump(String... msgs) throws KernelException {
        TcpSockets t = sockets(r -> {
            List<byte[]> out = new ArrayList<>();
            for (String m : msgs) out.add(reply(r, m));
            out.add(FuncTransport.done(r));
            return out;
        });
        return t.list(10, TcpState.CONNECTED);
    }

    /** ss -t -n -f inet state established state close-wait: SOCK_DIAG_BY_FAMILY dump, AF_INET, TCP, states by bit, no sockid. */
    @Test
    void dumpRequestBytes() throws Exception {
        TcpSockets t = sockets(r -> List.of(FuncTransport.done(r)));
        assertEquals(List.of(), t.list(2, EnumSet.of(TcpState.ESTABLISHED, TcpState.CLOSE_WAIT)));
        NlMsg m = seen.getFirst();
        assertEquals(sock_diag_h.SOCK_DIAG_BY_FAMILY(), m.type());
        assertEquals(netlink_h.NLM_F_REQUEST() | netlink_h.NLM_F_DUMP(), m.flags());
        assertEquals(inet_diag_req_v2.sizeof(), m.payload().length);
        assertEquals("02060000" + "02010000" + "00".repeat(SOCKID), HEX.formatHex(m.payload()),
                "family 2, IPPROTO_TCP, ext 0, pad, states (1<<1 | 1<<8) host order, zero sockid");
    }

    @Test
    void connectedIsEveryStateButListenTimeWaitAndClose() {
        assertEquals(0b1011_0011_1110, TcpState.mask(TcpState.CONNECTED), "states 1-5, 8, 9, 11");
        assertEquals(1 << 10, TcpState.mask(Set.of(TcpState.LISTEN, TcpState.UNKNOWN)));
    }

    @Test
    void decodesTheKernelsMessages() throws Exception {
        assertEquals(inet_diag_msg.sizeof(), HEX.parseHex(V4).length);
        List<TcpSocket> got = dump(V4, MAPPED, V6);
        assertEquals("[ESTABLISHED 198.51.100.100:3306 198.51.100.10:40001, ESTABLISHED 198.51.100.100:3306 203.0.113.9:50000,"
                + " CLOSE_WAIT [2001:db8::64]:443 [2001:db8::a]:65535]", got.toString());
        TcpSocket v4 = got.get(0);
        assertEquals(2, v4.family());
        assertEquals(0x1122334455667788L, v4.cookie());
        assertEquals(27, v4.uid());
        assertEquals(4711, v4.inode());
        TcpSocket mapped = got.get(1);
        assertEquals(10, mapped.family(), "the socket's family stays AF_INET6");
        assertInstanceOf(Inet4Address.class, mapped.local(), "an IPv4 connection has IPv4 addresses");
        assertInstanceOf(Inet4Address.class, mapped.remote());
        TcpSocket v6 = got.get(2);
        assertInstanceOf(Inet6Address.class, v6.local());
        assertEquals(3, v6.interfaceIndex());
        assertEquals(-1L, v6.cookie());
    }

    /** A destroy carries the sockid exactly as the dump reported it (the kernel looks the socket up by it and checks the cookie). */
    @Test
    void destroyCarriesTheDumpedIdentity() throws Exception {
        for (String msg : List.of(V4, MAPPED, V6)) {
            TcpSocket s = dump(msg).getFirst();
            seen.clear();
            assertEquals(DestroyOutcome.DESTROYED, sockets(r -> List.of(FuncTransport.ack(r))).destroy(s));
            NlMsg m = seen.getFirst();
            assertEquals(sock_diag_h.SOCK_DESTROY(), m.type());
            assertEquals(netlink_h.NLM_F_REQUEST() | netlink_h.NLM_F_ACK(), m.flags());
            byte[] raw = HEX.parseHex(msg);
            assertArrayEquals(new byte[] {raw[0], 6, 0, 0, 0, 0, 0, 0}, Arrays.copyOf(m.payload(), 8), "family, TCP, no states");
            assertEquals(HEX.formatHex(raw, 4, 4 + SOCKID), HEX.formatHex(m.payload(), 8, 8 + SOCKID), s.toString());
        }
    }

    @Test
    void destroyErrorsTheCallerPlansForAreOutcomes() throws Exception {
        TcpSocket s = dump(V4).getFirst();
        assertEquals(DestroyOutcome.GONE, sockets(r -> List.of(FuncTransport.error(r, 2, null))).destroy(s), "ENOENT");
        assertEquals(DestroyOutcome.GONE, sockets(r -> List.of(FuncTransport.error(r, 116, null))).destroy(s), "ESTALE");
        assertEquals(DestroyOutcome.UNSUPPORTED, sockets(r -> List.of(FuncTransport.error(r, 95, null))).destroy(s),
                "EOPNOTSUPP: no CONFIG_INET_DIAG_DESTROY");
        KernelException e = assertThrows(KernelException.class,
                () -> sockets(r -> List.of(FuncTransport.error(r, 1, "no CAP_NET_ADMIN"))).destroy(s));
        assertEquals(Errno.EPERM, e.errno());
        assertEquals("no CAP_NET_ADMIN", e.kernelMessage());
    }

    @Test
    void truncatedOrForeignMessagesAreMalformed() {
        String shortMsg = V4.substring(0, V4.length() - 8);
        assertEquals(Errno.EBADMSG, assertThrows(KernelException.class, () -> dump(shortMsg)).errno());
        String foreign = "07" + V4.substring(2);
        assertEquals(Errno.EBADMSG, assertThrows(KernelException.class, () -> dump(foreign)).errno());
    }

    @Test
    void onlyInetFamiliesAreListed() {
        assertEquals(Errno.EAFNOSUPPORT, assertThrows(KernelException.class, () -> sockets(r -> List.of()).list(1, TcpState.CONNECTED)).errno());
        assertEquals(List.of(), seen, "nothing sent");
    }
}
