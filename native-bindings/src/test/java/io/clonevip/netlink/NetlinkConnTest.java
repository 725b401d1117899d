package io.clonevip.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.netlink_h;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reply logic of NetlinkConn against a fake transport (requests in, replies out). */
class NetlinkConnTest {
    private static final int ACK = netlink_h.NLM_F_REQUEST() | netlink_h.NLM_F_ACK();

    private static NlMsgBuilder twoMessages() {
        NlMsgBuilder b = new NlMsgBuilder();
        b.message(100, ACK, w -> w.u32(1, 7));
        b.message(101, ACK, w -> w.string(2, "x"));
        return b;
    }

    @Test
    void acksEveryMessageAndAssignsSequences() throws Exception {
        List<NlMsg> seen = new ArrayList<>();
        FuncTransport t = new FuncTransport(req -> { seen.addAll(req); return req.stream().map(FuncTransport::ack).toList(); });
        try (NetlinkConn c = new NetlinkConn(t)) {
            assertTrue(c.execute("op", twoMessages()).isEmpty());
        }
        assertEquals(2, seen.size());
        assertEquals(seen.get(0).seq() + 1, seen.get(1).seq());
    }

    @Test
    void errorCarriesErrnoAndExtendedAck() {
        FuncTransport t = new FuncTransport(req -> List.of(FuncTransport.ack(req.get(0)), FuncTransport.error(req.get(1), 17, "object exists")));
        KernelException e = assertThrows(KernelException.class, () -> new NetlinkConn(t).execute("add thing", twoMessages()));
        assertEquals(Errno.EEXIST, e.errno());
        assertEquals("object exists", e.kernelMessage());
        assertEquals("add thing", e.operation());
        assertTrue(e.getMessage().contains("EEXIST"), e.getMessage());
    }

    @Test
    void replyForAnotherSequenceIsRejected() {
        FuncTransport t = new FuncTransport(req -> {
            NlMsg forged = new NlMsg(req.get(0).type(), req.get(0).flags(), req.get(0).seq() + 99, 0, new byte[0]);
            return List.of(FuncTransport.ack(forged));
        });
        KernelException e = assertThrows(KernelException.class, () -> new NetlinkConn(t).execute("op", twoMessages()));
        assertEquals(Errno.EBADMSG, e.errno());
    }

    @Test
    void dumpCollectsPartsUntilDone() throws Exception {
        FuncTransport t = new FuncTransport(req -> List.of(
                FuncTransport.data(req.get(0), 200, netlink_h.NLM_F_MULTI(), w -> w.u32(1, 1)),
                FuncTransport.data(req.get(0), 200, netlink_h.NLM_F_MULTI(), w -> w.u32(1, 2)),
                FuncTransport.done(req.get(0))));
        NlMsgBuilder b = new NlMsgBuilder().message(200, netlink_h.NLM_F_REQUEST() | netlink_h.NLM_F_DUMP(), w -> { });
        List<NlMsg> parts = new NetlinkConn(t).dump("dump", b);
        assertEquals(2, parts.size());
        assertEquals(2, parts.get(1).reader().attributes().require(1, "x").u32());
    }

    @Test
    void interruptedDumpIsRetriedThenReported() {
        int[] calls = {0};
        FuncTransport t = new FuncTransport(req -> {
            calls[0]++;
            return List.of(FuncTransport.data(req.get(0), 200, netlink_h.NLM_F_MULTI() | netlink_h.NLM_F_DUMP_INTR(), w -> { }),
                    FuncTransport.done(req.get(0)));
        });
        NlMsgBuilder b = new NlMsgBuilder().message(200, netlink_h.NLM_F_REQUEST() | netlink_h.NLM_F_DUMP(), w -> { });
        KernelException e = assertThrows(KernelException.class, () -> new NetlinkConn(t).dump("dump", b));
        assertEquals(Errno.EINTR, e.errno());
        assertEquals(5, calls[0]);
    }

    @Test
    void writerReportsFirstEncodingError() {
        NlMsgBuilder b = new NlMsgBuilder().message(100, ACK, w -> w.string(1, "a\0b").u32(2, 1));
        KernelException e = assertThrows(KernelException.class, b::bytes);
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.kernelMessage().contains("NUL"));
    }

    @Test
    void attributesRoundTrip() throws Exception {
        NlMsgBuilder b = new NlMsgBuilder().message(100, ACK, w -> {
            w.rawU32(0xabcd);
            w.u8(1, 0xfe).u16(2, 0xbeef).u32(3, -2).u64(4, 0x1122334455667788L).be16(5, 0x0102).be32(6, 0x0a0b0c0d)
             .be64(7, 0x0102030405060708L).string(8, "local").bytes(9, new byte[] {1, 2, 3});
            w.nested(10, n -> n.u32(1, 42).nested(2, m -> m.string(1, "deep")));
        });
        byte[] bytes = b.bytes();
        NlMsg m = NlMsg.parseAll(bytes, bytes.length).get(0);
        AttrReader r = m.reader();
        assertEquals(0xabcd, r.u32());
        Attrs a = r.attributes();
        assertEquals(0xfe, a.get(1).u8());
        assertEquals(0xbeef, a.get(2).u16());
        assertEquals(-2, a.get(3).u32());
        assertEquals(0x1122334455667788L, a.get(4).u64());
        assertEquals(0x0102, a.get(5).be16());
        assertEquals(0x0a0b0c0d, a.get(6).be32());
        assertEquals(0x0102030405060708L, a.get(7).be64());
        assertEquals("local", a.get(8).string());
        assertEquals(3, a.get(9).length());
        Attr nest = a.get(10);
        assertTrue(nest.nestedFlag());
        assertEquals(42, nest.nested().get(1).u32());
        assertEquals("deep", nest.nested().get(2).nested().get(1).string());
        assertEquals(bytes.length, NlMsg.HEADER + m.payload().length);
    }
}
