package io.clonevip.nft.expr;

import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.nf_tables_h;
import io.clonevip.netlink.Attr;
import io.clonevip.netlink.AttrWriter;
import io.clonevip.netlink.Attrs;
import io.clonevip.nft.Bytes;

/**
 * {@code bitwise} in its boolean form: {@code dreg = (sreg & mask) ^ xor} over {@code len} bytes
 * ({@code [ bitwise reg 1 = ( reg 1 & 0x00000008 ) ^ 0x00000000 ]}). nft 1.0.6 sends no
 * NFTA_BITWISE_OP for a flag test ({@code ct state new}) and NFT_BITWISE_MASK_XOR (called
 * NFT_BITWISE_BOOL in newer headers) for a masked comparison ({@code tcp flags & (syn | ack) != syn});
 * the kernel takes both as the same operation and always dumps the attribute. Shifts are not
 * modelled and decode as {@link Unknown}.
 *
 * @param sreg   NFTA_BITWISE_SREG: source register
 * @param dreg   NFTA_BITWISE_DREG: destination register
 * @param len    NFTA_BITWISE_LEN: bytes operated on; mask and xor have this length
 * @param mask   NFTA_BITWISE_MASK (NFTA_DATA_VALUE)
 * @param xor    NFTA_BITWISE_XOR (NFTA_DATA_VALUE)
 * @param sendOp whether NFTA_BITWISE_OP is sent, as nft sends it for the form; not part of
 *               {@link #equals}: with or without it the kernel holds the same expression
 */
public record Bitwise(int sreg, int dreg, int len, Bytes mask, Bytes xor, boolean sendOp) implements Expr {

    public Bitwise(int sreg, int dreg, int len, Bytes mask, Bytes xor) { this(sreg, dreg, len, mask, xor, false); }

    /** {@code dreg = sreg & mask} (xor zero), the shape of {@code ct state new}. */
    public static Bitwise and(int sreg, int dreg, Bytes mask) {
        return new Bitwise(sreg, dreg, mask.length(), mask, new Bytes(new byte[mask.length()]));
    }

    /** {@code dreg = sreg & mask} as nft sends a masked comparison ({@code tcp flags & MASK != ...}): with the operation. */
    public static Bitwise masked(int sreg, int dreg, Bytes mask) {
        return new Bitwise(sreg, dreg, mask.length(), mask, new Bytes(new byte[mask.length()]), true);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bitwise b && sreg == b.sreg && dreg == b.dreg && len == b.len && mask.equals(b.mask) && xor.equals(b.xor);
    }

    @Override
    public int hashCode() { return java.util.Objects.hash(sreg, dreg, len, mask, xor); }

    @Override public String name() { return "bitwise"; }

    @Override
    public void encode(AttrWriter w) {
        w.be32(nf_tables_h.NFTA_BITWISE_SREG(), sreg);
        w.be32(nf_tables_h.NFTA_BITWISE_DREG(), dreg);
        if (sendOp) w.be32(nf_tables_h.NFTA_BITWISE_OP(), nf_tables_h.NFT_BITWISE_MASK_XOR());
        w.be32(nf_tables_h.NFTA_BITWISE_LEN(), len);
        NftData.writeValue(w, nf_tables_h.NFTA_BITWISE_MASK(), mask);
        NftData.writeValue(w, nf_tables_h.NFTA_BITWISE_XOR(), xor);
    }

    /** Whether the attributes describe the mask/xor form (no NFTA_BITWISE_OP, or MASK_XOR). */
    static boolean isMaskXor(Attrs a) throws KernelException {
        Attr op = a.get(nf_tables_h.NFTA_BITWISE_OP());
        return op == null || op.be32() == nf_tables_h.NFT_BITWISE_MASK_XOR();
    }

    public static Bitwise decode(Attrs a) throws KernelException {
        Attr op = a.get(nf_tables_h.NFTA_BITWISE_OP());
        if (op != null && op.be32() != nf_tables_h.NFT_BITWISE_MASK_XOR()) {
            throw KernelException.malformed("decode bitwise", "bitwise operation " + op.be32() + " (shift) is not modelled");
        }
        return new Bitwise(a.require(nf_tables_h.NFTA_BITWISE_SREG(), "NFTA_BITWISE_SREG").be32(),
                a.require(nf_tables_h.NFTA_BITWISE_DREG(), "NFTA_BITWISE_DREG").be32(),
                a.require(nf_tables_h.NFTA_BITWISE_LEN(), "NFTA_BITWISE_LEN").be32(),
                NftData.readValue(a.require(nf_tables_h.NFTA_BITWISE_MASK(), "NFTA_BITWISE_MASK")),
                NftData.readValue(a.require(nf_tables_h.NFTA_BITWISE_XOR(), "NFTA_BITWISE_XOR")), op != null);
    }

    @Override
    public String toString() {
        return "[ bitwise reg " + dreg + " = ( reg " + sreg + " & " + NftData.words(mask) + " ) ^ " + NftData.words(xor) + " ]";
    }
}
