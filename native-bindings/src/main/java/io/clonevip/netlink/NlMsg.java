package io.clonevip.netlink;

import io.clonevip.nativ.KernelException;
import java.util.ArrayList;
import java.util.List;

/**
 * One received (or parsed) netlink message: header fields and the payload after the 16-byte
 * header (family header + attributes). Read the payload with {@link #reader()}.
 */
public record NlMsg(int type, int flags, int seq, int pid, byte[] payload) {
    /** Header size of every netlink message. */
    public static final int HEADER = 16;

    public AttrReader reader() { return new AttrReader(payload, 0, payload.length); }

    public boolean hasFlag(int f) { return (flags & f) == f; }

    /**
     * Splits a datagram into messages, checking every length. Truncated or inconsistent data
     * throws {@link KernelException} with EBADMSG; this never loops on bad input since every
     * step advances by at least one aligned header.
     */
    public static List<NlMsg> parseAll(byte[] data, int length) throws KernelException {
        if (length < 0 || length > data.length) throw KernelException.malformed("parse", "length " + length + " outside buffer");
        List<NlMsg> out = new ArrayList<>();
        AttrReader r = new AttrReader(data, 0, length);
        int off = 0;
        while (length - off >= HEADER) {
            r.seek(off);
            int len = r.u32();
            int type = r.u16();
            int flags = r.u16();
            int seq = r.u32();
            int pid = r.u32();
            if (len < HEADER || len > length - off) {
                throw KernelException.malformed("parse", "message at offset " + off + " claims " + Integer.toUnsignedString(len)
                        + " bytes, " + (length - off) + " available");
            }
            byte[] payload = new byte[len - HEADER];
            System.arraycopy(data, off + HEADER, payload, 0, payload.length);
            out.add(new NlMsg(type, flags, seq, pid, payload));
            int next = off + ((len + 3) & ~3);
            if (next <= off) break;
            off = next;
        }
        if (off < length) {
            if (out.isEmpty()) throw KernelException.malformed("parse", "datagram of " + length + " bytes has no complete header");
            for (int i = off; i < length; i++) {
                if (data[i] != 0) throw KernelException.malformed("parse", (length - off) + " stray bytes after the last message");
            }
        }
        return out;
    }
}
