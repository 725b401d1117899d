package io.clonevip.nft;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The userdata blobs nft stores with sets and rules (libnftnl's {@code nftnl_udata} TLVs: type
 * u8, length u8, value; u32 values in host order). The kernel keeps them opaque; {@code nft list}
 * reads them to print sets and comments, so clonevip writes exactly what nft writes.
 */
public final class NftUserdata {
    private NftUserdata() {}

    /** NFTNL_UDATA_SET_KEYBYTEORDER / NFTNL_UDATA_RULE_COMMENT. */
    static final int SET_KEYBYTEORDER = 0;
    static final int SET_KEY_TYPEOF = 3;
    /** NFTNL_UDATA_SET_COMMENT. */
    static final int SET_COMMENT = 7;
    static final int RULE_COMMENT = 0;
    /** nft's BYTEORDER_HOST_ENDIAN and BYTEORDER_BIG_ENDIAN. */
    public static final int HOST_ENDIAN = 1;
    public static final int BIG_ENDIAN = 2;
    /** nft's EXPR_META (enum expr_types) and NFTNL_UDATA_META_KEY. */
    static final int EXPR_META = 9;
    /** nft's EXPR_NUMGEN and NFT_NG_RANDOM (NFTNL_UDATA_NG_TYPE, _MODULUS, _OFFSET follow). */
    static final int EXPR_NUMGEN = 23;
    static final int NG_RANDOM = 1;

    /** Set userdata with only the key byte order: {@code type mark} gives {@code 00 04 01 00 00 00}. */
    public static Bytes setKeyByteorder(int order) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        tlvU32(b, SET_KEYBYTEORDER, order);
        return new Bytes(b.toByteArray());
    }

    /**
     * Userdata of an anonymous set written from a {@code meta KEY { ... }} match: key byte order
     * plus NFTNL_UDATA_SET_KEY_TYPEOF {@code { TYPEOF_EXPR: EXPR_META, TYPEOF_DATA: { META_KEY: key } }}.
     */
    public static Bytes setTypeofMeta(int order, int metaKey) {
        ByteArrayOutputStream inner = new ByteArrayOutputStream();
        tlvU32(inner, 0, EXPR_META);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        tlvU32(data, 0, metaKey);
        tlv(inner, 1, data.toByteArray());
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        tlvU32(b, SET_KEYBYTEORDER, order);
        tlv(b, SET_KEY_TYPEOF, inner.toByteArray());
        return new Bytes(b.toByteArray());
    }

    /**
     * Userdata of a set of host-order 32-bit integers in {@code offset..offset+mod-1}, declared as
     * {@code typeof numgen random mod MOD offset OFFSET}, with a {@code comment} (null: none). nft
     * 1.0.6 refuses to match a {@code jhash} against a {@code type mark} set ("datatype mismatch")
     * and crashes listing a {@code typeof jhash} set; a numgen's type is the hash's (integer, 32 bits,
     * host order), so nft lists and parses back a {@code jhash ... @set} rule against this set.
     */
    public static Bytes setTypeofNumgen(int mod, int offset, String comment) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        tlvU32(data, 0, NG_RANDOM);
        tlvU32(data, 1, mod);
        tlvU32(data, 2, offset);
        ByteArrayOutputStream inner = new ByteArrayOutputStream();
        tlvU32(inner, 0, EXPR_NUMGEN);
        tlv(inner, 1, data.toByteArray());
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        tlvU32(b, SET_KEYBYTEORDER, HOST_ENDIAN);
        tlv(b, SET_KEY_TYPEOF, inner.toByteArray());
        if (comment != null) tlv(b, SET_COMMENT, cString(comment));
        return new Bytes(b.toByteArray());
    }

    /** Set userdata of a host-order key ({@code type mark}) with a {@code comment}. */
    public static Bytes setKeyByteorder(int order, String comment) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        tlvU32(b, SET_KEYBYTEORDER, order);
        tlv(b, SET_COMMENT, cString(comment));
        return new Bytes(b.toByteArray());
    }

    private static byte[] cString(String s) {
        byte[] u = s.getBytes(StandardCharsets.UTF_8);
        byte[] v = new byte[u.length + 1];
        System.arraycopy(u, 0, v, 0, u.length);
        return v;
    }

    /** Rule userdata holding a comment ({@code comment "..."}), NUL-terminated as nft writes it. */
    public static Bytes ruleComment(String comment) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        tlv(b, RULE_COMMENT, cString(comment));
        return new Bytes(b.toByteArray());
    }

    /** The comment in rule userdata, or null. */
    public static String commentOf(Bytes userdata) {
        if (userdata == null) return null;
        byte[] u = userdata.array();
        for (int p = 0; p + 2 <= u.length; ) {
            int type = u[p] & 0xff;
            int len = u[p + 1] & 0xff;
            if (p + 2 + len > u.length) return null;
            if (type == RULE_COMMENT) {
                int n = 0;
                while (n < len && u[p + 2 + n] != 0) n++;
                return new String(u, p + 2, n, StandardCharsets.UTF_8);
            }
            p += 2 + len;
        }
        return null;
    }

    private static void tlvU32(ByteArrayOutputStream b, int type, int v) {
        tlv(b, type, new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)});
    }

    private static void tlv(ByteArrayOutputStream b, int type, byte[] value) {
        if (value.length > 255) throw new IllegalArgumentException("userdata value longer than 255 bytes");
        b.write(type);
        b.write(value.length);
        b.writeBytes(value);
    }
}
