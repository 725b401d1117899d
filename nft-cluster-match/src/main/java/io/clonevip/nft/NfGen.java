package io.clonevip.nft;

import io.clonevip.nativ.KernelException;
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

    static Attrs attrs(NlMsg m) throws KernelException {
        AttrReader r = m.reader();
        r.skip(SIZE);
        return r.attributes();
    }
}
