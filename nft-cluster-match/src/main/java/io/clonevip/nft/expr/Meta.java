package io.clonevip.nft.expr;

import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.nf_tables_h;
import io.clonevip.netlink.AttrWriter;
import io.clonevip.netlink.Attrs;

/**
 * {@code meta}: load packet metadata into a register ({@code [ meta load nfproto => reg 1 ]}) or
 * set it from a register ({@code [ meta set pkttype with reg 1 ]}). Values are host order.
 *
 * @param key  NFTA_META_KEY: an {@code NFT_META_*} key ({@link #NFPROTO}, {@link #L4PROTO}, ...)
 * @param dreg NFTA_META_DREG: destination register of a load; -1 for a set
 * @param sreg NFTA_META_SREG: source register of a set; -1 for a load
 */
public record Meta(int key, int dreg, int sreg) implements Expr {
    public static final int MARK = nf_tables_h.NFT_META_MARK();
    public static final int NFPROTO = nf_tables_h.NFT_META_NFPROTO();
    public static final int L4PROTO = nf_tables_h.NFT_META_L4PROTO();
    public static final int PKTTYPE = nf_tables_h.NFT_META_PKTTYPE();
    public static final int IIF = nf_tables_h.NFT_META_IIF();

    /** libnftnl's names of the meta keys, by number. */
    private static final String[] NAMES = {"len", "protocol", "priority", "mark", "iif", "oif", "iifname", "oifname",
        "iiftype", "oiftype", "skuid", "skgid", "nftrace", "rtclassid", "secmark", "nfproto", "l4proto", "bri_iifname",
        "bri_oifname", "pkttype", "cpu", "iifgroup", "oifgroup", "cgroup", "random", "secpath", "iifkind", "oifkind",
        "bri_iifpvid", "bri_iifvproto", "time", "day", "hour", "sdif", "sdifname"};

    public static Meta load(int key, int dreg) { return new Meta(key, dreg, -1); }

    public static Meta set(int key, int sreg) { return new Meta(key, -1, sreg); }

    public boolean isSet() { return sreg >= 0; }

    @Override public String name() { return "meta"; }

    @Override
    public void encode(AttrWriter w) {
        w.be32(nf_tables_h.NFTA_META_KEY(), key);
        if (isSet()) w.be32(nf_tables_h.NFTA_META_SREG(), sreg);
        else w.be32(nf_tables_h.NFTA_META_DREG(), dreg);
    }

    public static Meta decode(Attrs a) throws KernelException {
        return new Meta(a.require(nf_tables_h.NFTA_META_KEY(), "NFTA_META_KEY").be32(),
                Exprs.be32(a, nf_tables_h.NFTA_META_DREG(), -1), Exprs.be32(a, nf_tables_h.NFTA_META_SREG(), -1));
    }

    static String keyName(int key) { return Exprs.name(NAMES, key); }

    @Override
    public String toString() {
        return isSet() ? "[ meta set " + keyName(key) + " with reg " + sreg + " ]"
                : "[ meta load " + keyName(key) + " => reg " + dreg + " ]";
    }
}
