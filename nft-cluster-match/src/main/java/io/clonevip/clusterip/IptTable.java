package io.clonevip.clusterip;

import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.ip_tables_h;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A legacy iptables table as the kernel hands it out with {@code IPT_SO_GET_ENTRIES}: the
 * entries in blob order, which entry starts each built-in chain (hook entry) and which one is
 * its policy (underflow), and the jumps between entries. Offsets are turned into entry
 * references when reading and back into offsets when {@linkplain #layout() laying out}, so an
 * insert or a removal keeps every foreign rule, jump, hook entry and underflow right.
 *
 * <p>Immutable: {@link #insertAtChainStart} and {@link #remove} return new tables that share the
 * untouched {@link IptEntry} objects (identity is what maps old counters to new entries).
 */
public final class IptTable {
    private final String name;
    private final int validHooks;
    private final List<IptEntry> entries;
    private final IptEntry[] hookEntry;
    private final IptEntry[] underflow;
    private final Map<IptEntry, IptEntry> jumps;

    private IptTable(String name, int validHooks, List<IptEntry> entries, IptEntry[] hookEntry,
                     IptEntry[] underflow, Map<IptEntry, IptEntry> jumps) {
        this.name = name;
        this.validHooks = validHooks;
        this.entries = List.copyOf(entries);
        this.hookEntry = hookEntry;
        this.underflow = underflow;
        this.jumps = jumps;
    }

    /**
     * Parses the entry blob of {@code size} bytes; {@code hookEntryOffsets}/{@code underflowOffsets}
     * are indexed by hook number as {@code ipt_getinfo} gives them.
     */
    static IptTable parse(String name, int validHooks, int[] hookEntryOffsets, int[] underflowOffsets,
                          MemorySegment blob, int size) throws KernelException {
        List<IptEntry> list = new ArrayList<>();
        Map<Integer, IptEntry> byOffset = new java.util.HashMap<>();
        long off = 0;
        while (off < size) {
            IptEntry e = IptEntry.read(blob.asSlice(off, size - off));
            byOffset.put((int) off, e);
            list.add(e);
            off += e.size();
        }
        if (list.isEmpty() || !list.getLast().isError()) {
            throw KernelException.malformed("iptables table", "the table does not end with its ERROR entry");
        }
        int hooks = ip_tables_h.NF_INET_NUMHOOKS();
        IptEntry[] he = new IptEntry[hooks];
        IptEntry[] uf = new IptEntry[hooks];
        for (int h = 0; h < hooks; h++) {
            if ((validHooks & (1 << h)) == 0) continue;
            he[h] = at(byOffset, hookEntryOffsets[h], "hook entry " + h);
            uf[h] = at(byOffset, underflowOffsets[h], "underflow " + h);
            if (!uf[h].isStandard() || uf[h].verdict() >= 0) { // the kernel's check_underflow
                throw KernelException.malformed("iptables table", "the policy of hook " + h + " at offset " + underflowOffsets[h]
                        + " is not a verdict");
            }
            if (list.indexOf(he[h]) > list.indexOf(uf[h])) {
                throw KernelException.malformed("iptables table", "hook " + h + " starts at offset " + hookEntryOffsets[h]
                        + ", after its policy at offset " + underflowOffsets[h]);
            }
        }
        Map<IptEntry, IptEntry> jumps = new IdentityHashMap<>();
        for (IptEntry e : list) {
            if (e.isJump()) jumps.put(e, at(byOffset, e.verdict(), "jump target"));
        }
        return new IptTable(name, validHooks, list, he, uf, jumps);
    }

    private static IptEntry at(Map<Integer, IptEntry> byOffset, int offset, String what) throws KernelException {
        IptEntry e = byOffset.get(offset);
        if (e == null) throw KernelException.malformed("iptables table", what + " at offset " + offset + " is not the start of an entry");
        return e;
    }

    public String name() { return name; }
    public int validHooks() { return validHooks; }
    /** All entries in blob order (built-in chains, user chains, the final ERROR entry). */
    public List<IptEntry> entries() { return entries; }

    /** The rules of built-in chain {@code hook}, without its policy entry. */
    public List<IptEntry> chain(int hook) {
        checkHook(hook);
        return entries.subList(indexOf(hookEntry[hook]), indexOf(underflow[hook]));
    }

    /** The policy entry of built-in chain {@code hook}. */
    public IptEntry policy(int hook) {
        checkHook(hook);
        return underflow[hook];
    }

    /** Where entry {@code e} jumps to, if it is a jump. */
    public Optional<IptEntry> jumpTarget(IptEntry e) {
        return Optional.ofNullable(jumps.get(e));
    }

    /** A table with {@code e} as the first rule of built-in chain {@code hook}. */
    public IptTable insertAtChainStart(int hook, IptEntry e) {
        checkHook(hook);
        if (indexOf(e) >= 0) throw new IllegalArgumentException("entry is already in the table");
        List<IptEntry> list = new ArrayList<>(entries);
        list.add(indexOf(hookEntry[hook]), e);
        IptEntry[] he = hookEntry.clone();
        he[hook] = e;
        return new IptTable(name, validHooks, list, he, underflow, jumps);
    }

    /**
     * A table without rule {@code e}; refuses policies and chain heads. What started at {@code e}
     * (a built-in chain, a jump) starts at the entry after it.
     */
    public IptTable remove(IptEntry e) {
        int i = indexOf(e);
        if (i < 0) throw new IllegalArgumentException("entry is not in the table");
        for (IptEntry u : underflow) if (u == e) throw new IllegalArgumentException("cannot remove a chain policy");
        if (e.isError()) throw new IllegalArgumentException("cannot remove a chain head or the table end");
        IptEntry next = entries.get(i + 1); // a policy or the final ERROR entry follows every other entry
        List<IptEntry> list = new ArrayList<>(entries);
        list.remove(i);
        IptEntry[] he = hookEntry.clone();
        for (int h = 0; h < he.length; h++) {
            if (he[h] == e) he[h] = next;
        }
        Map<IptEntry, IptEntry> j = new IdentityHashMap<>(jumps);
        j.remove(e);
        j.replaceAll((from, to) -> to == e ? next : to);
        return new IptTable(name, validHooks, list, he, underflow, j);
    }

    /** The position of {@code e} in {@link #entries()} by identity, or -1. */
    public int indexOf(IptEntry e) {
        for (int i = 0; i < entries.size(); i++) if (entries.get(i) == e) return i;
        return -1;
    }

    /** Offsets of everything once laid out as one blob, as {@code ipt_replace} needs them. */
    Layout layout() {
        Map<IptEntry, Integer> offsets = new IdentityHashMap<>();
        int off = 0;
        for (IptEntry e : entries) {
            offsets.put(e, off);
            off += e.size();
        }
        int hooks = ip_tables_h.NF_INET_NUMHOOKS();
        int[] he = new int[hooks];
        int[] uf = new int[hooks];
        for (int h = 0; h < hooks; h++) {
            if (hookEntry[h] == null) continue;
            he[h] = offsets.get(hookEntry[h]);
            uf[h] = offsets.get(underflow[h]);
        }
        return new Layout(off, Collections.unmodifiableMap(offsets), he, uf);
    }

    /** Writes every entry into {@code blob} at its {@code layout} offset, jumps re-targeted. */
    void writeEntries(MemorySegment blob, Layout layout) {
        for (IptEntry e : entries) {
            IptEntry target = jumps.get(e);
            e.writeTo(blob.asSlice(layout.offsets().get(e)), target == null ? -1 : layout.offsets().get(target));
        }
    }

    /** Blob size, entry offsets, and hook entry/underflow offsets indexed by hook. */
    record Layout(int size, Map<IptEntry, Integer> offsets, int[] hookEntry, int[] underflow) {}

    private void checkHook(int hook) {
        if (hook < 0 || hook >= hookEntry.length || hookEntry[hook] == null) {
            throw new IllegalArgumentException("table " + name + " has no built-in chain for hook " + hook);
        }
    }
}
