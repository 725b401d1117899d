package io.clonevip.netlink;

import io.clonevip.nativ.KernelException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Builds one request: one netlink message or several (an nf_tables batch) sent as one datagram.
 * Sequence numbers are left 0 here; {@link #seal(int)} assigns them in order when the request is
 * sent, so a builder can be prepared without a connection.
 */
public final class NlMsgBuilder {
    private final AttrWriter w = new AttrWriter();
    private final List<int[]> messages = new ArrayList<>(); // {offset, type, flags}
    private int open = -1;

    /** Starts a message; write its family header and attributes to the returned writer. */
    public AttrWriter begin(int type, int flags) {
        if (open >= 0) end();
        open = w.position();
        messages.add(new int[] {open, type, flags});
        w.rawU32(0).rawU16(type).rawU16(flags).rawU32(0).rawU32(0);
        return w;
    }

    /** Ends the open message: fixes its length. */
    public NlMsgBuilder end() {
        if (open < 0) return this;
        w.align();
        w.putU32At(open, w.position() - open);
        open = -1;
        return this;
    }

    /** A whole message in one call. */
    public NlMsgBuilder message(int type, int flags, Consumer<AttrWriter> body) {
        body.accept(begin(type, flags));
        return end();
    }

    public int messageCount() { return messages.size(); }

    /** Type and flags of message {@code i}. */
    public int type(int i) { return messages.get(i)[1]; }

    public int flags(int i) { return messages.get(i)[2]; }

    /**
     * The request's bytes with sequence numbers {@code firstSeq, firstSeq+1, ...}; reports the
     * first encoding error found while writing.
     */
    public byte[] seal(int firstSeq) throws KernelException {
        return seal(firstSeq, 0);
    }

    /** As {@link #seal(int)}, with {@code pid} as every message's port id (replies in fakes). */
    public byte[] seal(int firstSeq, int pid) throws KernelException {
        end();
        if (w.error() != null) throw new KernelException("encode request", io.clonevip.nativ.Errno.EINVAL, w.error());
        for (int i = 0; i < messages.size(); i++) {
            w.putU32At(messages.get(i)[0] + 8, firstSeq + i);
            w.putU32At(messages.get(i)[0] + 12, pid);
        }
        return w.toBytes();
    }

    /** The bytes with all sequence numbers 0 (for golden tests). */
    public byte[] bytes() throws KernelException {
        return seal(0);
    }
}
