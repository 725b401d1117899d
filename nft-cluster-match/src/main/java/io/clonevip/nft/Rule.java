package io.clonevip.nft;

import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.nf_tables_h;
import io.clonevip.netlink.Attr;
import io.clonevip.netlink.AttrWriter;
import io.clonevip.netlink.Attrs;
import io.clonevip.netlink.NlMsg;
import io.clonevip.nft.expr.Expr;
import io.clonevip.nft.expr.ExprList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An nf_tables rule: expressions evaluated in order.
 *
 * @param family   nfgenmsg.nfgen_family
 * @param table    NFTA_RULE_TABLE
 * @param chain    NFTA_RULE_CHAIN
 * @param handle   NFTA_RULE_HANDLE (be64): assigned by the kernel; 0 when not known (new rules)
 * @param exprs    NFTA_RULE_EXPRESSIONS
 * @param userdata NFTA_RULE_USERDATA: nft's TLVs, e.g. {@link NftUserdata#ruleComment}; null = none
 */
public record Rule(Family family, String table, String chain, long handle, List<Expr> exprs, Bytes userdata) {

    public Rule {
        exprs = List.copyOf(exprs);
    }

    public static Rule of(Family family, String table, String chain, List<Expr> exprs) {
        return new Rule(family, table, chain, 0, exprs, null);
    }

    /** This rule with a comment (userdata as nft writes it). */
    public Rule withComment(String comment) {
        return new Rule(family, table, chain, handle, exprs, NftUserdata.ruleComment(comment));
    }

    /** The comment in the userdata, or null. */
    public String comment() { return NftUserdata.commentOf(userdata); }

    /** The attributes of NFT_MSG_NEWRULE, in nft's order (table, chain, expressions, userdata). */
    void encode(AttrWriter w) {
        w.string(nf_tables_h.NFTA_RULE_TABLE(), table);
        w.string(nf_tables_h.NFTA_RULE_CHAIN(), chain);
        if (handle != 0) w.be64(nf_tables_h.NFTA_RULE_HANDLE(), handle);
        int m = w.nestStart(nf_tables_h.NFTA_RULE_EXPRESSIONS());
        ExprList.write(w, exprs);
        w.nestEnd(m);
        if (userdata != null) w.bytes(nf_tables_h.NFTA_RULE_USERDATA(), userdata.array());
    }

    /** Table, chain and handle: what NFT_MSG_DELRULE needs. */
    void encodeKey(AttrWriter w) {
        w.string(nf_tables_h.NFTA_RULE_TABLE(), table);
        w.string(nf_tables_h.NFTA_RULE_CHAIN(), chain);
        w.be64(nf_tables_h.NFTA_RULE_HANDLE(), handle);
    }

    static Rule decode(NlMsg m) throws KernelException {
        Attrs a = NfGen.attrs(m);
        Attr h = a.get(nf_tables_h.NFTA_RULE_HANDLE());
        Attr ex = a.get(nf_tables_h.NFTA_RULE_EXPRESSIONS());
        Attr ud = a.get(nf_tables_h.NFTA_RULE_USERDATA());
        return new Rule(NfGen.family(m), a.require(nf_tables_h.NFTA_RULE_TABLE(), "NFTA_RULE_TABLE").string(),
                a.require(nf_tables_h.NFTA_RULE_CHAIN(), "NFTA_RULE_CHAIN").string(), h == null ? 0 : h.be64(),
                ex == null ? List.of() : ExprList.read(ex), ud == null ? null : new Bytes(ud.bytes()));
    }

    /** The expressions in {@code nft --debug=netlink} layout, one per line, each indented by two spaces. */
    public String debugString() {
        return exprs.stream().map(e -> "  " + e).collect(Collectors.joining("\n"));
    }

    @Override
    public String toString() {
        return family.nftName() + " " + table + " " + chain + (handle != 0 ? " handle " + handle : "") + "\n" + debugString();
    }
}
