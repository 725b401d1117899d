package io.clonevip.nft.expr;

import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.nf_tables_h;
import io.clonevip.netlink.AttrWriter;
import io.clonevip.netlink.Attrs;

/**
 * {@code counter}: counts packets and bytes ({@code [ counter pkts 0 bytes 0 ]}). Sent empty when
 * both are zero (as nft does); the kernel reports the current values in dumps.
 *
 * @param packets NFTA_COUNTER_PACKETS (be64)
 * @param bytes   NFTA_COUNTER_BYTES (be64)
 */
public record Counter(long packets, long bytes) implements Expr {

    public static Counter zero() { return new Counter(0, 0); }

    @Override public String name() { return "counter"; }

    @Override
    public void encode(AttrWriter w) {
        if (packets == 0 && bytes == 0) return;
        w.be64(nf_tables_h.NFTA_COUNTER_BYTES(), bytes);
        w.be64(nf_tables_h.NFTA_COUNTER_PACKETS(), packets);
    }

    public static Counter decode(Attrs a) throws KernelException {
        var p = a.get(nf_tables_h.NFTA_COUNTER_PACKETS());
        var b = a.get(nf_tables_h.NFTA_COUNTER_BYTES());
        return new Counter(p == null ? 0 : p.be64(), b == null ? 0 : b.be64());
    }

    @Override
    public String toString() {
        return "[ counter pkts " + Long.toUnsignedString(packets) + " bytes " + Long.toUnsignedString(bytes) + " ]";
    }
}
