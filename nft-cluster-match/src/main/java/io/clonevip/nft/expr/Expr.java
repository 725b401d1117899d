package io.clonevip.nft.expr;

import io.clonevip.netlink.AttrWriter;

/**
 * One nf_tables expression of a rule: a {@code NFTA_LIST_ELEM} holding {@code NFTA_EXPR_NAME}
 * and {@code NFTA_EXPR_DATA}. Each implementation is named after the kernel's expression, writes
 * its own attributes ({@link #encode}), reads them back ({@code decode(Attrs)} on each class) and
 * prints itself like {@code nft --debug=netlink}. {@link ExprList} does the framing and the
 * dispatch by name; {@link Unknown} keeps expressions clonevip does not model (rules of others).
 */
public sealed interface Expr permits Payload, Meta, Ct, Cmp, Bitwise, Lookup, Hash, Immediate, Counter, Byteorder, Unknown {

    /** The kernel's expression name (NFTA_EXPR_NAME), e.g. {@code "payload"}. */
    String name();

    /** Writes the attributes inside NFTA_EXPR_DATA. */
    void encode(AttrWriter w);
}
