package io.clonevip.nativ.bind;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** {@code struct sockaddr} (hand-written in jextract's shape: see package doc). */
@SuppressWarnings("checkstyle:TypeName")
public final class sockaddr {
    private sockaddr() {}

    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
        ValueLayout.JAVA_SHORT.withName("sa_family"),
        MemoryLayout.sequenceLayout(14, ValueLayout.JAVA_BYTE).withName("sa_data")
    ).withName("sockaddr");

    public static GroupLayout layout() { return LAYOUT; }
    public static long sizeof() { return LAYOUT.byteSize(); }
    public static long sa_family$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("sa_family")); }
    public static short sa_family(MemorySegment s) { return s.get(ValueLayout.JAVA_SHORT, sa_family$offset()); }
    public static void sa_family(MemorySegment s, short v) { s.set(ValueLayout.JAVA_SHORT, sa_family$offset(), v); }
    public static long sa_data$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("sa_data")); }
    public static MemorySegment sa_data(MemorySegment s) { return s.asSlice(sa_data$offset(), LAYOUT.select(MemoryLayout.PathElement.groupElement("sa_data")).byteSize()); }
}
