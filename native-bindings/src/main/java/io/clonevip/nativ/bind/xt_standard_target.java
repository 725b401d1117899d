package io.clonevip.nativ.bind;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** {@code struct xt_standard_target}; the target of ACCEPT/DROP/RETURN/jumps (empty name) (hand-written in jextract's shape: see package doc). */
@SuppressWarnings("checkstyle:TypeName")
public final class xt_standard_target {
    private xt_standard_target() {}

    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
        xt_entry_target.layout().withName("target"),
        ValueLayout.JAVA_INT.withName("verdict"),
        MemoryLayout.paddingLayout(4)
    ).withName("xt_standard_target");

    public static GroupLayout layout() { return LAYOUT; }
    public static long sizeof() { return LAYOUT.byteSize(); }

    public static long target$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("target")); }
    public static MemorySegment target(MemorySegment s) { return s.asSlice(target$offset(), LAYOUT.select(MemoryLayout.PathElement.groupElement("target")).byteSize()); }

    public static long verdict$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("verdict")); }
    public static int verdict(MemorySegment s) { return s.get(ValueLayout.JAVA_INT, verdict$offset()); }
    public static void verdict(MemorySegment s, int v) { s.set(ValueLayout.JAVA_INT, verdict$offset(), v); }
}
