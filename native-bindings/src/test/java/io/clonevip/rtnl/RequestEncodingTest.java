package io.clonevip.rtnl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.netlink_h;
import io.clonevip.nativ.bind.rtnetlink_h;
import io.clonevip.netlink.AttrReader;
import io.clonevip.netlink.Attrs;
import io.clonevip.netlink.FuncTransport;
import io.clonevip.netlink.NetlinkConn;
import io.clonevip.netlink.NlMsg;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The requests the rtnl classes send, seen through the fake transport: add and delete share one
 * encoder and differ in type and flags; bad input sends nothing at all.
 */
class RequestEncodingTest {
    private final List<NlMsg> seen = new ArrayList<>();
    private final FuncTransport t = new FuncTransport(req -> { seen.addAll(req); return req.stream().map(FuncTransport::ack).toList(); });
    private final NetlinkConn conn = new NetlinkConn(t);

    private static final int REQ_ACK = netlink_h.NLM_F_REQUEST() | netlink_h.NLM_F_ACK();

    private static Attrs attrs(NlMsg m, int headerSize) throws KernelException {
        AttrReader r = m.reader();
        r.skip(headerSize);
        return r.attributes();
    }

    /** ip addr replace 198.51.100.7/24 dev IDX5 broadcast 198.51.100.255. */
    @Test
    void ipv4AddIsNewaddrWithCreateReplace() throws Exception {
        new AddressOps(conn).add(IfAddr.parse("198.51.100.7/24", 5).withDefaultBroadcast());
        assertEquals(1, seen.size());
        NlMsg m = seen.get(0);
        assertEquals(rtnetlink_h.RTM_NEWADDR(), m.type());
        assertEquals(REQ_ACK | netlink_h.NLM_F_CREATE() | netlink_h.NLM_F_REPLACE(), m.flags());
        assertArrayEquals(new byte[] {2, 24, 0, 0, 5, 0, 0, 0}, Arrays.copyOf(m.payload(), 8), "ifaddrmsg: AF_INET, /24, flags 0, scope universe, index 5");
        Attrs a = attrs(m, 8);
        assertArrayEquals(new byte[] {(byte) 198, 51, 100, 7}, a.require(rtnetlink_h.IFA_LOCAL(), "IFA_LOCAL").bytes());
        assertArrayEquals(new byte[] {(byte) 198, 51, 100, 7}, a.require(rtnetlink_h.IFA_ADDRESS(), "IFA_ADDRESS").bytes());
        assertArrayEquals(new byte[] {(byte) 198, 51, 100, (byte) 255}, a.require(rtnetlink_h.IFA_BROADCAST(), "IFA_BROADCAST").bytes());
        assertFalse(a.has(rtnetlink_h.IFA_FLAGS()));
        assertFalse(a.has(rtnetlink_h.IFA_LABEL()));
    }

    /** ip -6 addr replace 2001:db8::7/64 dev IDX5 nodad. */
    @Test
    void ipv6AddCarriesNodadInHeaderAndIfaFlags() throws Exception {
        new AddressOps(conn).add(IfAddr.parse("2001:db8::7/64", 5));
        NlMsg m = seen.get(0);
        assertEquals(10, m.payload()[0], "AF_INET6");
        assertEquals(64, m.payload()[1]);
        assertEquals(rtnetlink_h.IFA_F_NODAD(), m.payload()[2]);
        assertEquals(rtnetlink_h.IFA_F_NODAD(), attrs(m, 8).require(rtnetlink_h.IFA_FLAGS(), "IFA_FLAGS").u32());
        assertArrayEquals(InetAddress.ofLiteral("2001:db8::7").getAddress(), attrs(m, 8).require(rtnetlink_h.IFA_LOCAL(), "IFA_LOCAL").bytes());
    }

    /** ip addr del 198.51.100.7/24 dev IDX5: the same encoder, RTM_DELADDR, only what the kernel matches on. */
    @Test
    void deleteIsDeladdrWithoutCreateFlagsOrLabel() throws Exception {
        assertTrue(new AddressOps(conn).delete(IfAddr.parse("198.51.100.7/24", 5).withDefaultBroadcast()));
        NlMsg m = seen.get(0);
        assertEquals(rtnetlink_h.RTM_DELADDR(), m.type());
        assertEquals(REQ_ACK, m.flags());
        Attrs a = attrs(m, 8);
        assertEquals(2, a.size(), "IFA_LOCAL and IFA_ADDRESS only");
        assertNull(a.get(rtnetlink_h.IFA_BROADCAST()));
    }

    @Test
    void absentAddressDeleteIsFalse() throws Exception {
        FuncTransport gone = new FuncTransport(req -> List.of(FuncTransport.error(req.get(0), 99, null)));
        assertFalse(new AddressOps(new NetlinkConn(gone)).delete(IfAddr.parse("198.51.100.7/24", 5)));
    }

    @Test
    void badInputSendsNothing() throws Exception {
        AddressOps ops = new AddressOps(conn);
        InetAddress v4 = InetAddress.ofLiteral("198.51.100.7");
        assertThrows(KernelException.class, () -> ops.add(IfAddr.of(v4, 33, 5)));
        assertThrows(KernelException.class, () -> ops.add(IfAddr.of(v4, -1, 5)));
        assertThrows(KernelException.class, () -> ops.add(IfAddr.of(v4, 24, 0)));
        assertThrows(KernelException.class, () -> ops.add(IfAddr.of(v4, 24, 5).withBroadcast(InetAddress.ofLiteral("2001:db8::1"))));
        assertThrows(KernelException.class, () -> ops.add(IfAddr.parse("2001:db8::7/64", 5).withBroadcast(v4)));
        assertThrows(KernelException.class, () -> ops.add(IfAddr.of(v4, 24, 5).withLabel("")));
        assertThrows(KernelException.class, () -> ops.delete(IfAddr.of(v4, 40, 5)));
        assertThrows(KernelException.class, () -> ops.list(0, 17));
        assertThrows(KernelException.class, () -> new Links(conn).byName("bad name"));
        assertEquals(List.of(), t.sent(), "nothing was sent");
    }

    /** ip link show dev vnode0 / ip route get 198.51.100.9. */
    @Test
    void linkAndRouteRequests() throws Exception {
        FuncTransport lt = new FuncTransport(req -> List.of(FuncTransport.error(req.get(0), 19, null)));
        assertThrows(KernelException.class, () -> new Links(new NetlinkConn(lt)).byName("vnode0"));
        NlMsg l = NlMsg.parseAll(lt.sent().get(0), lt.sent().get(0).length).get(0);
        assertEquals(rtnetlink_h.RTM_GETLINK(), l.type());
        assertEquals(REQ_ACK, l.flags());
        assertEquals("vnode0", attrs(l, 16).require(rtnetlink_h.IFLA_IFNAME(), "IFLA_IFNAME").string());

        FuncTransport rt = new FuncTransport(req -> List.of(FuncTransport.error(req.get(0), 101, null)));
        KernelException e = assertThrows(KernelException.class, () -> new Routes(new NetlinkConn(rt)).get(InetAddress.ofLiteral("198.51.100.9")));
        assertTrue(e.getMessage().contains("no route to 198.51.100.9"), e.getMessage());
        NlMsg r = NlMsg.parseAll(rt.sent().get(0), rt.sent().get(0).length).get(0);
        assertEquals(rtnetlink_h.RTM_GETROUTE(), r.type());
        assertArrayEquals(new byte[] {2, 32, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, Arrays.copyOf(r.payload(), 12), "rtmsg: AF_INET, /32");
        assertArrayEquals(new byte[] {(byte) 198, 51, 100, 9}, attrs(r, 12).require(rtnetlink_h.RTA_DST(), "RTA_DST").bytes());
    }
}
