package io.clonevip.bench;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.netlink.NlMsg;
import io.clonevip.netlink.Transport;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Answers each request with the datagrams the kernel sent for it when the dump was recorded,
 * with sequence numbers and port id rewritten to the current request (in place).
 */
final class DumpReplay implements Transport {
    static final int PORT = 4711;

    private final RecordedDump dump;
    private final Deque<byte[]> queued = new ArrayDeque<>();

    DumpReplay(RecordedDump dump) { this.dump = dump; }

    @Override public int portId() { return PORT; }

    @Override
    public void send(byte[] datagram) throws KernelException {
        List<NlMsg> msgs = NlMsg.parseAll(datagram, datagram.length);
        NlMsg req = msgs.get(0);
        List<byte[]> replies = dump.replies().get(RecordedDump.key(req.type(), req.payload()));
        if (replies == null) throw new KernelException("replay", Errno.ENOENT, "request not in the recorded dump");
        for (byte[] d : replies) {
            readdress(d, req.seq());
            queued.add(d);
        }
    }

    /** Every message of {@code d} gets sequence {@code seq} and our port id. */
    private static void readdress(byte[] d, int seq) {
        int off = 0;
        while (d.length - off >= NlMsg.HEADER) {
            int len = u32(d, off);
            putU32(d, off + 8, seq);
            putU32(d, off + 12, PORT);
            if (len < NlMsg.HEADER) break;
            off += (len + 3) & ~3;
        }
    }

    private static int u32(byte[] d, int o) {
        return (d[o] & 255) | (d[o + 1] & 255) << 8 | (d[o + 2] & 255) << 16 | (d[o + 3] & 255) << 24;
    }

    private static void putU32(byte[] d, int o, int v) {
        d[o] = (byte) v; d[o + 1] = (byte) (v >> 8); d[o + 2] = (byte) (v >> 16); d[o + 3] = (byte) (v >> 24);
    }

    @Override
    public byte[] receive(boolean wait) throws KernelException {
        byte[] d = queued.poll();
        if (d == null && wait) throw new KernelException("replay", Errno.ETIMEDOUT, "no reply queued");
        return d;
    }

    @Override public void close() { queued.clear(); }
}
