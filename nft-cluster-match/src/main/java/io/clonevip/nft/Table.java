package io.clonevip.nft;

import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.nf_tables_h;
import io.clonevip.netlink.Attr;
import io.clonevip.netlink.AttrWriter;
import io.clonevip.netlink.Attrs;
import io.clonevip.netlink.NlMsg;

/**
 * An nf_tables table.
 *
 * @param family nfgenmsg.nfgen_family of the messages
 * @param name   NFTA_TABLE_NAME
 * @param flags  NFTA_TABLE_FLAGS: NFT_TABLE_F_DORMANT, NFT_TABLE_F_OWNER
 * @param handle NFTA_TABLE_HANDLE (be64): assigned by the kernel; 0 when not known
 */
public record Table(Family family, String name, int flags, long handle) {

    public static Table of(Family family, String name) { return new Table(family, name, 0, 0); }

    /** The attributes of NFT_MSG_NEWTABLE (name, flags), in nft's order. */
    void encode(AttrWriter w) {
        w.string(nf_tables_h.NFTA_TABLE_NAME(), name);
        w.be32(nf_tables_h.NFTA_TABLE_FLAGS(), flags);
    }

    /** The name only (delete, destroy, get). */
    void encodeKey(AttrWriter w) {
        w.string(nf_tables_h.NFTA_TABLE_NAME(), name);
    }

    static Table decode(NlMsg m) throws KernelException {
        Attrs a = NfGen.attrs(m);
        Attr h = a.get(nf_tables_h.NFTA_TABLE_HANDLE());
        Attr f = a.get(nf_tables_h.NFTA_TABLE_FLAGS());
        return new Table(NfGen.family(m), a.require(nf_tables_h.NFTA_TABLE_NAME(), "NFTA_TABLE_NAME").string(),
                f == null ? 0 : f.be32(), h == null ? 0 : h.be64());
    }

    /** This table with the kernel's handle removed, for comparing what we wrote with a dump. */
    public Table withoutHandle() { return new Table(family, name, flags, 0); }

    /** Same family and name (ignoring handle and flags). */
    public boolean sameAs(Table o) { return family == o.family && name.equals(o.name); }

    @Override
    public String toString() { return "table " + family.nftName() + " " + name; }
}
