package io.clonevip.nft.expr;

import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.nf_tables_h;
import io.clonevip.netlink.Attr;
import io.clonevip.netlink.AttrWriter;
import io.clonevip.netlink.Attrs;
import io.clonevip.nft.Bytes;

/**
 * {@code immediate}: load a constant into a data register ({@code [ immediate reg 1 0x00000000 ]})
 * or a verdict into the verdict register ({@code [ immediate reg 0 accept ]}).
 *
 * @param dreg    NFTA_IMMEDIATE_DREG: destination register ({@link Reg#VERDICT} for a verdict)
 * @param data    NFTA_IMMEDIATE_DATA / NFTA_DATA_VALUE: the constant; null for a verdict
 * @param verdict NFTA_IMMEDIATE_DATA / NFTA_DATA_VERDICT / NFTA_VERDICT_CODE; null for data
 * @param chain   NFTA_VERDICT_CHAIN: target of jump/goto; null otherwise
 */
public record Immediate(int dreg, Bytes data, Verdict verdict, String chain) implements Expr {

    public static Immediate data(int dreg, Bytes data) { return new Immediate(dreg, data, null, null); }

    public static Immediate verdict(Verdict v) { return new Immediate(Reg.VERDICT, null, v, null); }

    public static Immediate jump(String chain) { return new Immediate(Reg.VERDICT, null, Verdict.JUMP, chain); }

    @Override public String name() { return "immediate"; }

    @Override
    public void encode(AttrWriter w) {
        w.be32(nf_tables_h.NFTA_IMMEDIATE_DREG(), dreg);
        if (verdict == null) {
            NftData.writeValue(w, nf_tables_h.NFTA_IMMEDIATE_DATA(), data);
            return;
        }
        int d = w.nestStart(nf_tables_h.NFTA_IMMEDIATE_DATA());
        int v = w.nestStart(nf_tables_h.NFTA_DATA_VERDICT());
        w.be32(nf_tables_h.NFTA_VERDICT_CODE(), verdict.code());
        if (chain != null) w.string(nf_tables_h.NFTA_VERDICT_CHAIN(), chain);
        w.nestEnd(v);
        w.nestEnd(d);
    }

    public static Immediate decode(Attrs a) throws KernelException {
        int dreg = a.require(nf_tables_h.NFTA_IMMEDIATE_DREG(), "NFTA_IMMEDIATE_DREG").be32();
        Attrs data = a.require(nf_tables_h.NFTA_IMMEDIATE_DATA(), "NFTA_IMMEDIATE_DATA").nested();
        Attr verdict = data.get(nf_tables_h.NFTA_DATA_VERDICT());
        if (verdict == null) {
            return data(dreg, new Bytes(data.require(nf_tables_h.NFTA_DATA_VALUE(), "NFTA_DATA_VALUE").bytes()));
        }
        Attrs v = verdict.nested();
        int code = v.require(nf_tables_h.NFTA_VERDICT_CODE(), "NFTA_VERDICT_CODE").be32();
        Verdict kind;
        try {
            kind = Verdict.valueOf(code);
        } catch (IllegalArgumentException e) {
            throw KernelException.malformed("decode immediate", e.getMessage());
        }
        return new Immediate(dreg, null, kind, v.string(nf_tables_h.NFTA_VERDICT_CHAIN(), null));
    }

    @Override
    public String toString() {
        if (verdict == null) return "[ immediate reg " + dreg + " " + NftData.words(data) + " ]";
        return "[ immediate reg " + dreg + " " + verdict.text() + " " + (chain != null ? "-> " + chain + " " : "") + "]";
    }
}
