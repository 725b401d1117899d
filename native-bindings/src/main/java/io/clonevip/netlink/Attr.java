package io.clonevip.netlink;

import io.clonevip.nativ.KernelException;
import java.util.Arrays;

/**
 * One received attribute: its type (flags removed), whether NLA_F_NESTED was set, and its
 * payload as a region of the message. Typed getters check the payload length.
 */
public record Attr(int type, boolean nestedFlag, byte[] buf, int offset, int length) {

    private void need(int n, String what) throws KernelException {
        if (length < n) throw KernelException.malformed("parse", "attribute " + type + " as " + what + ": " + length + " bytes");
    }

    public int u8() throws KernelException { need(1, "u8"); return buf[offset] & 0xff; }

    public int u16() throws KernelException { need(2, "u16"); return (buf[offset] & 0xff) | (buf[offset + 1] & 0xff) << 8; }

    public int u32() throws KernelException { need(4, "u32"); return AttrReader.le32(buf, offset); }

    public long u64() throws KernelException {
        need(8, "u64");
        return (AttrReader.le32(buf, offset) & 0xffffffffL) | (long) AttrReader.le32(buf, offset + 4) << 32;
    }

    public int be16() throws KernelException { need(2, "be16"); return (buf[offset] & 0xff) << 8 | (buf[offset + 1] & 0xff); }

    public int be32() throws KernelException { need(4, "be32"); return AttrReader.be32(buf, offset); }

    public long be64() throws KernelException {
        need(8, "be64");
        return (long) AttrReader.be32(buf, offset) << 32 | (AttrReader.be32(buf, offset + 4) & 0xffffffffL);
    }

    /** The payload up to its first NUL. */
    public String string() { return AttrReader.string(buf, offset, length); }

    public byte[] bytes() { return Arrays.copyOfRange(buf, offset, offset + length); }

    /** The payload parsed as a nested attribute list. */
    public Attrs nested() throws KernelException { return AttrReader.parse(buf, offset, offset + length); }

    /** A cursor over the payload. */
    public AttrReader reader() { return new AttrReader(buf, offset, offset + length); }
}
