package io.clonevip.nft.expr;

import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.nf_tables_h;
import io.clonevip.netlink.Attr;
import io.clonevip.netlink.AttrWriter;
import io.clonevip.nft.Bytes;

/**
 * {@code struct nft_data} on the wire: a nested attribute holding {@code NFTA_DATA_VALUE} (raw
 * bytes exactly as the kernel compares them: network order for packet fields, host order for
 * marks and meta values) or {@code NFTA_DATA_VERDICT}. Also the {@code nft --debug=netlink}
 * rendering of values: 32-bit words read in host (little-endian) order, zero padded,
 * {@code 0x%08x} each.
 */
public final class NftData {
    private NftData() {}

    /** Writes {@code type} as a nested NFTA_DATA_VALUE holding {@code value}. */
    public static void writeValue(AttrWriter w, int type, Bytes value) {
        int m = w.nestStart(type);
        w.bytes(nf_tables_h.NFTA_DATA_VALUE(), value.array());
        w.nestEnd(m);
    }

    /** The NFTA_DATA_VALUE inside {@code a}. */
    public static Bytes readValue(Attr a) throws KernelException {
        return new Bytes(a.nested().require(nf_tables_h.NFTA_DATA_VALUE(), "NFTA_DATA_VALUE").bytes());
    }

    /** {@code 0x640200c0} style words, space separated, as libnftnl prints data. */
    public static String words(Bytes value) {
        StringBuilder s = new StringBuilder();
        byte[] b = value.array();
        for (int i = 0; i < b.length; i += 4) {
            int w = 0;
            for (int k = 0; k < 4 && i + k < b.length; k++) w |= (b[i + k] & 0xff) << (8 * k);
            if (i > 0) s.append(' ');
            s.append(String.format("0x%08x", w));
        }
        return s.toString();
    }

    /** A 32-bit value in host order (marks, meta and ct values that the kernel keeps as u32). */
    public static Bytes hostU32(int v) {
        return Bytes.of(v, v >>> 8, v >>> 16, v >>> 24);
    }

    /** A 32-bit value in network order. */
    public static Bytes be32(int v) {
        return Bytes.of(v >>> 24, v >>> 16, v >>> 8, v);
    }

    /** A 16-bit value in network order (ports). */
    public static Bytes be16(int v) {
        return Bytes.of(v >>> 8, v);
    }
}
