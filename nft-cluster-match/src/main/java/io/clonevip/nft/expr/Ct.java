package io.clonevip.nft.expr;

import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.nf_tables_h;
import io.clonevip.netlink.Attr;
import io.clonevip.netlink.AttrWriter;
import io.clonevip.netlink.Attrs;

/**
 * {@code ct}: load a conntrack field into a register ({@code [ ct load state => reg 1 ]}) or set
 * one from a register ({@code [ ct set mark with reg 1 ]}).
 *
 * @param key       NFTA_CT_KEY: an {@code NFT_CT_*} key ({@link #STATE}, {@link #MARK}, ...)
 * @param dreg      NFTA_CT_DREG: destination register of a load; -1 for a set
 * @param sreg      NFTA_CT_SREG: source register of a set; -1 for a load
 * @param direction NFTA_CT_DIRECTION (u8): 0 original, 1 reply; -1 when not sent
 */
public record Ct(int key, int dreg, int sreg, int direction) implements Expr {
    public static final int STATE = nf_tables_h.NFT_CT_STATE();
    public static final int MARK = nf_tables_h.NFT_CT_MARK();
    /** Bit of {@code ct state new} in the state register (NF_CT_STATE_BIT(IP_CT_NEW)). */
    public static final int STATE_NEW = 0x08;
    /** {@code ct state established,related}: NF_CT_STATE_BIT(IP_CT_ESTABLISHED) | NF_CT_STATE_BIT(IP_CT_RELATED). */
    public static final int STATE_ESTABLISHED_RELATED = 0x02 | 0x04;

    private static final String[] NAMES = {"state", "direction", "status", "mark", "secmark", "expiration", "helper",
        "l3protocol", "src", "dst", "protocol", "proto_src", "proto_dst", "label", "packets", "bytes", "avgpkt", "zone",
        "event", "ip saddr", "ip daddr", "ip6 saddr", "ip6 daddr", "id"};

    public static Ct load(int key, int dreg) { return new Ct(key, dreg, -1, -1); }

    public static Ct set(int key, int sreg) { return new Ct(key, -1, sreg, -1); }

    public boolean isSet() { return sreg >= 0; }

    @Override public String name() { return "ct"; }

    @Override
    public void encode(AttrWriter w) {
        w.be32(nf_tables_h.NFTA_CT_KEY(), key);
        if (isSet()) w.be32(nf_tables_h.NFTA_CT_SREG(), sreg);
        else w.be32(nf_tables_h.NFTA_CT_DREG(), dreg);
        if (direction >= 0) w.u8(nf_tables_h.NFTA_CT_DIRECTION(), direction);
    }

    public static Ct decode(Attrs a) throws KernelException {
        Attr dir = a.get(nf_tables_h.NFTA_CT_DIRECTION());
        return new Ct(a.require(nf_tables_h.NFTA_CT_KEY(), "NFTA_CT_KEY").be32(), Exprs.be32(a, nf_tables_h.NFTA_CT_DREG(), -1),
                Exprs.be32(a, nf_tables_h.NFTA_CT_SREG(), -1), dir == null ? -1 : dir.u8());
    }

    @Override
    public String toString() {
        String k = Exprs.name(NAMES, key);
        String body = isSet() ? "set " + k + " with reg " + sreg + " " : "load " + k + " => reg " + dreg + " ";
        if (direction >= 0) body += ", dir " + (direction == 0 ? "original" : "reply") + " ";
        return "[ ct " + body + "]";
    }
}
