package io.clonevip.nft.expr;

import io.clonevip.nativ.KernelException;
import io.clonevip.netlink.Attr;
import io.clonevip.netlink.Attrs;

/** Small attribute-reading shortcuts shared by the expression decoders. */
final class Exprs {
    private Exprs() {}

    /** The big-endian u32 attribute, or {@code dflt} when absent. */
    static int be32(Attrs a, int type, int dflt) throws KernelException {
        Attr x = a.get(type);
        return x == null ? dflt : x.be32();
    }

    static String name(String[] names, int i) {
        return i >= 0 && i < names.length && names[i] != null ? names[i] : "unknown";
    }
}
