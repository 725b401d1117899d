package io.clonevip.nativ.bind;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** {@code struct xt_entry_target}; user view of its union ({@code u.user}); the target data follows at {@code data} (hand-written in jextract's shape: see package doc). */
@SuppressWarnings("checkstyle:TypeName")
public final class xt_entry_target {
    private xt_entry_target() {}

    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
        ValueLayout.JAVA_SHORT.withName("target_size"),
        MemoryLayout.sequenceLayout(29, ValueLayout.JAVA_BYTE).withName("name"),
        ValueLayout.JAVA_BYTE.withName("revision")
    ).withName("xt_entry_target").withByteAlignment(8);

    public static GroupLayout layout() { return LAYOUT; }
    public static long sizeof() { return LAYOUT.byteSize(); }

    public static long target_size$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("target_size")); }
    public static short target_size(MemorySegment s) { return s.get(ValueLayout.JAVA_SHORT, target_size$offset()); }
    public static void target_size(MemorySegment s, short v) { s.set(ValueLayout.JAVA_SHORT, target_size$offset(), v); }

    public static long name$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("name")); }
    public static MemorySegment name(MemorySegment s) { return s.asSlice(name$offset(), LAYOUT.select(MemoryLayout.PathElement.groupElement("name")).byteSize()); }

    public static long revision$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("revision")); }
    public static byte revision(MemorySegment s) { return s.get(ValueLayout.JAVA_BYTE, revision$offset()); }
    public static void revision(MemorySegment s, byte v) { s.set(ValueLayout.JAVA_BYTE, revision$offset(), v); }

    /** Offset of the flexible array member {@code data} (= {@link #sizeof()}). */
    public static long data$offset() { return LAYOUT.byteSize(); }
}
