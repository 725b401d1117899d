package io.clonevip.nativ.bind;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** {@code struct timeval} (hand-written in jextract's shape: see package doc). */
@SuppressWarnings("checkstyle:TypeName")
public final class timeval {
    private timeval() {}

    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
        ValueLayout.JAVA_LONG.withName("tv_sec"),
        ValueLayout.JAVA_LONG.withName("tv_usec")
    ).withName("timeval");

    public static GroupLayout layout() { return LAYOUT; }
    public static long sizeof() { return LAYOUT.byteSize(); }
    public static long tv_sec$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("tv_sec")); }
    public static long tv_sec(MemorySegment s) { return s.get(ValueLayout.JAVA_LONG, tv_sec$offset()); }
    public static void tv_sec(MemorySegment s, long v) { s.set(ValueLayout.JAVA_LONG, tv_sec$offset(), v); }
    public static long tv_usec$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("tv_usec")); }
    public static long tv_usec(MemorySegment s) { return s.get(ValueLayout.JAVA_LONG, tv_usec$offset()); }
    public static void tv_usec(MemorySegment s, long v) { s.set(ValueLayout.JAVA_LONG, tv_usec$offset(), v); }
}
