package io.clonevip.nft.expr;

import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.nf_tables_h;
import io.clonevip.netlink.Attr;
import io.clonevip.netlink.AttrReader;
import io.clonevip.netlink.AttrWriter;
import io.clonevip.netlink.Attrs;
import io.clonevip.nft.Bytes;
import java.util.ArrayList;
import java.util.List;

/**
 * The framing of expressions: each one a nested {@code NFTA_LIST_ELEM} holding
 * {@code NFTA_EXPR_NAME} and a nested {@code NFTA_EXPR_DATA}; decoding dispatches on the name.
 */
public final class ExprList {
    private ExprList() {}

    /** Writes one expression (NFTA_EXPR_NAME + NFTA_EXPR_DATA) at the writer's position. */
    public static void writeExpr(AttrWriter w, Expr e) {
        w.string(nf_tables_h.NFTA_EXPR_NAME(), e.name());
        int d = w.nestStart(nf_tables_h.NFTA_EXPR_DATA());
        e.encode(w);
        w.nestEnd(d);
    }

    /** Writes {@code exprs} as the content of a list attribute (NFTA_RULE_EXPRESSIONS). */
    public static void write(AttrWriter w, List<Expr> exprs) {
        for (Expr e : exprs) {
            int m = w.nestStart(nf_tables_h.NFTA_LIST_ELEM());
            writeExpr(w, e);
            w.nestEnd(m);
        }
    }

    /** Reads the expressions of a list attribute (NFTA_RULE_EXPRESSIONS). */
    public static List<Expr> read(Attr list) throws KernelException {
        List<Expr> out = new ArrayList<>();
        for (Attr elem : list.nested().getAll(nf_tables_h.NFTA_LIST_ELEM())) out.add(readExpr(elem.nested()));
        return out;
    }

    /** Reads one expression from its NFTA_EXPR_NAME / NFTA_EXPR_DATA attributes. */
    public static Expr readExpr(Attrs e) throws KernelException {
        String name = e.require(nf_tables_h.NFTA_EXPR_NAME(), "NFTA_EXPR_NAME").string();
        Attr dataAttr = e.get(nf_tables_h.NFTA_EXPR_DATA());
        Attrs d = dataAttr == null ? new AttrReader(new byte[0], 0, 0).attributes() : dataAttr.nested();
        return switch (name) {
            case "payload" -> Payload.decode(d);
            case "meta" -> Meta.decode(d);
            case "ct" -> Ct.decode(d);
            case "cmp" -> Cmp.decode(d);
            case "bitwise" -> Bitwise.isMaskXor(d) ? Bitwise.decode(d) : unknown(name, dataAttr);
            case "lookup" -> Lookup.decode(d);
            case "hash" -> Hash.decode(d);
            case "immediate" -> Immediate.decode(d);
            case "counter" -> Counter.decode(d);
            case "byteorder" -> Byteorder.decode(d);
            default -> unknown(name, dataAttr);
        };
    }

    private static Unknown unknown(String name, Attr data) {
        return new Unknown(name, data == null ? Bytes.EMPTY : new Bytes(data.bytes()));
    }
}
