package io.clonevip.nft;

import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.nf_tables_h;
import io.clonevip.netlink.Attr;
import io.clonevip.netlink.AttrWriter;
import io.clonevip.netlink.Attrs;
import io.clonevip.netlink.NlMsg;
import io.clonevip.nft.expr.Verdict;

/**
 * An nf_tables chain: a base chain when {@code hook} is set, else a regular chain.
 *
 * @param family   nfgenmsg.nfgen_family
 * @param table    NFTA_CHAIN_TABLE
 * @param name     NFTA_CHAIN_NAME
 * @param hook     NFTA_CHAIN_HOOK / NFTA_HOOK_HOOKNUM; null for a regular chain
 * @param priority NFTA_CHAIN_HOOK / NFTA_HOOK_PRIORITY (be32, signed): {@link #PRIO_MANGLE} = -150, ...
 * @param type     NFTA_CHAIN_TYPE: "filter", "nat", "route"; null for a regular chain
 * @param policy   NFTA_CHAIN_POLICY: {@link Verdict#ACCEPT} or {@link Verdict#DROP}; null for a regular chain
 * @param handle   NFTA_CHAIN_HANDLE (be64): assigned by the kernel; 0 when not known
 */
public record Chain(Family family, String table, String name, Hook hook, int priority, String type, Verdict policy, long handle) {
    public static final int PRIO_RAW = -300;
    public static final int PRIO_MANGLE = -150;
    public static final int PRIO_FILTER = 0;

    public static Chain base(Family family, String table, String name, Hook hook, int priority, String type, Verdict policy) {
        return new Chain(family, table, name, hook, priority, type, policy, 0);
    }

    public static Chain regular(Family family, String table, String name) {
        return new Chain(family, table, name, null, 0, null, null, 0);
    }

    public boolean isBase() { return hook != null; }

    /** The attributes of NFT_MSG_NEWCHAIN, in nft's order (table, name, type, policy, hook). */
    void encode(AttrWriter w) {
        encodeKey(w);
        if (type != null) w.string(nf_tables_h.NFTA_CHAIN_TYPE(), type);
        if (policy != null) w.be32(nf_tables_h.NFTA_CHAIN_POLICY(), policy.code());
        if (hook != null) {
            int m = w.nestStart(nf_tables_h.NFTA_CHAIN_HOOK());
            w.be32(nf_tables_h.NFTA_HOOK_HOOKNUM(), hook.number(family));
            w.be32(nf_tables_h.NFTA_HOOK_PRIORITY(), priority);
            w.nestEnd(m);
        }
    }

    void encodeKey(AttrWriter w) {
        w.string(nf_tables_h.NFTA_CHAIN_TABLE(), table);
        w.string(nf_tables_h.NFTA_CHAIN_NAME(), name);
    }

    static Chain decode(NlMsg m) throws KernelException {
        Family f = NfGen.family(m);
        Attrs a = NfGen.attrs(m);
        Hook hook = null;
        int prio = 0;
        Attr h = a.get(nf_tables_h.NFTA_CHAIN_HOOK());
        try {
            if (h != null) {
                Attrs ha = h.nested();
                hook = Hook.valueOf(f, ha.require(nf_tables_h.NFTA_HOOK_HOOKNUM(), "NFTA_HOOK_HOOKNUM").be32());
                prio = ha.require(nf_tables_h.NFTA_HOOK_PRIORITY(), "NFTA_HOOK_PRIORITY").be32();
            }
            Attr p = a.get(nf_tables_h.NFTA_CHAIN_POLICY());
            Attr handle = a.get(nf_tables_h.NFTA_CHAIN_HANDLE());
            return new Chain(f, a.require(nf_tables_h.NFTA_CHAIN_TABLE(), "NFTA_CHAIN_TABLE").string(),
                    a.require(nf_tables_h.NFTA_CHAIN_NAME(), "NFTA_CHAIN_NAME").string(), hook, prio,
                    a.string(nf_tables_h.NFTA_CHAIN_TYPE(), null), p == null ? null : Verdict.valueOf(p.be32()),
                    handle == null ? 0 : handle.be64());
        } catch (IllegalArgumentException e) {
            throw KernelException.malformed("decode chain", e.getMessage());
        }
    }

    /** This chain with the kernel's handle removed, for comparing what we wrote with a dump. */
    public Chain withoutHandle() { return new Chain(family, table, name, hook, priority, type, policy, 0); }

    @Override
    public String toString() {
        String s = "chain " + family.nftName() + " " + table + " " + name;
        return hook == null ? s : s + " { type " + type + " hook " + hook.nftName() + " priority " + priority
                + "; policy " + (policy == null ? "accept" : policy.text()) + "; }";
    }
}
