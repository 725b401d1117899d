package io.clonevip.nativ.bind;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** {@code struct xt_counters}; packet and byte counters of one rule (hand-written in jextract's shape: see package doc). */
@SuppressWarnings("checkstyle:TypeName")
public final class xt_counters {
    private xt_counters() {}

    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
        ValueLayout.JAVA_LONG.withName("pcnt"),
        ValueLayout.JAVA_LONG.withName("bcnt")
    ).withName("xt_counters");

    public static GroupLayout layout() { return LAYOUT; }
    public static long sizeof() { return LAYOUT.byteSize(); }

    public static long pcnt$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("pcnt")); }
    public static long pcnt(MemorySegment s) { return s.get(ValueLayout.JAVA_LONG, pcnt$offset()); }
    public static void pcnt(MemorySegment s, long v) { s.set(ValueLayout.JAVA_LONG, pcnt$offset(), v); }

    public static long bcnt$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("bcnt")); }
    public static long bcnt(MemorySegment s) { return s.get(ValueLayout.JAVA_LONG, bcnt$offset()); }
    public static void bcnt(MemorySegment s, long v) { s.set(ValueLayout.JAVA_LONG, bcnt$offset(), v); }
}
