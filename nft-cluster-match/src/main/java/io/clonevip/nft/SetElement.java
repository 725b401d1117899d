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
 * @param timeoutMs NFTA_SET_ELEM_TIMEOUT (be64, milliseconds): the kernel removes the element this
 *                long after it was added (only in a set with flag {@link NftSet#TIMEOUT}); 0 = never
 * @param expiresMs NFTA_SET_ELEM_EXPIRATION as dumped (be64, milliseconds): the time the element
 *                has left; 0 when it has no timeout (never sent)
 */
public record SetElement(Bytes key, Counter counter, long timeoutMs, long expiresMs) {

    public SetElement {
        if (timeoutMs < 0 || expiresMs < 0) throw new IllegalArgumentException("negative element timeout");
    }

    public static SetElement of(Bytes key) { return new SetElement(key, null, 0, 0); }

    /** An element of a {@code type mark} set. */
    public static SetElement mark(int mark) { return of(NftData.hostU32(mark)); }

    /** An element of a {@code type mark; flags timeout} set that the kernel removes after {@code timeoutMs}. */
    public static SetElement mark(int mark, long timeoutMs) { return new SetElement(NftData.hostU32(mark), null, timeoutMs, 0); }

    /** The mark value of a 4-byte host-order key. */
    public int markValue() {
        if (key.length() != 4) throw new IllegalStateException("key of " + key.length() + " bytes is not a mark");
        return key.get(0) | key.get(1) << 8 | key.get(2) << 16 | key.get(3) << 24;
    }

    /** The element's attributes inside its NFTA_LIST_ELEM. */
    void encode(AttrWriter w) {
        NftData.writeValue(w, nf_tables_h.NFTA_SET_ELEM_KEY(), key);
        if (timeoutMs != 0) w.be64(nf_tables_h.NFTA_SET_ELEM_TIMEOUT(), timeoutMs);
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
        Attr timeout = a.get(nf_tables_h.NFTA_SET_ELEM_TIMEOUT());
        Attr expiration = a.get(nf_tables_h.NFTA_SET_ELEM_EXPIRATION());
        return new SetElement(key, counter, timeout == null ? 0 : Math.max(0, timeout.be64()),
                expiration == null ? 0 : Math.max(0, expiration.be64()));
    }

    @Override
    public String toString() {
        return key + (timeoutMs == 0 ? "" : " timeout " + timeoutMs + "ms")
                + (expiresMs == 0 ? "" : " expires " + expiresMs + "ms")
                + (counter == null ? "" : " counter packets " + counter.packets() + " bytes " + counter.bytes());
    }
}
