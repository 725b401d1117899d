package io.clonevip.nativ.bind;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** {@code struct inet_diag_sockid}; a socket's identity in sock_diag (ports and addresses in network order, {@code linux/inet_diag.h}) (hand-written in jextract's shape: see package doc). */
@SuppressWarnings("checkstyle:TypeName")
public final class inet_diag_sockid {
    private inet_diag_sockid() {}

    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
        ValueLayout.JAVA_SHORT.withName("idiag_sport"),
        ValueLayout.JAVA_SHORT.withName("idiag_dport"),
        MemoryLayout.sequenceLayout(4, ValueLayout.JAVA_INT).withName("idiag_src"),
        MemoryLayout.sequenceLayout(4, ValueLayout.JAVA_INT).withName("idiag_dst"),
        ValueLayout.JAVA_INT.withName("idiag_if"),
        MemoryLayout.sequenceLayout(2, ValueLayout.JAVA_INT).withName("idiag_cookie")
    ).withName("inet_diag_sockid");

    public static GroupLayout layout() { return LAYOUT; }
    public static long sizeof() { return LAYOUT.byteSize(); }

    public static long idiag_sport$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("idiag_sport")); }
    public static short idiag_sport(MemorySegment s) { return s.get(ValueLayout.JAVA_SHORT, idiag_sport$offset()); }
    public static void idiag_sport(MemorySegment s, short v) { s.set(ValueLayout.JAVA_SHORT, idiag_sport$offset(), v); }

    public static long idiag_dport$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("idiag_dport")); }
    public static short idiag_dport(MemorySegment s) { return s.get(ValueLayout.JAVA_SHORT, idiag_dport$offset()); }
    public static void idiag_dport(MemorySegment s, short v) { s.set(ValueLayout.JAVA_SHORT, idiag_dport$offset(), v); }

    public static long idiag_src$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("idiag_src")); }
    public static MemorySegment idiag_src(MemorySegment s) { return s.asSlice(idiag_src$offset(), LAYOUT.select(MemoryLayout.PathElement.groupElement("idiag_src")).byteSize()); }
    public static int idiag_src(MemorySegment s, long index) { return s.get(ValueLayout.JAVA_INT, idiag_src$offset() + index * 4); }
    public static void idiag_src(MemorySegment s, long index, int v) { s.set(ValueLayout.JAVA_INT, idiag_src$offset() + index * 4, v); }

    public static long idiag_dst$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("idiag_dst")); }
    public static MemorySegment idiag_dst(MemorySegment s) { return s.asSlice(idiag_dst$offset(), LAYOUT.select(MemoryLayout.PathElement.groupElement("idiag_dst")).byteSize()); }
    public static int idiag_dst(MemorySegment s, long index) { return s.get(ValueLayout.JAVA_INT, idiag_dst$offset() + index * 4); }
    public static void idiag_dst(MemorySegment s, long index, int v) { s.set(ValueLayout.JAVA_INT, idiag_dst$offset() + index * 4, v); }

    public static long idiag_if$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("idiag_if")); }
    public static int idiag_if(MemorySegment s) { return s.get(ValueLayout.JAVA_INT, idiag_if$offset()); }
    public static void idiag_if(MemorySegment s, int v) { s.set(ValueLayout.JAVA_INT, idiag_if$offset(), v); }

    public static long idiag_cookie$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("idiag_cookie")); }
    public static MemorySegment idiag_cookie(MemorySegment s) { return s.asSlice(idiag_cookie$offset(), LAYOUT.select(MemoryLayout.PathElement.groupElement("idiag_cookie")).byteSize()); }
    public static int idiag_cookie(MemorySegment s, long index) { return s.get(ValueLayout.JAVA_INT, idiag_cookie$offset() + index * 4); }
    public static void idiag_cookie(MemorySegment s, long index, int v) { s.set(ValueLayout.JAVA_INT, idiag_cookie$offset() + index * 4, v); }
}
