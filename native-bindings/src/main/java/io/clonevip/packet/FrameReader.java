package io.clonevip.packet;

import io.clonevip.nativ.KernelException;

/**
 * A bounds-checked big-endian cursor over a received frame; truncation is
 * {@link KernelException} EBADMSG, never an index exception.
 */
public final class FrameReader {
    private final byte[] b;
    private int pos;

    public FrameReader(byte[] b) { this.b = b; }

    public int position() { return pos; }

    public int remaining() { return b.length - pos; }

    private void need(int n) throws KernelException {
        if (b.length - pos < n) throw KernelException.malformed("parse frame", "need " + n + " bytes at offset " + pos + ", frame has " + b.length);
    }

    public FrameReader seek(int offset) throws KernelException {
        if (offset < 0 || offset > b.length) throw KernelException.malformed("parse frame", "offset " + offset + " outside frame of " + b.length);
        pos = offset;
        return this;
    }

    public int u8() throws KernelException { need(1); return b[pos++] & 0xff; }

    public int u16() throws KernelException { need(2); int v = (b[pos] & 0xff) << 8 | (b[pos + 1] & 0xff); pos += 2; return v; }

    public int u32() throws KernelException { return u16() << 16 | u16(); }

    public byte[] bytes(int n) throws KernelException {
        need(n);
        byte[] r = new byte[n];
        System.arraycopy(b, pos, r, 0, n);
        pos += n;
        return r;
    }

    /** The Internet checksum over {@code len} bytes from {@code off}, started with {@code sum}. */
    public int checksum(int off, int len, long sum) throws KernelException {
        if (off < 0 || len < 0 || off + len > b.length) throw KernelException.malformed("parse frame", "checksum range outside frame");
        return FrameWriter.fold(FrameWriter.sum(b, off, len, sum));
    }
}
