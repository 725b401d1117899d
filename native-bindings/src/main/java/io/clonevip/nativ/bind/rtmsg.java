package io.clonevip.nativ.bind;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** {@code struct rtmsg} (hand-written in jextract's shape: see package doc). */
@SuppressWarnings("checkstyle:TypeName")
public final class rtmsg {
    private rtmsg() {}

    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
        ValueLayout.JAVA_BYTE.withName("rtm_family"),
        ValueLayout.JAVA_BYTE.withName("rtm_dst_len"),
        ValueLayout.JAVA_BYTE.withName("rtm_src_len"),
        ValueLayout.JAVA_BYTE.withName("rtm_tos"),
        ValueLayout.JAVA_BYTE.withName("rtm_table"),
        ValueLayout.JAVA_BYTE.withName("rtm_protocol"),
        ValueLayout.JAVA_BYTE.withName("rtm_scope"),
        ValueLayout.JAVA_BYTE.withName("rtm_type"),
        ValueLayout.JAVA_INT.withName("rtm_flags")
    ).withName("rtmsg");

    public static GroupLayout layout() { return LAYOUT; }
    public static long sizeof() { return LAYOUT.byteSize(); }
    public static long rtm_family$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("rtm_family")); }
    public static byte rtm_family(MemorySegment s) { return s.get(ValueLayout.JAVA_BYTE, rtm_family$offset()); }
    public static void rtm_family(MemorySegment s, byte v) { s.set(ValueLayout.JAVA_BYTE, rtm_family$offset(), v); }
    public static long rtm_dst_len$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("rtm_dst_len")); }
    public static byte rtm_dst_len(MemorySegment s) { return s.get(ValueLayout.JAVA_BYTE, rtm_dst_len$offset()); }
    public static void rtm_dst_len(MemorySegment s, byte v) { s.set(ValueLayout.JAVA_BYTE, rtm_dst_len$offset(), v); }
    public static long rtm_src_len$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("rtm_src_len")); }
    public static byte rtm_src_len(MemorySegment s) { return s.get(ValueLayout.JAVA_BYTE, rtm_src_len$offset()); }
    public static void rtm_src_len(MemorySegment s, byte v) { s.set(ValueLayout.JAVA_BYTE, rtm_src_len$offset(), v); }
    public static long rtm_tos$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("rtm_tos")); }
    public static byte rtm_tos(MemorySegment s) { return s.get(ValueLayout.JAVA_BYTE, rtm_tos$offset()); }
    public static void rtm_tos(MemorySegment s, byte v) { s.set(ValueLayout.JAVA_BYTE, rtm_tos$offset(), v); }
    public static long rtm_table$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("rtm_table")); }
    public static byte rtm_table(MemorySegment s) { return s.get(ValueLayout.JAVA_BYTE, rtm_table$offset()); }
    public static void rtm_table(MemorySegment s, byte v) { s.set(ValueLayout.JAVA_BYTE, rtm_table$offset(), v); }
    public static long rtm_protocol$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("rtm_protocol")); }
    public static byte rtm_protocol(MemorySegment s) { return s.get(ValueLayout.JAVA_BYTE, rtm_protocol$offset()); }
    public static void rtm_protocol(MemorySegment s, byte v) { s.set(ValueLayout.JAVA_BYTE, rtm_protocol$offset(), v); }
    public static long rtm_scope$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("rtm_scope")); }
    public static byte rtm_scope(MemorySegment s) { return s.get(ValueLayout.JAVA_BYTE, rtm_scope$offset()); }
    public static void rtm_scope(MemorySegment s, byte v) { s.set(ValueLayout.JAVA_BYTE, rtm_scope$offset(), v); }
    public static long rtm_type$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("rtm_type")); }
    public static byte rtm_type(MemorySegment s) { return s.get(ValueLayout.JAVA_BYTE, rtm_type$offset()); }
    public static void rtm_type(MemorySegment s, byte v) { s.set(ValueLayout.JAVA_BYTE, rtm_type$offset(), v); }
    public static long rtm_flags$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("rtm_flags")); }
    public static int rtm_flags(MemorySegment s) { return s.get(ValueLayout.JAVA_INT, rtm_flags$offset()); }
    public static void rtm_flags(MemorySegment s, int v) { s.set(ValueLayout.JAVA_INT, rtm_flags$offset(), v); }
}
