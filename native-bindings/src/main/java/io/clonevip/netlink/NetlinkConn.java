package io.clonevip.netlink;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.netlink_h;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Request/reply logic over a {@link Transport}: assigns sequence numbers, checks that every
 * reply is addressed to our port and answers one of our messages, collects data replies, waits
 * for the ACK of every message sent with NLM_F_ACK (or the end of a dump), and turns the first
 * error reply into a {@link KernelException} with the kernel's extended-ack text and offset.
 * After an error the replies still queued are drained so the next request starts clean.
 *
 * <p>Set the environment variable {@code CLONEVIP_NETLINK_DEBUG=1} to print every request and
 * reply on stderr in libmnl's layout ({@link MnlDebug}), for diffing with {@code nft --debug=mnl}.
 */
public final class NetlinkConn implements AutoCloseable {
    private static final int MAX_DUMP_RETRIES = 5;

    private final Transport transport;
    private final int debugExtraHeader;
    private final boolean debug;
    private int nextSeq;

    /** {@code debugExtraHeader}: the family header size, for the debug printer (nfnetlink: 4). */
    public NetlinkConn(Transport transport, int debugExtraHeader) {
        this.transport = transport;
        this.debugExtraHeader = debugExtraHeader;
        this.debug = "1".equals(System.getenv("CLONEVIP_NETLINK_DEBUG"));
        this.nextSeq = (int) ((System.currentTimeMillis() / 1000) & 0x3fffffff) | 1;
    }

    public NetlinkConn(Transport transport) { this(transport, 0); }

    /** A connection over a new kernel socket of {@code protocol} in the current thread's namespace. */
    public static NetlinkConn open(int protocol, int debugExtraHeader) throws KernelException {
        return new NetlinkConn(NetlinkSocket.open(protocol), debugExtraHeader);
    }

    public Transport transport() { return transport; }

    /**
     * Sends the request and waits until every message sent with NLM_F_ACK is acknowledged.
     * Returns the data replies (for GET requests); throws the first error the kernel reported.
     */
    public List<NlMsg> execute(String op, NlMsgBuilder request) throws KernelException {
        return exchange(op, request, false);
    }

    /**
     * Runs a dump request (one message with NLM_F_DUMP) and returns every part; a dump that the
     * kernel marks interrupted (NLM_F_DUMP_INTR, a concurrent change) is run again, a few times.
     */
    public List<NlMsg> dump(String op, NlMsgBuilder request) throws KernelException {
        for (int attempt = 1; ; attempt++) {
            try {
                return exchange(op, request, true);
            } catch (KernelException e) {
                if (!e.is(Errno.EINTR) || attempt >= MAX_DUMP_RETRIES) throw e;
            }
        }
    }

    private List<NlMsg> exchange(String op, NlMsgBuilder request, boolean dump) throws KernelException {
        int count = request.messageCount();
        if (count == 0) throw new KernelException(op, Errno.EINVAL, "empty request");
        int first = nextSeq;
        nextSeq = (nextSeq + count) & 0x7fffffff;
        if (nextSeq == 0) nextSeq = 1;
        byte[] bytes = request.seal(first);
        BitSet pendingAck = new BitSet(count);
        for (int i = 0; i < count; i++) {
            if ((request.flags(i) & netlink_h.NLM_F_ACK()) != 0) pendingAck.set(i);
        }
        boolean pendingDone = dump;
        if (debug) MnlDebug.print("send " + op, bytes, debugExtraHeader);
        transport.send(bytes);

        List<NlMsg> data = new ArrayList<>();
        KernelException failure = null;
        boolean interrupted = false;
        while (failure == null && (!pendingAck.isEmpty() || pendingDone)) {
            byte[] d = transport.receive(true);
            if (debug) MnlDebug.print("recv " + op, d, debugExtraHeader);
            for (NlMsg m : NlMsg.parseAll(d, d.length)) {
                if (m.seq() == 0 && m.pid() == 0) continue; // a multicast event, not a reply
                int idx = m.seq() - first;
                if (idx < 0 || idx >= count) {
                    throw KernelException.malformed(op, "reply with sequence " + Integer.toUnsignedString(m.seq())
                            + ", expected " + first + ".." + (first + count - 1));
                }
                if (m.pid() != transport.portId()) {
                    throw KernelException.malformed(op, "reply addressed to port " + Integer.toUnsignedString(m.pid())
                            + ", ours is " + Integer.toUnsignedString(transport.portId()));
                }
                if (m.hasFlag(netlink_h.NLM_F_DUMP_INTR())) interrupted = true;
                int type = m.type();
                if (type == netlink_h.NLMSG_ERROR()) {
                    KernelException e = errorOf(op, m);
                    pendingAck.clear(idx);
                    if (e != null && failure == null) failure = e;
                } else if (type == netlink_h.NLMSG_DONE()) {
                    AttrReader r = m.reader();
                    if (r.remaining() >= 4) {
                        int code = r.u32();
                        if (code < 0 && failure == null) failure = withExtAck(op, -code, m, 4);
                    }
                    pendingDone = false;
                } else if (type == netlink_h.NLMSG_OVERRUN()) {
                    failure = new KernelException(op, Errno.ENOBUFS, "netlink overrun: replies were lost");
                } else if (type != netlink_h.NLMSG_NOOP()) {
                    data.add(m);
                }
            }
        }
        if (failure != null) {
            drain();
            throw failure;
        }
        if (interrupted) throw new KernelException(op, Errno.EINTR, "dump interrupted by a concurrent change");
        return data;
    }

    private void drain() {
        try {
            while (transport.receive(false) != null) {
                // discard replies of the failed request
            }
        } catch (KernelException ignored) {
            // the socket is unusable for draining; the next request reports its own state
        }
    }

    /** Null for an ACK (error 0), else the kernel's error with its extended ack. */
    static KernelException errorOf(String op, NlMsg m) throws KernelException {
        AttrReader r = m.reader();
        int code = r.u32();
        if (code == 0) return null;
        int origLen = r.u32();
        int skip = m.hasFlag(netlink_h.NLM_F_CAPPED()) ? NlMsg.HEADER : Math.max(NlMsg.HEADER, (origLen + 3) & ~3);
        return withExtAck(op, -code, m, 4 + skip);
    }

    private static KernelException withExtAck(String op, int errno, NlMsg m, int attrOffset) throws KernelException {
        String text = null;
        int offset = -1;
        if (m.hasFlag(netlink_h.NLM_F_ACK_TLVS()) && m.payload().length > attrOffset) {
            Attrs a = new AttrReader(m.payload(), attrOffset, m.payload().length).attributes();
            Attr msg = a.get(netlink_h.NLMSGERR_ATTR_MSG());
            if (msg != null) text = msg.string();
            Attr off = a.get(netlink_h.NLMSGERR_ATTR_OFFS());
            if (off != null) offset = off.u32();
        }
        return new KernelException(op, errno, text, offset);
    }

    /** Receives the next multicast event message(s) after {@link NetlinkSocket#joinGroup}. */
    public List<NlMsg> receiveEvents() throws KernelException {
        byte[] d = transport.receive(true);
        return NlMsg.parseAll(d, d.length);
    }

    @Override
    public void close() {
        transport.close();
    }
}
