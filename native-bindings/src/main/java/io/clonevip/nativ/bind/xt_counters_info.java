package io.clonevip.nativ.bind;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** {@code struct xt_counters_info}; the argument of {@code IPT_SO_SET_ADD_COUNTERS}; the counters follow at {@code counters} (hand-written in jextract's shape: see package doc). */
@SuppressWarnings("checkstyle:TypeName")
public final class xt_counters_info {
    private xt_counters_info() {}

    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
        MemoryLayout.sequenceLayout(32, ValueLayout.JAVA_BYTE).withName("name"),
        ValueLayout.JAVA_INT.withName("num_counters"),
        MemoryLayout.paddingLayout(4)
    ).withName("xt_counters_info");

    public static GroupLayout layout() { return LAYOUT; }
    public static long sizeof() { return LAYOUT.byteSize(); }

    public static long name$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("name")); }
    public static MemorySegment name(MemorySegment s) { return s.asSlice(name$offset(), LAYOUT.select(MemoryLayout.PathElement.groupElement("name")).byteSize()); }

    public static long num_counters$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("num_counters")); }
    public static int num_counters(MemorySegment s) { return s.get(ValueLayout.JAVA_INT, num_counters$offset()); }
    public static void num_counters(MemorySegment s, int v) { s.set(ValueLayout.JAVA_INT, num_counters$offset(), v); }

    /** Offset of the flexible array member {@code counters} (= {@link #sizeof()}). */
    public static long counters$offset() { return LAYOUT.byteSize(); }
}
