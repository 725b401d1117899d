package io.clonevip.nativ.bind;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** {@code struct xt_error_target}; chain heads of user chains and the table end (name "ERROR") (hand-written in jextract's shape: see package doc). */
@SuppressWarnings("checkstyle:TypeName")
public final class xt_error_target {
    private xt_error_target() {}

    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
        xt_entry_target.layout().withName("target"),
        MemoryLayout.sequenceLayout(30, ValueLayout.JAVA_BYTE).withName("errorname"),
        MemoryLayout.paddingLayout(2)
    ).withName("xt_error_target");

    public static GroupLayout layout() { return LAYOUT; }
    public static long sizeof() { return LAYOUT.byteSize(); }

    public static long target$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("target")); }
    public static MemorySegment target(MemorySegment s) { return s.asSlice(target$offset(), LAYOUT.select(MemoryLayout.PathElement.groupElement("target")).byteSize()); }

    public static long errorname$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("errorname")); }
    public static MemorySegment errorname(MemorySegment s) { return s.asSlice(errorname$offset(), LAYOUT.select(MemoryLayout.PathElement.groupElement("errorname")).byteSize()); }
}
