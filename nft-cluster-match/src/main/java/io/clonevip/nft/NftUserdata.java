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
    static final int RULE_COMMENT = 0;
    /** nft's BYTEORDER_HOST_ENDIAN and BYTEORDER_BIG_ENDIAN. */
    public static final int HOST_ENDIAN = 1;
    public static final int BIG_ENDIAN = 2;
    /** nft's EXPR_META (enum expr_types) and NFTNL_UDATA_META_KEY. */
    static final int EXPR_META = 9;

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

    /** Rule userdata holding a comment ({@code comment "..."}), NUL-terminated as nft writes it. */
    public static Bytes ruleComment(String comment) {
        byte[] s = comment.getBytes(StandardCharsets.UTF_8);
        byte[] v = new byte[s.length + 1];
        System.arraycopy(s, 0, v, 0, s.length);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        tlv(b, RULE_COMMENT, v);
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
