package io.clonevip.nativ.bind;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** {@code struct ipt_entry}; one rule; its matches and target follow at {@code elems} (hand-written in jextract's shape: see package doc). */
@SuppressWarnings("checkstyle:TypeName")
public final class ipt_entry {
    private ipt_entry() {}

    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
        ipt_ip.layout().withName("ip"),
        ValueLayout.JAVA_INT.withName("nfcache"),
        ValueLayout.JAVA_SHORT.withName("target_offset"),
        ValueLayout.JAVA_SHORT.withName("next_offset"),
        ValueLayout.JAVA_INT.withName("comefrom"),
        xt_counters.layout().withName("counters")
    ).withName("ipt_entry");

    public static GroupLayout layout() { return LAYOUT; }
    public static long sizeof() { return LAYOUT.byteSize(); }

    public static long ip$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("ip")); }
    public static MemorySegment ip(MemorySegment s) { return s.asSlice(ip$offset(), LAYOUT.select(MemoryLayout.PathElement.groupElement("ip")).byteSize()); }

    public static long nfcache$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("nfcache")); }
    public static int nfcache(MemorySegment s) { return s.get(ValueLayout.JAVA_INT, nfcache$offset()); }
    public static void nfcache(MemorySegment s, int v) { s.set(ValueLayout.JAVA_INT, nfcache$offset(), v); }

    public static long target_offset$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("target_offset")); }
    public static short target_offset(MemorySegment s) { return s.get(ValueLayout.JAVA_SHORT, target_offset$offset()); }
    public static void target_offset(MemorySegment s, short v) { s.set(ValueLayout.JAVA_SHORT, target_offset$offset(), v); }

    public static long next_offset$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("next_offset")); }
    public static short next_offset(MemorySegment s) { return s.get(ValueLayout.JAVA_SHORT, next_offset$offset()); }
    public static void next_offset(MemorySegment s, short v) { s.set(ValueLayout.JAVA_SHORT, next_offset$offset(), v); }

    public static long comefrom$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("comefrom")); }
    public static int comefrom(MemorySegment s) { return s.get(ValueLayout.JAVA_INT, comefrom$offset()); }
    public static void comefrom(MemorySegment s, int v) { s.set(ValueLayout.JAVA_INT, comefrom$offset(), v); }

    public static long counters$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("counters")); }
    public static MemorySegment counters(MemorySegment s) { return s.asSlice(counters$offset(), LAYOUT.select(MemoryLayout.PathElement.groupElement("counters")).byteSize()); }

    /** Offset of the flexible array member {@code elems} (= {@link #sizeof()}). */
    public static long elems$offset() { return LAYOUT.byteSize(); }
}
