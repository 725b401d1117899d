package io.clonevip.nft.expr;

import io.clonevip.nativ.bind.netfilter_h;
import io.clonevip.nativ.bind.nf_tables_h;

/**
 * Verdict codes (NFTA_VERDICT_CODE): the netfilter verdicts NF_DROP/NF_ACCEPT and the nf_tables
 * ones (enum nft_verdicts). Also a base chain's policy (NFTA_CHAIN_POLICY: accept or drop only).
 */
public enum Verdict {
    DROP(netfilter_h.NF_DROP(), "drop"),
    ACCEPT(netfilter_h.NF_ACCEPT(), "accept"),
    CONTINUE(nf_tables_h.NFT_CONTINUE(), "continue"),
    BREAK(nf_tables_h.NFT_BREAK(), "break"),
    JUMP(nf_tables_h.NFT_JUMP(), "jump"),
    GOTO(nf_tables_h.NFT_GOTO(), "goto"),
    RETURN(nf_tables_h.NFT_RETURN(), "return");

    private final int code;
    private final String text;

    Verdict(int code, String text) {
        this.code = code;
        this.text = text;
    }

    /** The wire value. */
    public int code() { return code; }

    /** The word nft prints. */
    public String text() { return text; }

    /** The verdict for a wire value; IllegalArgumentException for values not listed. */
    public static Verdict valueOf(int code) {
        for (Verdict v : values()) if (v.code == code) return v;
        throw new IllegalArgumentException("unknown verdict code " + code);
    }
}
