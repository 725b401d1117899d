package io.clonevip.nft.expr;

import io.clonevip.netlink.AttrWriter;
import io.clonevip.nft.Bytes;

/**
 * An expression clonevip does not model (found in rules others wrote): its name and the raw
 * attributes of NFTA_EXPR_DATA, written back unchanged.
 *
 * @param name NFTA_EXPR_NAME
 * @param data the attribute bytes inside NFTA_EXPR_DATA
 */
public record Unknown(String name, Bytes data) implements Expr {

    @Override
    public void encode(AttrWriter w) { w.rawBytes(data.array()); }

    @Override
    public String toString() { return "[ " + name + " (not modelled: " + data.length() + " bytes) ]"; }
}
