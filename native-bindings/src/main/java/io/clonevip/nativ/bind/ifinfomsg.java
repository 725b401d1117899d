package io.clonevip.nativ.bind;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** {@code struct ifinfomsg} (hand-written in jextract's shape: see package doc). */
@SuppressWarnings("checkstyle:TypeName")
public final class ifinfomsg {
    private ifinfomsg() {}

    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
        ValueLayout.JAVA_BYTE.withName("ifi_family"),
        ValueLayout.JAVA_BYTE.withName("__ifi_pad"),
        ValueLayout.JAVA_SHORT.withName("ifi_type"),
        ValueLayout.JAVA_INT.withName("ifi_index"),
        ValueLayout.JAVA_INT.withName("ifi_flags"),
        ValueLayout.JAVA_INT.withName("ifi_change")
    ).withName("ifinfomsg");

    public static GroupLayout layout() { return LAYOUT; }
    public static long sizeof() { return LAYOUT.byteSize(); }
    public static long ifi_family$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("ifi_family")); }
    public static byte ifi_family(MemorySegment s) { return s.get(ValueLayout.JAVA_BYTE, ifi_family$offset()); }
    public static void ifi_family(MemorySegment s, byte v) { s.set(ValueLayout.JAVA_BYTE, ifi_family$offset(), v); }
    public static long __ifi_pad$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("__ifi_pad")); }
    public static byte __ifi_pad(MemorySegment s) { return s.get(ValueLayout.JAVA_BYTE, __ifi_pad$offset()); }
    public static void __ifi_pad(MemorySegment s, byte v) { s.set(ValueLayout.JAVA_BYTE, __ifi_pad$offset(), v); }
    public static long ifi_type$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("ifi_type")); }
    public static short ifi_type(MemorySegment s) { return s.get(ValueLayout.JAVA_SHORT, ifi_type$offset()); }
    public static void ifi_type(MemorySegment s, short v) { s.set(ValueLayout.JAVA_SHORT, ifi_type$offset(), v); }
    public static long ifi_index$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("ifi_index")); }
    public static int ifi_index(MemorySegment s) { return s.get(ValueLayout.JAVA_INT, ifi_index$offset()); }
    public static void ifi_index(MemorySegment s, int v) { s.set(ValueLayout.JAVA_INT, ifi_index$offset(), v); }
    public static long ifi_flags$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("ifi_flags")); }
    public static int ifi_flags(MemorySegment s) { return s.get(ValueLayout.JAVA_INT, ifi_flags$offset()); }
    public static void ifi_flags(MemorySegment s, int v) { s.set(ValueLayout.JAVA_INT, ifi_flags$offset(), v); }
    public static long ifi_change$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("ifi_change")); }
    public static int ifi_change(MemorySegment s) { return s.get(ValueLayout.JAVA_INT, ifi_change$offset()); }
    public static void ifi_change(MemorySegment s, int v) { s.set(ValueLayout.JAVA_INT, ifi_change$offset(), v); }
}
