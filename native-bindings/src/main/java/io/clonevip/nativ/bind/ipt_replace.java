package io.clonevip.nativ.bind;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** {@code struct ipt_replace}; the argument of {@code IPT_SO_SET_REPLACE}; the rules follow at {@code entries} (hand-written in jextract's shape: see package doc). */
@SuppressWarnings("checkstyle:TypeName")
public final class ipt_replace {
    private ipt_replace() {}

    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
        MemoryLayout.sequenceLayout(32, ValueLayout.JAVA_BYTE).withName("name"),
        ValueLayout.JAVA_INT.withName("valid_hooks"),
        ValueLayout.JAVA_INT.withName("num_entries"),
        ValueLayout.JAVA_INT.withName("size"),
        MemoryLayout.sequenceLayout(5, ValueLayout.JAVA_INT).withName("hook_entry"),
        MemoryLayout.sequenceLayout(5, ValueLayout.JAVA_INT).withName("underflow"),
        ValueLayout.JAVA_INT.withName("num_counters"),
        ValueLayout.ADDRESS.withName("counters")
    ).withName("ipt_replace");

    public static GroupLayout layout() { return LAYOUT; }
    public static long sizeof() { return LAYOUT.byteSize(); }

    public static long name$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("name")); }
    public static MemorySegment name(MemorySegment s) { return s.asSlice(name$offset(), LAYOUT.select(MemoryLayout.PathElement.groupElement("name")).byteSize()); }

    public static long valid_hooks$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("valid_hooks")); }
    public static int valid_hooks(MemorySegment s) { return s.get(ValueLayout.JAVA_INT, valid_hooks$offset()); }
    public static void valid_hooks(MemorySegment s, int v) { s.set(ValueLayout.JAVA_INT, valid_hooks$offset(), v); }

    public static long num_entries$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("num_entries")); }
    public static int num_entries(MemorySegment s) { return s.get(ValueLayout.JAVA_INT, num_entries$offset()); }
    public static void num_entries(MemorySegment s, int v) { s.set(ValueLayout.JAVA_INT, num_entries$offset(), v); }

    public static long size$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("size")); }
    public static int size(MemorySegment s) { return s.get(ValueLayout.JAVA_INT, size$offset()); }
    public static void size(MemorySegment s, int v) { s.set(ValueLayout.JAVA_INT, size$offset(), v); }

    public static long hook_entry$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("hook_entry")); }
    public static MemorySegment hook_entry(MemorySegment s) { return s.asSlice(hook_entry$offset(), LAYOUT.select(MemoryLayout.PathElement.groupElement("hook_entry")).byteSize()); }
    public static int hook_entry(MemorySegment s, long index) { return s.get(ValueLayout.JAVA_INT, hook_entry$offset() + index * 4); }
    public static void hook_entry(MemorySegment s, long index, int v) { s.set(ValueLayout.JAVA_INT, hook_entry$offset() + index * 4, v); }

    public static long underflow$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("underflow")); }
    public static MemorySegment underflow(MemorySegment s) { return s.asSlice(underflow$offset(), LAYOUT.select(MemoryLayout.PathElement.groupElement("underflow")).byteSize()); }
    public static int underflow(MemorySegment s, long index) { return s.get(ValueLayout.JAVA_INT, underflow$offset() + index * 4); }
    public static void underflow(MemorySegment s, long index, int v) { s.set(ValueLayout.JAVA_INT, underflow$offset() + index * 4, v); }

    public static long num_counters$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("num_counters")); }
    public static int num_counters(MemorySegment s) { return s.get(ValueLayout.JAVA_INT, num_counters$offset()); }
    public static void num_counters(MemorySegment s, int v) { s.set(ValueLayout.JAVA_INT, num_counters$offset(), v); }

    public static long counters$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("counters")); }
    public static MemorySegment counters(MemorySegment s) { return s.get(ValueLayout.ADDRESS, counters$offset()); }
    public static void counters(MemorySegment s, MemorySegment v) { s.set(ValueLayout.ADDRESS, counters$offset(), v); }

    /** Offset of the flexible array member {@code entries} (= {@link #sizeof()}). */
    public static long entries$offset() { return LAYOUT.byteSize(); }
}
