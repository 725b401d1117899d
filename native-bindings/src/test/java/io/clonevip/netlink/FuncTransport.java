package io.clonevip.netlink;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.netlink_h;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/**
 * A {@link Transport} that answers each request with a function of its parsed messages, like
 * mdlayher/netlink's nltest.Func: the test seam for encoders and for {@link NetlinkConn}.
 * Helpers build the usual replies (ack, error, done) addressed to the right sequence and port.
 */
public final class FuncTransport implements Transport {
    public static final int PORT = 4242;

    private final Function<List<NlMsg>, List<byte[]>> answer;
    private final Deque<byte[]> queued = new ArrayDeque<>();
    private final List<byte[]> sent = new ArrayList<>();

    /** {@code answer} maps the request's messages to the reply datagrams. */
    public FuncTransport(Function<List<NlMsg>, List<byte[]>> answer) { this.answer = answer; }

    /** Every datagram sent so far. */
    public List<byte[]> sent() { return sent; }

    @Override public int portId() { return PORT; }

    @Override
    public void send(byte[] datagram) throws KernelException {
        sent.add(datagram.clone());
        queued.addAll(answer.apply(NlMsg.parseAll(datagram, datagram.length)));
    }

    @Override
    public byte[] receive(boolean wait) throws KernelException {
        byte[] d = queued.poll();
        if (d == null && wait) throw new KernelException("recv", Errno.ETIMEDOUT, "no reply queued");
        return d;
    }

    @Override public void close() { }

    /** An ACK for {@code request}. */
    public static byte[] ack(NlMsg request) { return error(request, 0, null); }

    /** An error reply (negative errno on the wire) with an optional extended-ack message. */
    public static byte[] error(NlMsg request, int errno, String extAck) {
        NlMsgBuilder b = new NlMsgBuilder();
        int flags = netlink_h.NLM_F_CAPPED() | (extAck != null ? netlink_h.NLM_F_ACK_TLVS() : 0);
        AttrWriter w = b.begin(netlink_h.NLMSG_ERROR(), flags);
        w.rawU32(-errno).rawU32(NlMsg.HEADER + request.payload().length).rawU16(request.type())
                .rawU16(request.flags()).rawU32(request.seq()).rawU32(request.pid());
        if (extAck != null) w.string(netlink_h.NLMSGERR_ATTR_MSG(), extAck);
        return reply(b, request.seq());
    }

    /** A data reply built by {@code body} for {@code request}. */
    public static byte[] data(NlMsg request, int type, int flags, java.util.function.Consumer<AttrWriter> body) {
        NlMsgBuilder b = new NlMsgBuilder();
        body.accept(b.begin(type, flags));
        return reply(b, request.seq());
    }

    /** NLMSG_DONE ending a dump. */
    public static byte[] done(NlMsg request) {
        NlMsgBuilder b = new NlMsgBuilder();
        b.begin(netlink_h.NLMSG_DONE(), netlink_h.NLM_F_MULTI()).rawU32(0);
        return reply(b, request.seq());
    }

    private static byte[] reply(NlMsgBuilder b, int seq) {
        try {
            return b.seal(seq, PORT);
        } catch (KernelException e) {
            throw new IllegalStateException(e);
        }
    }
}
