package io.clonevip.nativ.bind;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** {@code struct inet_diag_req_v2}; a {@code SOCK_DIAG_BY_FAMILY} or {@code SOCK_DESTROY} request for an inet socket (hand-written in jextract's shape: see package doc). */
@SuppressWarnings("checkstyle:TypeName")
public final class inet_diag_req_v2 {
    private inet_diag_req_v2() {}

    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
        ValueLayout.JAVA_BYTE.withName("sdiag_family"),
        ValueLayout.JAVA_BYTE.withName("sdiag_protocol"),
        ValueLayout.JAVA_BYTE.withName("idiag_ext"),
        ValueLayout.JAVA_BYTE.withName("pad"),
        ValueLayout.JAVA_INT.withName("idiag_states"),
        inet_diag_sockid.layout().withName("id")
    ).withName("inet_diag_req_v2");

    public static GroupLayout layout() { return LAYOUT; }
    public static long sizeof() { return LAYOUT.byteSize(); }

    public static long sdiag_family$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("sdiag_family")); }
    public static byte sdiag_family(MemorySegment s) { return s.get(ValueLayout.JAVA_BYTE, sdiag_family$offset()); }
    public static void sdiag_family(MemorySegment s, byte v) { s.set(ValueLayout.JAVA_BYTE, sdiag_family$offset(), v); }

    public static long sdiag_protocol$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("sdiag_protocol")); }
    public static byte sdiag_protocol(MemorySegment s) { return s.get(ValueLayout.JAVA_BYTE, sdiag_protocol$offset()); }
    public static void sdiag_protocol(MemorySegment s, byte v) { s.set(ValueLayout.JAVA_BYTE, sdiag_protocol$offset(), v); }

    public static long idiag_ext$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("idiag_ext")); }
    public static byte idiag_ext(MemorySegment s) { return s.get(ValueLayout.JAVA_BYTE, idiag_ext$offset()); }
    public static void idiag_ext(MemorySegment s, byte v) { s.set(ValueLayout.JAVA_BYTE, idiag_ext$offset(), v); }

    public static long pad$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("pad")); }
    public static byte pad(MemorySegment s) { return s.get(ValueLayout.JAVA_BYTE, pad$offset()); }
    public static void pad(MemorySegment s, byte v) { s.set(ValueLayout.JAVA_BYTE, pad$offset(), v); }

    public static long idiag_states$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("idiag_states")); }
    public static int idiag_states(MemorySegment s) { return s.get(ValueLayout.JAVA_INT, idiag_states$offset()); }
    public static void idiag_states(MemorySegment s, int v) { s.set(ValueLayout.JAVA_INT, idiag_states$offset(), v); }

    public static long id$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("id")); }
    public static MemorySegment id(MemorySegment s) { return s.asSlice(id$offset(), LAYOUT.select(MemoryLayout.PathElement.groupElement("id")).byteSize()); }
}
