package io.clonevip.nativ.bind;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** {@code struct ifaddrmsg} (hand-written in jextract's shape: see package doc). */
@SuppressWarnings("checkstyle:TypeName")
public final class ifaddrmsg {
    private ifaddrmsg() {}

    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
        ValueLayout.JAVA_BYTE.withName("ifa_family"),
        ValueLayout.JAVA_BYTE.withName("ifa_prefixlen"),
        ValueLayout.JAVA_BYTE.withName("ifa_flags"),
        ValueLayout.JAVA_BYTE.withName("ifa_scope"),
        ValueLayout.JAVA_INT.withName("ifa_index")
    ).withName("ifaddrmsg");

    public static GroupLayout layout() { return LAYOUT; }
    public static long sizeof() { return LAYOUT.byteSize(); }
    public static long ifa_family$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("ifa_family")); }
    public static byte ifa_family(MemorySegment s) { return s.get(ValueLayout.JAVA_BYTE, ifa_family$offset()); }
    public static void ifa_family(MemorySegment s, byte v) { s.set(ValueLayout.JAVA_BYTE, ifa_family$offset(), v); }
    public static long ifa_prefixlen$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("ifa_prefixlen")); }
    public static byte ifa_prefixlen(MemorySegment s) { return s.get(ValueLayout.JAVA_BYTE, ifa_prefixlen$offset()); }
    public static void ifa_prefixlen(MemorySegment s, byte v) { s.set(ValueLayout.JAVA_BYTE, ifa_prefixlen$offset(), v); }
    public static long ifa_flags$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("ifa_flags")); }
    public static byte ifa_flags(MemorySegment s) { return s.get(ValueLayout.JAVA_BYTE, ifa_flags$offset()); }
    public static void ifa_flags(MemorySegment s, byte v) { s.set(ValueLayout.JAVA_BYTE, ifa_flags$offset(), v); }
    public static long ifa_scope$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("ifa_scope")); }
    public static byte ifa_scope(MemorySegment s) { return s.get(ValueLayout.JAVA_BYTE, ifa_scope$offset()); }
    public static void ifa_scope(MemorySegment s, byte v) { s.set(ValueLayout.JAVA_BYTE, ifa_scope$offset(), v); }
    public static long ifa_index$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("ifa_index")); }
    public static int ifa_index(MemorySegment s) { return s.get(ValueLayout.JAVA_INT, ifa_index$offset()); }
    public static void ifa_index(MemorySegment s, int v) { s.set(ValueLayout.JAVA_INT, ifa_index$offset(), v); }
}
