package io.clonevip.nft;

import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.nf_tables_h;
import io.clonevip.netlink.Attr;
import io.clonevip.netlink.AttrWriter;
import io.clonevip.netlink.Attrs;
import io.clonevip.netlink.NlMsg;
import io.clonevip.nft.expr.Counter;
import io.clonevip.nft.expr.ExprList;

/**
 * An nf_tables set. Named sets are created by name; anonymous sets ({@code { tcp, udp }} in a
 * rule) are sent with the name {@code "__set%d"} and flags ANONYMOUS|CONSTANT, the kernel picks
 * the number ({@code __set0}), and rules of the same batch refer to them by {@link #id}.
 *
 * @param family   nfgenmsg.nfgen_family
 * @param table    NFTA_SET_TABLE
 * @param name     NFTA_SET_NAME
 * @param flags    NFTA_SET_FLAGS: NFT_SET_ANONYMOUS, NFT_SET_CONSTANT, NFT_SET_INTERVAL, ...
 * @param keyType  NFTA_SET_KEY_TYPE: nft's datatype number ({@link #TYPE_MARK} = 19, ...); opaque to the kernel
 * @param keyLen   NFTA_SET_KEY_LEN: key length in bytes
 * @param id       NFTA_SET_ID: batch-local id referenced by NFTA_LOOKUP_SET_ID / NFTA_SET_ELEM_LIST_SET_ID; 0 = not sent
 * @param size     NFTA_SET_DESC / NFTA_SET_DESC_SIZE: expected element count (nft sends it for anonymous sets); 0 = not sent
 * @param userdata NFTA_SET_USERDATA: nft's TLVs ({@link NftUserdata}), needed by {@code nft list}; null = not sent
 * @param counter  NFTA_SET_EXPR holding a {@code counter}: every element counts packets and bytes
 * @param handle   NFTA_SET_HANDLE (be64): assigned by the kernel; 0 when not known
 */
public record NftSet(Family family, String table, String name, int flags, int keyType, int keyLen, int id, int size,
                     Bytes userdata, boolean counter, long handle) {
    /** nft datatypes (TYPE_* of nftables' datatype.h) used as NFTA_SET_KEY_TYPE. */
    public static final int TYPE_INTEGER = 4;
    public static final int TYPE_IPADDR = 7;
    public static final int TYPE_ETHERADDR = 9;
    public static final int TYPE_INET_PROTOCOL = 12;
    public static final int TYPE_INET_SERVICE = 13;
    public static final int TYPE_MARK = 19;

    public static final int ANONYMOUS = nf_tables_h.NFT_SET_ANONYMOUS();
    public static final int CONSTANT = nf_tables_h.NFT_SET_CONSTANT();
    /** Elements may carry a timeout after which the kernel removes them ({@code flags timeout}). */
    public static final int TIMEOUT = nf_tables_h.NFT_SET_TIMEOUT();
    /** The name an anonymous set is created with. */
    public static final String ANONYMOUS_NAME = "__set%d";

    /** A named set of marks ({@code set NAME { type mark; }}), as nft creates it. */
    public static NftSet marks(Family family, String table, String name, int id, boolean counter) {
        return new NftSet(family, table, name, 0, TYPE_MARK, 4, id, 0, NftUserdata.setKeyByteorder(NftUserdata.HOST_ENDIAN), counter, 0);
    }

    /**
     * A named set of marks whose elements may expire ({@code set NAME { type mark; flags timeout; }}):
     * elements added with a timeout leave by themselves, those without stay.
     */
    public static NftSet expiringMarks(Family family, String table, String name, int id, boolean counter, String comment) {
        return new NftSet(family, table, name, TIMEOUT, TYPE_MARK, 4, id, 0, NftUserdata.setKeyByteorder(NftUserdata.HOST_ENDIAN, comment), counter, 0);
    }

    /**
     * A named set of numbers {@code 1..n} whose elements may expire, typed as nft types a hash
     * result ({@code typeof numgen random mod n offset 1; flags timeout}; see
     * {@link NftUserdata#setTypeofNumgen}): a {@code jhash ... mod n offset 1} is looked up in it.
     */
    public static NftSet expiringNumbers(Family family, String table, String name, int id, int n, String comment) {
        return new NftSet(family, table, name, TIMEOUT, TYPE_INTEGER, 4, id, 0, NftUserdata.setTypeofNumgen(n, 1, comment), false, 0);
    }

    /** An anonymous constant set of {@code elements} keys of {@code keyType}/{@code keyLen}. */
    public static NftSet anonymous(Family family, String table, int keyType, int keyLen, int id, int elements, Bytes userdata) {
        return new NftSet(family, table, ANONYMOUS_NAME, ANONYMOUS | CONSTANT, keyType, keyLen, id, elements, userdata, false, 0);
    }

    /**
     * This set with NFTA_SET_DESC_SIZE {@code n} ({@code size n}): at most {@code n} elements, and
     * the kernel sizes its hash table for them at once. A hash table that grows while it is dumped
     * can list an element twice or not at all (the dump resumes by position after each message).
     */
    public NftSet withSize(int n) {
        return new NftSet(family, table, name, flags, keyType, keyLen, id, n, userdata, counter, handle);
    }

    public boolean isAnonymous() { return (flags & ANONYMOUS) != 0; }

    /** The attributes of NFT_MSG_NEWSET, in nft's order. */
    void encode(AttrWriter w) {
        encodeKey(w);
        w.be32(nf_tables_h.NFTA_SET_FLAGS(), flags);
        w.be32(nf_tables_h.NFTA_SET_KEY_TYPE(), keyType);
        w.be32(nf_tables_h.NFTA_SET_KEY_LEN(), keyLen);
        if (id != 0) w.be32(nf_tables_h.NFTA_SET_ID(), id);
        if (size != 0) {
            int m = w.nestStart(nf_tables_h.NFTA_SET_DESC());
            w.be32(nf_tables_h.NFTA_SET_DESC_SIZE(), size);
            w.nestEnd(m);
        }
        if (userdata != null) w.bytes(nf_tables_h.NFTA_SET_USERDATA(), userdata.array());
        if (counter) {
            int m = w.nestStart(nf_tables_h.NFTA_SET_EXPR());
            ExprList.writeExpr(w, Counter.zero());
            w.nestEnd(m);
        }
    }

    void encodeKey(AttrWriter w) {
        w.string(nf_tables_h.NFTA_SET_TABLE(), table);
        w.string(nf_tables_h.NFTA_SET_NAME(), name);
    }

    static NftSet decode(NlMsg m) throws KernelException {
        Attrs a = NfGen.attrs(m);
        Attr desc = a.get(nf_tables_h.NFTA_SET_DESC());
        Attr size = desc == null ? null : desc.nested().get(nf_tables_h.NFTA_SET_DESC_SIZE());
        Attr ud = a.get(nf_tables_h.NFTA_SET_USERDATA());
        Attr expr = a.get(nf_tables_h.NFTA_SET_EXPR());
        boolean counter = expr != null && ExprList.readExpr(expr.nested()) instanceof Counter;
        Attr handle = a.get(nf_tables_h.NFTA_SET_HANDLE());
        Attr id = a.get(nf_tables_h.NFTA_SET_ID());
        Attr flags = a.get(nf_tables_h.NFTA_SET_FLAGS());
        return new NftSet(NfGen.family(m), a.require(nf_tables_h.NFTA_SET_TABLE(), "NFTA_SET_TABLE").string(),
                a.require(nf_tables_h.NFTA_SET_NAME(), "NFTA_SET_NAME").string(),
                flags == null ? 0 : flags.be32(), // the kernel leaves out flags 0
                a.require(nf_tables_h.NFTA_SET_KEY_TYPE(), "NFTA_SET_KEY_TYPE").be32(),
                a.require(nf_tables_h.NFTA_SET_KEY_LEN(), "NFTA_SET_KEY_LEN").be32(),
                id == null ? 0 : id.be32(), size == null ? 0 : size.be32(),
                ud == null ? null : new Bytes(ud.bytes()), counter, handle == null ? 0 : handle.be64());
    }

    @Override
    public String toString() {
        return "set " + family.nftName() + " " + table + " " + name + " (flags 0x" + Integer.toHexString(flags)
                + ", key type " + keyType + " len " + keyLen + (counter ? ", counter" : "") + ")";
    }
}
