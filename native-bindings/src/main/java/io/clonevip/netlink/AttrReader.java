package io.clonevip.netlink;

import io.clonevip.nativ.KernelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads netlink data: a cursor over a region of a byte array for header fields, and the parser
 * of attribute lists. All byte order of incoming messages lives here (with {@link Attr}). Every
 * read is bounds-checked against the region and reports {@link KernelException} (EBADMSG) on
 * truncation, never an index exception.
 */
public final class AttrReader {
    private final byte[] b;
    private final int start;
    private final int end;
    private int pos;

    public AttrReader(byte[] b, int start, int end) {
        this.b = b;
        this.start = start;
        this.end = end;
        this.pos = start;
    }

    void seek(int offset) { pos = start + offset; }

    public int remaining() { return end - pos; }

    private void need(int n, String what) throws KernelException {
        if (end - pos < n) throw KernelException.malformed("parse", what + ": need " + n + " bytes, " + (end - pos) + " left");
    }

    public int u8() throws KernelException { need(1, "u8"); return b[pos++] & 0xff; }

    public int u16() throws KernelException { need(2, "u16"); int v = (b[pos] & 0xff) | (b[pos + 1] & 0xff) << 8; pos += 2; return v; }

    public int u32() throws KernelException { need(4, "u32"); int v = le32(b, pos); pos += 4; return v; }

    public int be16() throws KernelException { need(2, "be16"); int v = (b[pos] & 0xff) << 8 | (b[pos + 1] & 0xff); pos += 2; return v; }

    public byte[] bytes(int n) throws KernelException {
        need(n, "bytes");
        byte[] r = new byte[n];
        System.arraycopy(b, pos, r, 0, n);
        pos += n;
        return r;
    }

    public AttrReader skip(int n) throws KernelException { need(n, "skip"); pos += n; return this; }

    /** Parses the rest of the region as an attribute list. */
    public Attrs attributes() throws KernelException {
        return parse(b, pos, end);
    }

    static int le32(byte[] b, int o) {
        return (b[o] & 0xff) | (b[o + 1] & 0xff) << 8 | (b[o + 2] & 0xff) << 16 | (b[o + 3] & 0xff) << 24;
    }

    static int be32(byte[] b, int o) {
        return (b[o] & 0xff) << 24 | (b[o + 1] & 0xff) << 16 | (b[o + 2] & 0xff) << 8 | (b[o + 3] & 0xff);
    }

    static Attrs parse(byte[] b, int from, int to) throws KernelException {
        List<Attr> list = new ArrayList<>();
        int p = from;
        while (to - p >= 4) {
            int len = (b[p] & 0xff) | (b[p + 1] & 0xff) << 8;
            int typ = (b[p + 2] & 0xff) | (b[p + 3] & 0xff) << 8;
            if (len < 4 || len > to - p) {
                throw KernelException.malformed("parse", "attribute at offset " + (p - from) + " claims " + len + " bytes, " + (to - p) + " available");
            }
            list.add(new Attr(typ & 0x3fff, (typ & 0x8000) != 0, b, p + 4, len - 4));
            p += (len + 3) & ~3;
        }
        // fewer than 4 bytes left can only be the padding of the last attribute
        return new Attrs(list);
    }

    static String string(byte[] b, int off, int len) {
        int n = 0;
        while (n < len && b[off + n] != 0) n++;
        return new String(b, off, n, StandardCharsets.UTF_8);
    }
}
