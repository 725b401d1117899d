package io.clonevip.nft;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.netlink_h;
import io.clonevip.nativ.bind.nf_tables_h;
import io.clonevip.netlink.Attr;
import io.clonevip.netlink.AttrWriter;
import io.clonevip.netlink.NetlinkConn;
import io.clonevip.netlink.NetlinkSocket;
import io.clonevip.netlink.NlMsg;
import io.clonevip.netlink.NlMsgBuilder;
import io.clonevip.netlink.Transport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A connection to nf_tables. {@link #transact} reads the generation, lets a {@link Planner} read
 * the ruleset and plan a {@link Batch}, and applies it as one atomic transaction only if the
 * ruleset is still that generation, retrying after a concurrent change; {@link #apply} sends one
 * batch with that check. Reading back ({@link #listTables}, {@link #readTable}) uses dumps. Every
 * kernel error is a {@link KernelException} with errno and extended-ack text.
 * Not thread-safe; it works in the network namespace its socket was opened in.
 */
public final class NftConn implements AutoCloseable {
    private final NetlinkConn nl;
    private final boolean destroySupported;
    private boolean planning;

    /** Over any transport; {@code destroySupported}: the kernel knows NFT_MSG_DESTROYTABLE (6.3+). */
    public NftConn(Transport transport, boolean destroySupported) {
        this.nl = new NetlinkConn(transport, NfGen.SIZE);
        this.destroySupported = destroySupported;
    }

    /** A connection over a new NETLINK_NETFILTER socket in the calling thread's network namespace. */
    public static NftConn open() throws KernelException {
        NftConn c = over(NetlinkSocket.open(netlink_h.NETLINK_NETFILTER()));
        OwnPorts.opened(c.portId());
        return c;
    }

    /** A connection over {@code transport} to this machine's kernel (e.g. a socket wrapped by a test that counts requests). */
    public static NftConn over(Transport transport) {
        return new NftConn(transport, kernelHasDestroy(System.getProperty("os.version")));
    }

    /** Whether a kernel release string ({@code uname -r}) is 6.3 or later. */
    static boolean kernelHasDestroy(String release) {
        String[] p = release.split("[.-]");
        try {
            int major = Integer.parseInt(p[0]);
            int minor = p.length > 1 ? Integer.parseInt(p[1]) : 0;
            return major > 6 || (major == 6 && minor >= 3);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    public boolean destroySupported() { return destroySupported; }

    /** The netlink port id of this connection's socket: the nlmsg_pid of the notifications its transactions cause. */
    public int portId() { return nl.transport().portId(); }

    // ---- transactions ----

    /**
     * Sends {@code batch} as one transaction, applied only if the ruleset generation is still
     * {@code genId} (0: no check); else KernelException ERESTART and nothing applied: read again
     * and retry, as {@link #transact} does.
     */
    public void apply(Batch batch, int genId) throws KernelException {
        Batch b = batch;
        if (!destroySupported && b.hasDestroy()) {
            b = b.withoutDestroy(new KernelState() {
                private List<Table> tables;

                @Override public List<Table> tables() throws KernelException {
                    if (tables == null) tables = listTables(null); // one dump per batch
                    return tables;
                }

                @Override public List<SetElement> elements(NftSet s) throws KernelException {
                    try {
                        return listElements(s.family(), s.table(), s.name());
                    } catch (KernelException e) {
                        if (e.is(Errno.ENOENT)) return List.of();
                        throw e;
                    }
                }
            });
        }
        if (b.isEmpty()) return;
        nl.execute("nft transaction", b.build(genId));
    }

    /** The ruleset generation id (NFT_MSG_GETGEN), for {@link #apply}. */
    public int getGenId() throws KernelException {
        NlMsgBuilder b = request(MsgType.GETGEN, netlink_h.NLM_F_REQUEST() | netlink_h.NLM_F_ACK(), 0, w -> { });
        for (NlMsg m : nl.execute("get ruleset generation", b)) {
            if (m.type() == MsgType.wire(MsgType.NEWGEN)) {
                Attr id = NfGen.attrs(m).require(nf_tables_h.NFTA_GEN_ID(), "NFTA_GEN_ID");
                return id.be32();
            }
        }
        throw KernelException.malformed("get ruleset generation", "no NFT_MSG_NEWGEN in the reply");
    }

    // ---- reading back ----

    /** Several reads that must see one ruleset generation. */
    @FunctionalInterface
    public interface Reads<T> {
        T read() throws KernelException;
    }

    /**
     * Runs {@code reads} (several dumps) so that all of them saw the same ruleset generation
     * (see {@link GenerationRetry}: the reads start over when the generation changed meanwhile,
     * also when one failed because what it read vanished).
     */
    public <T> T consistent(Reads<T> reads) throws KernelException {
        if (planning) return reads.read(); // the transaction's loop checks the generation
        return transact(() -> new Plan<>(new Batch(), reads.read())).value();
    }

    /**
     * Reads the generation, lets {@code planner} read the ruleset and plan a batch, applies it
     * only if the generation is unchanged, and starts over when another process changed the
     * ruleset meanwhile (the one retry loop: {@link GenerationRetry}). Returns the plan's value
     * and the generation it holds for.
     */
    public <T> Applied<T> transact(Planner<T> planner) throws KernelException {
        return new GenerationRetry(this).run(planner);
    }

    /** Runs one attempt of a planner; reads inside it are checked by the loop, not once more. */
    <T> Plan<T> plan(Planner<T> planner) throws KernelException {
        boolean outer = planning;
        planning = true;
        try {
            return planner.plan();
        } finally {
            planning = outer;
        }
    }

    /** Tables of {@code family} (null: all families). A table that does not decode is a KernelException (EBADMSG). */
    public List<Table> listTables(Family family) throws KernelException {
        List<Table> out = new ArrayList<>();
        for (NlMsg m : dump("list tables", MsgType.GETTABLE, family, w -> { }, MsgType.NEWTABLE)) out.add(Table.decode(m));
        return out;
    }

    /**
     * The names of the tables of {@code family}, without decoding anything else: a table of
     * another program that clonevip cannot decode is listed by name (or left out when even its
     * name does not read) instead of failing the listing.
     */
    public List<String> listTableNames(Family family) throws KernelException {
        List<String> out = new ArrayList<>();
        for (NlMsg m : dump("list tables", MsgType.GETTABLE, family, w -> { }, MsgType.NEWTABLE)) {
            String name = NfGen.name(m, nf_tables_h.NFTA_TABLE_NAME());
            if (name != null) out.add(name);
        }
        return out;
    }

    /** The table, or null if it does not exist; other tables are not decoded. */
    public Table getTable(Family family, String name) throws KernelException {
        for (NlMsg m : dump("list tables", MsgType.GETTABLE, family, w -> { }, MsgType.NEWTABLE)) {
            if (name.equals(NfGen.name(m, nf_tables_h.NFTA_TABLE_NAME()))) return Table.decode(m);
        }
        return null;
    }

    /**
     * The chains of {@code table}. The kernel dumps the chains of every table of the family; the
     * other tables' chains are skipped by their NFTA_CHAIN_TABLE without being decoded, so a
     * chain clonevip cannot decode in another program's table never fails the read.
     */
    public List<Chain> listChains(Family family, String table) throws KernelException {
        List<Chain> out = new ArrayList<>();
        for (NlMsg m : dump("list chains", MsgType.GETCHAIN, family, w -> { }, MsgType.NEWCHAIN)) {
            if (table.equals(NfGen.name(m, nf_tables_h.NFTA_CHAIN_TABLE()))) out.add(Chain.decode(m));
        }
        return out;
    }

    public List<NftSet> listSets(Family family, String table) throws KernelException {
        List<NftSet> out = new ArrayList<>();
        for (NlMsg m : dump("list sets", MsgType.GETSET, family, w -> w.string(nf_tables_h.NFTA_SET_TABLE(), table), MsgType.NEWSET)) {
            if (table.equals(NfGen.name(m, nf_tables_h.NFTA_SET_TABLE()))) out.add(NftSet.decode(m));
        }
        return out;
    }

    /** Elements of a set, with their counters if the set counts. */
    public List<SetElement> listElements(Family family, String table, String set) throws KernelException {
        List<SetElement> out = new ArrayList<>();
        for (NlMsg m : dump("list elements of set " + set, MsgType.GETSETELEM, family, w -> {
            w.string(nf_tables_h.NFTA_SET_ELEM_LIST_TABLE(), table);
            w.string(nf_tables_h.NFTA_SET_ELEM_LIST_SET(), set);
        }, MsgType.NEWSETELEM)) {
            if (!table.equals(NfGen.name(m, nf_tables_h.NFTA_SET_ELEM_LIST_TABLE()))
                    || !set.equals(NfGen.name(m, nf_tables_h.NFTA_SET_ELEM_LIST_SET()))) continue; // another set's
            Attr list = NfGen.attrs(m).get(nf_tables_h.NFTA_SET_ELEM_LIST_ELEMENTS());
            if (list == null) continue;
            for (Attr e : list.nested().all()) out.add(SetElement.decode(e.nested()));
        }
        return out;
    }

    /** Rules of a table (all chains), in order, with handles. */
    public List<Rule> listRules(Family family, String table) throws KernelException {
        List<Rule> out = new ArrayList<>();
        for (NlMsg m : dump("list rules", MsgType.GETRULE, family, w -> w.string(nf_tables_h.NFTA_RULE_TABLE(), table), MsgType.NEWRULE)) {
            if (table.equals(NfGen.name(m, nf_tables_h.NFTA_RULE_TABLE()))) out.add(Rule.decode(m));
        }
        return out;
    }

    /** The whole table, or null if it does not exist. */
    public TableContents readTable(Family family, String name) throws KernelException {
        return consistent(() -> readTableOnce(family, name));
    }

    private TableContents readTableOnce(Family family, String name) throws KernelException {
        Table t = getTable(family, name);
        if (t == null) return null;
        List<NftSet> sets = listSets(family, name);
        Map<String, List<SetElement>> elements = new LinkedHashMap<>();
        for (NftSet s : sets) elements.put(s.name(), listElements(family, name, s.name()));
        return new TableContents(t, listChains(family, name), sets, elements, listRules(family, name));
    }

    private List<NlMsg> dump(String op, int msg, Family family, Consumer<AttrWriter> attrs, int replyMsg) throws KernelException {
        NlMsgBuilder b = request(msg, netlink_h.NLM_F_REQUEST() | netlink_h.NLM_F_DUMP(), family == null ? 0 : family.number(), attrs);
        List<NlMsg> out = new ArrayList<>();
        for (NlMsg m : nl.dump(op, b)) if (m.type() == MsgType.wire(replyMsg)) out.add(m);
        return out;
    }

    private static NlMsgBuilder request(int msg, int flags, int family, Consumer<AttrWriter> attrs) {
        NlMsgBuilder b = new NlMsgBuilder();
        AttrWriter w = b.begin(MsgType.wire(msg), flags);
        NfGen.write(w, family, 0);
        attrs.accept(w);
        return b.end();
    }

    @Override
    public void close() {
        OwnPorts.closed(portId());
        nl.close();
    }
}
