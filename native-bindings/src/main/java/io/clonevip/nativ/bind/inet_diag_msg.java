package io.clonevip.nativ.bind;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** {@code struct inet_diag_msg}; one socket of a sock_diag dump (hand-written in jextract's shape: see package doc). */
@SuppressWarnings("checkstyle:TypeName")
public final class inet_diag_msg {
    private inet_diag_msg() {}

    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
        ValueLayout.JAVA_BYTE.withName("idiag_family"),
        ValueLayout.JAVA_BYTE.withName("idiag_state"),
        ValueLayout.JAVA_BYTE.withName("idiag_timer"),
        ValueLayout.JAVA_BYTE.withName("idiag_retrans"),
        inet_diag_sockid.layout().withName("id"),
        ValueLayout.JAVA_INT.withName("idiag_expires"),
        ValueLayout.JAVA_INT.withName("idiag_rqueue"),
        ValueLayout.JAVA_INT.withName("idiag_wqueue"),
        ValueLayout.JAVA_INT.withName("idiag_uid"),
        ValueLayout.JAVA_INT.withName("idiag_inode")
    ).withName("inet_diag_msg");

    public static GroupLayout layout() { return LAYOUT; }
    public static long sizeof() { return LAYOUT.byteSize(); }

    public static long idiag_family$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("idiag_family")); }
    public static byte idiag_family(MemorySegment s) { return s.get(ValueLayout.JAVA_BYTE, idiag_family$offset()); }
    public static void idiag_family(MemorySegment s, byte v) { s.set(ValueLayout.JAVA_BYTE, idiag_family$offset(), v); }

    public static long idiag_state$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("idiag_state")); }
    public static byte idiag_state(MemorySegment s) { return s.get(ValueLayout.JAVA_BYTE, idiag_state$offset()); }
    public static void idiag_state(MemorySegment s, byte v) { s.set(ValueLayout.JAVA_BYTE, idiag_state$offset(), v); }

    public static long idiag_timer$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("idiag_timer")); }
    public static byte idiag_timer(MemorySegment s) { return s.get(ValueLayout.JAVA_BYTE, idiag_timer$offset()); }
    public static void idiag_timer(MemorySegment s, byte v) { s.set(ValueLayout.JAVA_BYTE, idiag_timer$offset(), v); }

    public static long idiag_retrans$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("idiag_retrans")); }
    public static byte idiag_retrans(MemorySegment s) { return s.get(ValueLayout.JAVA_BYTE, idiag_retrans$offset()); }
    public static void idiag_retrans(MemorySegment s, byte v) { s.set(ValueLayout.JAVA_BYTE, idiag_retrans$offset(), v); }

    public static long id$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("id")); }
    public static MemorySegment id(MemorySegment s) { return s.asSlice(id$offset(), LAYOUT.select(MemoryLayout.PathElement.groupElement("id")).byteSize()); }

    public static long idiag_expires$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("idiag_expires")); }
    public static int idiag_expires(MemorySegment s) { return s.get(ValueLayout.JAVA_INT, idiag_expires$offset()); }
    public static void idiag_expires(MemorySegment s, int v) { s.set(ValueLayout.JAVA_INT, idiag_expires$offset(), v); }

    public static long idiag_rqueue$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("idiag_rqueue")); }
    public static int idiag_rqueue(MemorySegment s) { return s.get(ValueLayout.JAVA_INT, idiag_rqueue$offset()); }
    public static void idiag_rqueue(MemorySegment s, int v) { s.set(ValueLayout.JAVA_INT, idiag_rqueue$offset(), v); }

    public static long idiag_wqueue$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("idiag_wqueue")); }
    public static int idiag_wqueue(MemorySegment s) { return s.get(ValueLayout.JAVA_INT, idiag_wqueue$offset()); }
    public static void idiag_wqueue(MemorySegment s, int v) { s.set(ValueLayout.JAVA_INT, idiag_wqueue$offset(), v); }

    public static long idiag_uid$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("idiag_uid")); }
    public static int idiag_uid(MemorySegment s) { return s.get(ValueLayout.JAVA_INT, idiag_uid$offset()); }
    public static void idiag_uid(MemorySegment s, int v) { s.set(ValueLayout.JAVA_INT, idiag_uid$offset(), v); }

    public static long idiag_inode$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("idiag_inode")); }
    public static int idiag_inode(MemorySegment s) { return s.get(ValueLayout.JAVA_INT, idiag_inode$offset()); }
    public static void idiag_inode(MemorySegment s, int v) { s.set(ValueLayout.JAVA_INT, idiag_inode$offset(), v); }
}
