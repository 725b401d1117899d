package io.clonevip.nft;

import io.clonevip.nativ.KernelException;
import io.clonevip.netlink.Attr;
import io.clonevip.netlink.AttrReader;
import io.clonevip.netlink.AttrWriter;
import io.clonevip.netlink.Attrs;
import io.clonevip.netlink.NlMsg;

/** {@code struct nfgenmsg}, the family header of every nf_tables message (4 bytes). */
final class NfGen {
    private NfGen() {}

    static final int SIZE = 4;

    /** Writes the header: family, version NFNETLINK_V0, res_id (big-endian). */
    static void write(AttrWriter w, int family, int resId) {
        w.rawU8(family).rawU8(0).rawBe16(resId);
    }

    static Family family(NlMsg m) throws KernelException {
        int f = m.reader().u8();
        try {
            return Family.valueOf(f);
        } catch (IllegalArgumentException e) {
            throw KernelException.malformed("decode", e.getMessage());
        }
    }

    /**
     * The string attribute {@code attr} of a dumped object (its table's name, or a table's own
     * name), or null when the message does not read that far: such an object cannot be one of
     * clonevip's, so listings skip it without decoding the rest.
     */
    static String name(NlMsg m, int attr) {
        try {
            Attr a = attrs(m).get(attr);
            return a == null ? null : a.string();
        } catch (KernelException e) {
            return null;
        }
    }

    static Attrs attrs(NlMsg m) throws KernelException {
        AttrReader r = m.reader();
        r.skip(SIZE);
        return r.attributes();
    }
}
