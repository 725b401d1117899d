package io.clonevip.nft.expr;

import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.nf_tables_h;
import io.clonevip.netlink.AttrWriter;
import io.clonevip.netlink.Attrs;

/**
 * {@code byteorder}: converts {@code len} bytes of a register between network and host order in
 * units of {@code size} bytes ({@code [ byteorder reg 1 = ntoh(reg 1, 4, 4) ]}). Needed for a
 * CLUSTERIP-compatible hash, which hashes the source address as a host-order u32.
 *
 * @param sreg NFTA_BYTEORDER_SREG: source register
 * @param dreg NFTA_BYTEORDER_DREG: destination register
 * @param op   NFTA_BYTEORDER_OP: {@link #NTOH} or {@link #HTON}
 * @param len  NFTA_BYTEORDER_LEN: bytes converted
 * @param size NFTA_BYTEORDER_SIZE: unit size, 2, 4 or 8
 */
public record Byteorder(int sreg, int dreg, int op, int len, int size) implements Expr {
    public static final int NTOH = nf_tables_h.NFT_BYTEORDER_NTOH();
    public static final int HTON = nf_tables_h.NFT_BYTEORDER_HTON();

    public static Byteorder ntoh(int sreg, int dreg, int len, int size) { return new Byteorder(sreg, dreg, NTOH, len, size); }

    @Override public String name() { return "byteorder"; }

    @Override
    public void encode(AttrWriter w) {
        w.be32(nf_tables_h.NFTA_BYTEORDER_SREG(), sreg);
        w.be32(nf_tables_h.NFTA_BYTEORDER_DREG(), dreg);
        w.be32(nf_tables_h.NFTA_BYTEORDER_OP(), op);
        w.be32(nf_tables_h.NFTA_BYTEORDER_LEN(), len);
        w.be32(nf_tables_h.NFTA_BYTEORDER_SIZE(), size);
    }

    public static Byteorder decode(Attrs a) throws KernelException {
        return new Byteorder(a.require(nf_tables_h.NFTA_BYTEORDER_SREG(), "NFTA_BYTEORDER_SREG").be32(),
                a.require(nf_tables_h.NFTA_BYTEORDER_DREG(), "NFTA_BYTEORDER_DREG").be32(),
                a.require(nf_tables_h.NFTA_BYTEORDER_OP(), "NFTA_BYTEORDER_OP").be32(),
                a.require(nf_tables_h.NFTA_BYTEORDER_LEN(), "NFTA_BYTEORDER_LEN").be32(),
                a.require(nf_tables_h.NFTA_BYTEORDER_SIZE(), "NFTA_BYTEORDER_SIZE").be32());
    }

    @Override
    public String toString() {
        return "[ byteorder reg " + dreg + " = " + (op == NTOH ? "ntoh" : "hton") + "(reg " + sreg + ", " + size + ", " + len + ") ]";
    }
}
