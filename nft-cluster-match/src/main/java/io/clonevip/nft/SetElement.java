package io.clonevip.nft;

import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.nf_tables_h;
import io.clonevip.netlink.Attr;
import io.clonevip.netlink.AttrWriter;
import io.clonevip.netlink.Attrs;
import io.clonevip.nft.expr.Counter;
import io.clonevip.nft.expr.Expr;
import io.clonevip.nft.expr.ExprList;
import io.clonevip.nft.expr.NftData;

/**
 * One element of a set.
 *
 * @param key     NFTA_SET_ELEM_KEY (NFTA_DATA_VALUE): the key bytes in the set's key byte order
 *                (a mark is host order: {@code 01 00 00 00} for 1)
 * @param counter NFTA_SET_ELEM_EXPR / NFTA_SET_ELEM_EXPRESSIONS holding a counter, as dumped by
 *                the kernel for sets with a counter; null when none (never sent: the kernel adds
 *                the set's counter to new elements itself)
 */
public record SetElement(Bytes key, Counter counter) {

    public static SetElement of(Bytes key) { return new SetElement(key, null); }

    /** An element of a {@code type mark} set. */
    public static SetElement mark(int mark) { return new SetElement(NftData.hostU32(mark), null); }

    /** The mark value of a 4-byte host-order key. */
    public int markValue() {
        if (key.length() != 4) throw new IllegalStateException("key of " + key.length() + " bytes is not a mark");
        return key.get(0) | key.get(1) << 8 | key.get(2) << 16 | key.get(3) << 24;
    }

    /** The element's attributes inside its NFTA_LIST_ELEM. */
    void encode(AttrWriter w) {
        NftData.writeValue(w, nf_tables_h.NFTA_SET_ELEM_KEY(), key);
    }

    static SetElement decode(Attrs a) throws KernelException {
        Bytes key = NftData.readValue(a.require(nf_tables_h.NFTA_SET_ELEM_KEY(), "NFTA_SET_ELEM_KEY"));
        Counter counter = null;
        Attr one = a.get(nf_tables_h.NFTA_SET_ELEM_EXPR());
        if (one != null && ExprList.readExpr(one.nested()) instanceof Counter c) counter = c;
        Attr list = a.get(nf_tables_h.NFTA_SET_ELEM_EXPRESSIONS());
        if (list != null) {
            for (Expr e : ExprList.read(list)) if (e instanceof Counter c) counter = c;
        }
        return new SetElement(key, counter);
    }

    @Override
    public String toString() { return key + (counter == null ? "" : " counter packets " + counter.packets() + " bytes " + counter.bytes()); }
}
