package io.clonevip.packet;

import java.util.Arrays;

/**
 * Builds Ethernet frames. All byte order of this package lives here and in {@link FrameReader}:
 * every multi-byte field of a frame is big-endian (network order), and {@link #htons} gives the
 * network-order value the socket API expects in {@code sockaddr_ll.sll_protocol}.
 */
public final class FrameWriter {
    private byte[] buf = new byte[128];
    private int pos;

    public int position() { return pos; }

    private void ensure(int n) {
        if (pos + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
    }

    public FrameWriter u8(int v) { ensure(1); buf[pos++] = (byte) v; return this; }

    public FrameWriter u16(int v) { ensure(2); buf[pos++] = (byte) (v >>> 8); buf[pos++] = (byte) v; return this; }

    public FrameWriter u32(int v) { u16(v >>> 16); return u16(v); }

    public FrameWriter bytes(byte[] b) { ensure(b.length); System.arraycopy(b, 0, buf, pos, b.length); pos += b.length; return this; }

    public FrameWriter zeros(int n) { ensure(n); pos += n; return this; }

    /** Overwrites the 16-bit field at {@code offset}. */
    public FrameWriter putU16At(int offset, int v) { buf[offset] = (byte) (v >>> 8); buf[offset + 1] = (byte) v; return this; }

    public byte[] toBytes() { return Arrays.copyOf(buf, pos); }

    /** The 16-bit one's-complement sum (RFC 1071) of {@code len} bytes from {@code off}, added to {@code sum}, not folded. */
    public long sum(int off, int len, long sum) { return sum(buf, off, len, sum); }

    static long sum(byte[] b, int off, int len, long sum) {
        int i = 0;
        for (; i + 1 < len; i += 2) sum += (b[off + i] & 0xff) << 8 | (b[off + i + 1] & 0xff);
        if (i < len) sum += (b[off + i] & 0xff) << 8;
        return sum;
    }

    /** Folds a sum to 16 bits and complements it: the Internet checksum. */
    public static int fold(long sum) {
        while ((sum >>> 16) != 0) sum = (sum & 0xffff) + (sum >>> 16);
        return (int) (~sum & 0xffff);
    }

    /** A 16-bit value in network order, as {@code htons(3)} on this (little-endian) CPU. */
    public static short htons(int v) { return Short.reverseBytes((short) v); }
}
