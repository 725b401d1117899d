package io.clonevip.nft.expr;

import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.nf_tables_h;
import io.clonevip.netlink.AttrWriter;
import io.clonevip.netlink.Attrs;
import io.clonevip.nft.Bytes;

/**
 * {@code cmp}: compare a register with a constant; the rule stops when the comparison is false
 * ({@code [ cmp eq reg 1 0x640200c0 ]}).
 *
 * @param sreg NFTA_CMP_SREG: the register compared
 * @param op   NFTA_CMP_OP: {@link #EQ}, {@link #NEQ}, {@link #LT}, {@link #LTE}, {@link #GT}, {@link #GTE}
 * @param data NFTA_CMP_DATA (NFTA_DATA_VALUE): the bytes compared with, in the register's byte order
 */
public record Cmp(int sreg, int op, Bytes data) implements Expr {
    public static final int EQ = nf_tables_h.NFT_CMP_EQ();
    public static final int NEQ = nf_tables_h.NFT_CMP_NEQ();
    public static final int LT = nf_tables_h.NFT_CMP_LT();
    public static final int LTE = nf_tables_h.NFT_CMP_LTE();
    public static final int GT = nf_tables_h.NFT_CMP_GT();
    public static final int GTE = nf_tables_h.NFT_CMP_GTE();

    private static final String[] OPS = {"eq", "neq", "lt", "lte", "gt", "gte"};

    public static Cmp eq(int sreg, Bytes data) { return new Cmp(sreg, EQ, data); }

    public static Cmp neq(int sreg, Bytes data) { return new Cmp(sreg, NEQ, data); }

    @Override public String name() { return "cmp"; }

    @Override
    public void encode(AttrWriter w) {
        w.be32(nf_tables_h.NFTA_CMP_SREG(), sreg);
        w.be32(nf_tables_h.NFTA_CMP_OP(), op);
        NftData.writeValue(w, nf_tables_h.NFTA_CMP_DATA(), data);
    }

    public static Cmp decode(Attrs a) throws KernelException {
        return new Cmp(a.require(nf_tables_h.NFTA_CMP_SREG(), "NFTA_CMP_SREG").be32(),
                a.require(nf_tables_h.NFTA_CMP_OP(), "NFTA_CMP_OP").be32(),
                NftData.readValue(a.require(nf_tables_h.NFTA_CMP_DATA(), "NFTA_CMP_DATA")));
    }

    @Override
    public String toString() {
        return "[ cmp " + Exprs.name(OPS, op) + " reg " + sreg + " " + NftData.words(data) + " ]";
    }
}
