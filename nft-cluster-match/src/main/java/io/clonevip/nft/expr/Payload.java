package io.clonevip.nft.expr;

import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.nf_tables_h;
import io.clonevip.netlink.Attr;
import io.clonevip.netlink.AttrWriter;
import io.clonevip.netlink.Attrs;

/**
 * {@code payload}: load {@code len} bytes at {@code offset} of a packet header into a register
 * ({@code [ payload load 4b @ network header + 16 => reg 1 ]}), or write a register into the
 * packet with optional checksum fix-up ({@code [ payload write reg 1 => 6b @ network header + 8
 * csum_type 0 csum_off 0 csum_flags 0x0 ]}).
 *
 * @param dreg       NFTA_PAYLOAD_DREG: destination register of a load; -1 for a write
 * @param sreg       NFTA_PAYLOAD_SREG: source register of a write; -1 for a load
 * @param base       NFTA_PAYLOAD_BASE: {@link #LL}, {@link #NETWORK}, {@link #TRANSPORT}, {@link #INNER}
 * @param offset     NFTA_PAYLOAD_OFFSET: byte offset from the base
 * @param len        NFTA_PAYLOAD_LEN: number of bytes
 * @param csumType   NFTA_PAYLOAD_CSUM_TYPE (write only): NFT_PAYLOAD_CSUM_NONE/INET/SCTP; NONE is not sent
 * @param csumOffset NFTA_PAYLOAD_CSUM_OFFSET (write only): offset of the checksum field; sent with a csum type
 * @param csumFlags  NFTA_PAYLOAD_CSUM_FLAGS (write only): NFT_PAYLOAD_L4CSUM_PSEUDOHDR; sent only if non-zero
 */
public record Payload(int dreg, int sreg, int base, int offset, int len, int csumType, int csumOffset, int csumFlags) implements Expr {
    public static final int LL = nf_tables_h.NFT_PAYLOAD_LL_HEADER();
    public static final int NETWORK = nf_tables_h.NFT_PAYLOAD_NETWORK_HEADER();
    public static final int TRANSPORT = nf_tables_h.NFT_PAYLOAD_TRANSPORT_HEADER();
    public static final int INNER = nf_tables_h.NFT_PAYLOAD_INNER_HEADER();

    /** A load of {@code len} bytes at {@code base + offset} into {@code dreg}. */
    public static Payload load(int base, int offset, int len, int dreg) {
        return new Payload(dreg, -1, base, offset, len, 0, 0, 0);
    }

    /** A write of {@code sreg} to {@code len} bytes at {@code base + offset}, without checksum update. */
    public static Payload write(int sreg, int base, int offset, int len) {
        return new Payload(-1, sreg, base, offset, len, nf_tables_h.NFT_PAYLOAD_CSUM_NONE(), 0, 0);
    }

    public boolean isWrite() { return sreg >= 0; }

    @Override public String name() { return "payload"; }

    @Override
    public void encode(AttrWriter w) {
        if (isWrite()) w.be32(nf_tables_h.NFTA_PAYLOAD_SREG(), sreg);
        else w.be32(nf_tables_h.NFTA_PAYLOAD_DREG(), dreg);
        w.be32(nf_tables_h.NFTA_PAYLOAD_BASE(), base);
        w.be32(nf_tables_h.NFTA_PAYLOAD_OFFSET(), offset);
        w.be32(nf_tables_h.NFTA_PAYLOAD_LEN(), len);
        // as nft: checksum attributes only when a checksum is to be fixed (absent = NONE, offset 0)
        if (isWrite() && csumType != nf_tables_h.NFT_PAYLOAD_CSUM_NONE()) {
            w.be32(nf_tables_h.NFTA_PAYLOAD_CSUM_TYPE(), csumType);
            w.be32(nf_tables_h.NFTA_PAYLOAD_CSUM_OFFSET(), csumOffset);
        }
        if (isWrite() && csumFlags != 0) w.be32(nf_tables_h.NFTA_PAYLOAD_CSUM_FLAGS(), csumFlags);
    }

    public static Payload decode(Attrs a) throws KernelException {
        Attr s = a.get(nf_tables_h.NFTA_PAYLOAD_SREG());
        Attr d = a.get(nf_tables_h.NFTA_PAYLOAD_DREG());
        return new Payload(d == null ? -1 : d.be32(), s == null ? -1 : s.be32(),
                a.require(nf_tables_h.NFTA_PAYLOAD_BASE(), "NFTA_PAYLOAD_BASE").be32(),
                a.require(nf_tables_h.NFTA_PAYLOAD_OFFSET(), "NFTA_PAYLOAD_OFFSET").be32(),
                a.require(nf_tables_h.NFTA_PAYLOAD_LEN(), "NFTA_PAYLOAD_LEN").be32(),
                Exprs.be32(a, nf_tables_h.NFTA_PAYLOAD_CSUM_TYPE(), 0),
                Exprs.be32(a, nf_tables_h.NFTA_PAYLOAD_CSUM_OFFSET(), 0),
                Exprs.be32(a, nf_tables_h.NFTA_PAYLOAD_CSUM_FLAGS(), 0));
    }

    static String baseName(int base) {
        return switch (base) {
            case 0 -> "link layer";
            case 1 -> "network";
            case 2 -> "transport";
            case 3 -> "inner";
            default -> "unknown";
        };
    }

    @Override
    public String toString() {
        if (isWrite()) {
            return String.format("[ payload write reg %d => %db @ %s header + %d csum_type %d csum_off %d csum_flags 0x%x ]",
                    sreg, len, baseName(base), offset, csumType, csumOffset, csumFlags);
        }
        return String.format("[ payload load %db @ %s header + %d => reg %d ]", len, baseName(base), offset, dreg);
    }
}
