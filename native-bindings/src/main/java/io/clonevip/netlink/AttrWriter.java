package io.clonevip.netlink;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Appends netlink data to a growing byte array. All byte order of outgoing messages lives here:
 * netlink and family headers and host-order attributes are written in the CPU's order
 * (little-endian on the machines clonevip runs on), {@code be*} values in network order.
 * Every attribute is padded to 4 bytes, the padding counted in the message length as libmnl does.
 *
 * <p>Like mdlayher/netlink's encoder, the writer keeps the first error (a string with a NUL,
 * a value out of range) and {@link NlMsgBuilder} reports it once when the request is sealed.
 */
public final class AttrWriter {
    private byte[] buf = new byte[512];
    private int pos;
    private String error;

    AttrWriter() {}

    /** Current length in bytes. */
    public int position() { return pos; }

    String error() { return error; }

    private void fail(String what) {
        if (error == null) error = what;
    }

    private void ensure(int n) {
        if (pos + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
    }

    // ---- raw fields, for netlink and family headers (native order) ----

    public AttrWriter rawU8(int v) { ensure(1); buf[pos++] = (byte) v; return this; }

    public AttrWriter rawU16(int v) { ensure(2); buf[pos++] = (byte) v; buf[pos++] = (byte) (v >>> 8); return this; }

    public AttrWriter rawU32(int v) {
        ensure(4);
        buf[pos++] = (byte) v; buf[pos++] = (byte) (v >>> 8); buf[pos++] = (byte) (v >>> 16); buf[pos++] = (byte) (v >>> 24);
        return this;
    }

    public AttrWriter rawBe16(int v) { ensure(2); buf[pos++] = (byte) (v >>> 8); buf[pos++] = (byte) v; return this; }

    public AttrWriter rawBytes(byte[] b) { ensure(b.length); System.arraycopy(b, 0, buf, pos, b.length); pos += b.length; return this; }

    public AttrWriter align() { int pad = (-pos) & 3; ensure(pad); pos += pad; return this; }

    void putU32At(int offset, int v) {
        buf[offset] = (byte) v; buf[offset + 1] = (byte) (v >>> 8); buf[offset + 2] = (byte) (v >>> 16); buf[offset + 3] = (byte) (v >>> 24);
    }

    void putU16At(int offset, int v) { buf[offset] = (byte) v; buf[offset + 1] = (byte) (v >>> 8); }

    byte[] toBytes() { return Arrays.copyOf(buf, pos); }

    // ---- attributes ----

    private int header(int type, int payloadLen) {
        if (type < 0 || type > 0x3fff) fail("attribute type out of range: " + type);
        if (payloadLen + 4 > 0xffff) fail("attribute " + type + " too long: " + payloadLen + " bytes");
        int start = pos;
        rawU16(4 + payloadLen);
        rawU16(type);
        return start;
    }

    public AttrWriter u8(int type, int v) { header(type, 1); rawU8(v); return align(); }

    public AttrWriter u16(int type, int v) { header(type, 2); rawU16(v); return align(); }

    public AttrWriter u32(int type, int v) { header(type, 4); return rawU32(v); }

    public AttrWriter u64(int type, long v) { header(type, 8); rawU32((int) v); return rawU32((int) (v >>> 32)); }

    public AttrWriter be16(int type, int v) { header(type, 2); rawBe16(v); return align(); }

    public AttrWriter be32(int type, int v) {
        header(type, 4);
        ensure(4);
        buf[pos++] = (byte) (v >>> 24); buf[pos++] = (byte) (v >>> 16); buf[pos++] = (byte) (v >>> 8); buf[pos++] = (byte) v;
        return this;
    }

    /** A 64-bit attribute in network order. */
    public AttrWriter be64(int type, long v) {
        header(type, 8);
        ensure(8);
        for (int i = 7; i >= 0; i--) buf[pos++] = (byte) (v >>> (i * 8));
        return this;
    }

    /** A NUL-terminated string attribute. */
    public AttrWriter string(int type, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (byte x : b) {
            if (x == 0) { fail("attribute " + type + ": string contains NUL"); break; }
        }
        header(type, b.length + 1);
        rawBytes(b);
        rawU8(0);
        return align();
    }

    /** Raw bytes as the attribute's payload (network-order data such as addresses and MACs). */
    public AttrWriter bytes(int type, byte[] b) { header(type, b.length); rawBytes(b); return align(); }

    /** An attribute without payload. */
    public AttrWriter flag(int type) { header(type, 0); return this; }

    /** Starts a nested attribute (NLA_F_NESTED set); pass the returned mark to {@link #nestEnd}. */
    public int nestStart(int type) {
        int start = header(type, 0);
        putU16At(start + 2, type | 0x8000);
        return start;
    }

    public AttrWriter nestEnd(int mark) {
        int len = pos - mark;
        if (len > 0xffff) fail("nested attribute too long: " + len + " bytes");
        putU16At(mark, len);
        return this;
    }

    /** A nested attribute whose content {@code body} writes. */
    public AttrWriter nested(int type, Consumer<AttrWriter> body) {
        int m = nestStart(type);
        body.accept(this);
        return nestEnd(m);
    }
}
