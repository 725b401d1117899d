package io.clonevip.nativ.bind;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** {@code struct sockaddr_nl} (hand-written in jextract's shape: see package doc). */
@SuppressWarnings("checkstyle:TypeName")
public final class sockaddr_nl {
    private sockaddr_nl() {}

    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
        ValueLayout.JAVA_SHORT.withName("nl_family"),
        ValueLayout.JAVA_SHORT.withName("nl_pad"),
        ValueLayout.JAVA_INT.withName("nl_pid"),
        ValueLayout.JAVA_INT.withName("nl_groups")
    ).withName("sockaddr_nl");

    public static GroupLayout layout() { return LAYOUT; }
    public static long sizeof() { return LAYOUT.byteSize(); }
    public static long nl_family$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("nl_family")); }
    public static short nl_family(MemorySegment s) { return s.get(ValueLayout.JAVA_SHORT, nl_family$offset()); }
    public static void nl_family(MemorySegment s, short v) { s.set(ValueLayout.JAVA_SHORT, nl_family$offset(), v); }
    public static long nl_pad$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("nl_pad")); }
    public static short nl_pad(MemorySegment s) { return s.get(ValueLayout.JAVA_SHORT, nl_pad$offset()); }
    public static void nl_pad(MemorySegment s, short v) { s.set(ValueLayout.JAVA_SHORT, nl_pad$offset(), v); }
    public static long nl_pid$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("nl_pid")); }
    public static int nl_pid(MemorySegment s) { return s.get(ValueLayout.JAVA_INT, nl_pid$offset()); }
    public static void nl_pid(MemorySegment s, int v) { s.set(ValueLayout.JAVA_INT, nl_pid$offset(), v); }
    public static long nl_groups$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("nl_groups")); }
    public static int nl_groups(MemorySegment s) { return s.get(ValueLayout.JAVA_INT, nl_groups$offset()); }
    public static void nl_groups(MemorySegment s, int v) { s.set(ValueLayout.JAVA_INT, nl_groups$offset(), v); }
}
