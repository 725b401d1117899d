package io.clonevip.nativ.bind;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** {@code struct ipt_get_entries}; the buffer of {@code IPT_SO_GET_ENTRIES}; the rules follow at {@code entrytable} (hand-written in jextract's shape: see package doc). */
@SuppressWarnings("checkstyle:TypeName")
public final class ipt_get_entries {
    private ipt_get_entries() {}

    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
        MemoryLayout.sequenceLayout(32, ValueLayout.JAVA_BYTE).withName("name"),
        ValueLayout.JAVA_INT.withName("size"),
        MemoryLayout.paddingLayout(4)
    ).withName("ipt_get_entries");

    public static GroupLayout layout() { return LAYOUT; }
    public static long sizeof() { return LAYOUT.byteSize(); }

    public static long name$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("name")); }
    public static MemorySegment name(MemorySegment s) { return s.asSlice(name$offset(), LAYOUT.select(MemoryLayout.PathElement.groupElement("name")).byteSize()); }

    public static long size$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("size")); }
    public static int size(MemorySegment s) { return s.get(ValueLayout.JAVA_INT, size$offset()); }
    public static void size(MemorySegment s, int v) { s.set(ValueLayout.JAVA_INT, size$offset(), v); }

    /** Offset of the flexible array member {@code entrytable} (= {@link #sizeof()}). */
    public static long entrytable$offset() { return LAYOUT.byteSize(); }
}
