package io.clonevip.nft;

import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.netlink_h;
import io.clonevip.nativ.bind.nf_tables_h;
import io.clonevip.nativ.bind.nfnetlink_h;
import io.clonevip.netlink.AttrWriter;
import io.clonevip.netlink.NlMsgBuilder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * An nf_tables transaction being prepared: operations in order, sent by {@link NftConn} as one
 * datagram {@code NFNL_MSG_BATCH_BEGIN, messages..., NFNL_MSG_BATCH_END} that the kernel applies
 * completely or not at all. Every inner message carries NLM_F_ACK. {@link #build(int)} gives the
 * bytes without a connection (golden tests).
 */
public final class Batch {
    private static final int REQ = netlink_h.NLM_F_REQUEST() | netlink_h.NLM_F_ACK();
    private static final int CREATE = REQ | netlink_h.NLM_F_CREATE();

    /**
     * One queued message. {@code fallback} is set for DESTROY messages: it gives the message to
     * send instead on a kernel without them (a DEL of what exists), or null for nothing.
     */
    private record Msg(int msg, int flags, Family family, Consumer<AttrWriter> body, Fallback fallback) {}

    /** The replacement of a DESTROY message on a kernel before 6.3. */
    private interface Fallback {
        Msg replace(KernelState state) throws KernelException;
    }

    private final List<Msg> msgs = new ArrayList<>();

    private Batch add(int msg, int flags, Family family, Consumer<AttrWriter> body) {
        msgs.add(new Msg(msg, flags, family, body, null));
        return this;
    }

    /** {@code add table}: creates the table, or leaves an existing one as it is (no NLM_F_EXCL). */
    public Batch addTable(Table t) { return add(MsgType.NEWTABLE, CREATE, t.family(), t::encode); }

    /** {@code delete table}: the kernel fails the batch with ENOENT if it does not exist. */
    public Batch deleteTable(Table t) { return add(MsgType.DELTABLE, REQ, t.family(), t::encodeKey); }

    /** {@code destroy table}: deletes the table and everything in it if it exists; no error if not. */
    public Batch destroyTable(Table t) {
        msgs.add(new Msg(MsgType.DESTROYTABLE, REQ, t.family(), t::encodeKey, state ->
                state.tables().stream().anyMatch(t::sameAs) ? new Msg(MsgType.DELTABLE, REQ, t.family(), t::encodeKey, null) : null));
        return this;
    }

    public Batch addChain(Chain c) { return add(MsgType.NEWCHAIN, CREATE, c.family(), c::encode); }

    public Batch deleteChain(Chain c) { return add(MsgType.DELCHAIN, REQ, c.family(), c::encodeKey); }

    public Batch addSet(NftSet s) { return add(MsgType.NEWSET, CREATE, s.family(), s::encode); }

    public Batch deleteSet(NftSet s) { return add(MsgType.DELSET, REQ, s.family(), s::encodeKey); }

    /**
     * Elements per NEWSETELEM/DELSETELEM message: an element is at most 76 bytes (a 64-byte key in
     * its nests), and the element list is one attribute, whose length field has 16 bits. Longer
     * lists go in several messages of the same transaction, as nft itself sends them.
     */
    static final int ELEMENTS_PER_MESSAGE = 512;

    /** Adds elements (existing ones are kept: no NLM_F_EXCL). */
    public Batch addElements(NftSet s, Collection<SetElement> elements) {
        for (List<SetElement> l : chunks(elements)) add(MsgType.NEWSETELEM, CREATE, s.family(), w -> encodeElements(w, s, l));
        return this;
    }

    /** Deletes elements; the kernel fails the batch with ENOENT for an element not in the set. */
    public Batch deleteElements(NftSet s, Collection<SetElement> elements) {
        for (List<SetElement> l : chunks(elements)) add(MsgType.DELSETELEM, REQ, s.family(), w -> encodeElements(w, s, l));
        return this;
    }

    /**
     * Removes those of {@code elements} that are in the set, without error for the others
     * (NFT_MSG_DESTROYSETELEM, kernel 6.3; earlier kernels: a delete of the present ones).
     */
    public Batch destroyElements(NftSet s, Collection<SetElement> elements) {
        for (List<SetElement> l : chunks(elements)) {
            msgs.add(new Msg(MsgType.DESTROYSETELEM, REQ, s.family(), w -> encodeElements(w, s, l), state -> {
                var present = state.elements(s).stream().map(SetElement::key).collect(java.util.stream.Collectors.toSet());
                List<SetElement> del = l.stream().filter(e -> present.contains(e.key())).toList();
                return del.isEmpty() ? null : new Msg(MsgType.DELSETELEM, REQ, s.family(), w -> encodeElements(w, s, del), null);
            }));
        }
        return this;
    }

    /** {@code flush set}: removes every element (NFT_MSG_DELSETELEM without an element list). */
    public Batch flushSet(NftSet s) { return add(MsgType.DELSETELEM, REQ, s.family(), w -> encodeElements(w, s, null)); }

    /** {@code add rule}: appends the rule to its chain. */
    public Batch addRule(Rule r) {
        return add(MsgType.NEWRULE, CREATE | netlink_h.NLM_F_APPEND(), r.family(), r::encode);
    }

    /** Deletes the rule with {@link Rule#handle()}. */
    public Batch deleteRule(Rule r) {
        if (r.handle() == 0) throw new IllegalArgumentException("deleting a rule needs its handle");
        return add(MsgType.DELRULE, REQ, r.family(), r::encodeKey);
    }

    /** Appends the operations of {@code other} (e.g. destroy table + the table's new contents). */
    public Batch append(Batch other) {
        msgs.addAll(other.msgs);
        return this;
    }

    public int size() { return msgs.size(); }

    public boolean isEmpty() { return msgs.isEmpty(); }

    /** Message type (MsgType) of operation {@code i}. */
    public int msgType(int i) { return msgs.get(i).msg(); }

    /** {@code elements} in lists of at most {@link #ELEMENTS_PER_MESSAGE}; one empty list for none. */
    private static List<List<SetElement>> chunks(Collection<SetElement> elements) {
        List<SetElement> all = List.copyOf(elements);
        if (all.isEmpty()) return List.of(all);
        List<List<SetElement>> out = new java.util.ArrayList<>();
        for (int i = 0; i < all.size(); i += ELEMENTS_PER_MESSAGE) {
            out.add(all.subList(i, Math.min(all.size(), i + ELEMENTS_PER_MESSAGE)));
        }
        return out;
    }

    private static void encodeElements(AttrWriter w, NftSet s, List<SetElement> elements) {
        w.string(nf_tables_h.NFTA_SET_ELEM_LIST_TABLE(), s.table());
        w.string(nf_tables_h.NFTA_SET_ELEM_LIST_SET(), s.name());
        if (s.id() != 0) w.be32(nf_tables_h.NFTA_SET_ELEM_LIST_SET_ID(), s.id());
        if (elements == null) return;
        int m = w.nestStart(nf_tables_h.NFTA_SET_ELEM_LIST_ELEMENTS());
        int i = 0;
        for (SetElement e : elements) {
            // libnftnl numbers the element nests 1, 2, 3...; the kernel ignores the type
            int em = w.nestStart(++i);
            e.encode(w);
            w.nestEnd(em);
        }
        w.nestEnd(m);
    }

    /**
     * The transaction as one request: BATCH_BEGIN (with NFNL_BATCH_GENID if {@code genId} is not
     * 0), the messages, BATCH_END. Sequence numbers are assigned when sent.
     */
    public NlMsgBuilder build(int genId) {
        NlMsgBuilder b = new NlMsgBuilder();
        AttrWriter begin = b.begin(nfnetlink_h.NFNL_MSG_BATCH_BEGIN(), netlink_h.NLM_F_REQUEST());
        NfGen.write(begin, 0, nfnetlink_h.NFNL_SUBSYS_NFTABLES());
        if (genId != 0) begin.be32(nfnetlink_h.NFNL_BATCH_GENID(), genId);
        for (Msg m : msgs) {
            AttrWriter w = b.begin(MsgType.wire(m.msg()), m.flags());
            NfGen.write(w, m.family().number(), 0);
            m.body().accept(w);
        }
        NfGen.write(b.begin(nfnetlink_h.NFNL_MSG_BATCH_END(), netlink_h.NLM_F_REQUEST()), 0, nfnetlink_h.NFNL_SUBSYS_NFTABLES());
        return b.end();
    }

    /**
     * This batch for a kernel without the DESTROY messages (before 6.3): each destroy becomes a
     * delete of what {@code state} says exists, or is dropped. The state is read before the batch
     * is sent: use a genid check to exclude changes in between.
     */
    Batch withoutDestroy(KernelState state) throws KernelException {
        Batch out = new Batch();
        for (Msg m : msgs) {
            if (m.fallback() == null) {
                out.msgs.add(m);
            } else {
                Msg r = m.fallback().replace(state);
                if (r != null) out.msgs.add(r);
            }
        }
        return out;
    }

    boolean hasDestroy() { return msgs.stream().anyMatch(m -> m.fallback() != null); }
}
