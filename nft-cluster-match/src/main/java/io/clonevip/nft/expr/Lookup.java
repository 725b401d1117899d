package io.clonevip.nft.expr;

import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.nf_tables_h;
import io.clonevip.netlink.Attr;
import io.clonevip.netlink.AttrWriter;
import io.clonevip.netlink.Attrs;

/**
 * {@code lookup}: the rule goes on only if the register's value is (or, with {@link #INV}, is
 * not) an element of the set ({@code [ lookup reg 1 set __set%d 0x1 ]}).
 *
 * @param sreg  NFTA_LOOKUP_SREG: register holding the key
 * @param set   NFTA_LOOKUP_SET: set name; {@code "__set%d"} for an anonymous set of the same batch
 * @param setId NFTA_LOOKUP_SET_ID: NFTA_SET_ID of a set created in the same batch; 0 = not sent
 * @param dreg  NFTA_LOOKUP_DREG: destination of a map lookup; -1 = not sent (plain set)
 * @param flags NFTA_LOOKUP_FLAGS: {@link #INV} or 0 (0 is not sent)
 */
public record Lookup(int sreg, String set, int setId, int dreg, int flags) implements Expr {
    /** NFT_LOOKUP_F_INV: match when the key is NOT in the set ({@code != { ... }}). */
    public static final int INV = nf_tables_h.NFT_LOOKUP_F_INV();

    public static Lookup of(int sreg, String set, int setId) { return new Lookup(sreg, set, setId, -1, 0); }

    public static Lookup notIn(int sreg, String set, int setId) { return new Lookup(sreg, set, setId, -1, INV); }

    @Override public String name() { return "lookup"; }

    @Override
    public void encode(AttrWriter w) {
        w.be32(nf_tables_h.NFTA_LOOKUP_SREG(), sreg);
        w.string(nf_tables_h.NFTA_LOOKUP_SET(), set);
        if (setId != 0) w.be32(nf_tables_h.NFTA_LOOKUP_SET_ID(), setId);
        if (dreg >= 0) w.be32(nf_tables_h.NFTA_LOOKUP_DREG(), dreg);
        if (flags != 0) w.be32(nf_tables_h.NFTA_LOOKUP_FLAGS(), flags);
    }

    public static Lookup decode(Attrs a) throws KernelException {
        Attr id = a.get(nf_tables_h.NFTA_LOOKUP_SET_ID());
        return new Lookup(a.require(nf_tables_h.NFTA_LOOKUP_SREG(), "NFTA_LOOKUP_SREG").be32(),
                a.require(nf_tables_h.NFTA_LOOKUP_SET(), "NFTA_LOOKUP_SET").string(),
                id == null ? 0 : id.be32(), Exprs.be32(a, nf_tables_h.NFTA_LOOKUP_DREG(), -1),
                Exprs.be32(a, nf_tables_h.NFTA_LOOKUP_FLAGS(), 0));
    }

    @Override
    public String toString() {
        return "[ lookup reg " + sreg + " set " + set + " " + (dreg >= 0 ? "dreg " + dreg + " " : "")
                + (flags != 0 ? String.format("0x%x ", flags) : "") + "]";
    }
}
