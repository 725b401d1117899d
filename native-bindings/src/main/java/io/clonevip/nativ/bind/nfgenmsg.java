package io.clonevip.nativ.bind;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** {@code struct nfgenmsg} (hand-written in jextract's shape: see package doc). */
@SuppressWarnings("checkstyle:TypeName")
public final class nfgenmsg {
    private nfgenmsg() {}

    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
        ValueLayout.JAVA_BYTE.withName("nfgen_family"),
        ValueLayout.JAVA_BYTE.withName("version"),
        ValueLayout.JAVA_SHORT.withName("res_id")
    ).withName("nfgenmsg");

    public static GroupLayout layout() { return LAYOUT; }
    public static long sizeof() { return LAYOUT.byteSize(); }
    public static long nfgen_family$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("nfgen_family")); }
    public static byte nfgen_family(MemorySegment s) { return s.get(ValueLayout.JAVA_BYTE, nfgen_family$offset()); }
    public static void nfgen_family(MemorySegment s, byte v) { s.set(ValueLayout.JAVA_BYTE, nfgen_family$offset(), v); }
    public static long version$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("version")); }
    public static byte version(MemorySegment s) { return s.get(ValueLayout.JAVA_BYTE, version$offset()); }
    public static void version(MemorySegment s, byte v) { s.set(ValueLayout.JAVA_BYTE, version$offset(), v); }
    public static long res_id$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("res_id")); }
    public static short res_id(MemorySegment s) { return s.get(ValueLayout.JAVA_SHORT, res_id$offset()); }
    public static void res_id(MemorySegment s, short v) { s.set(ValueLayout.JAVA_SHORT, res_id$offset(), v); }
}
