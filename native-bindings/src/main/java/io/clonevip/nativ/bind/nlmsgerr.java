package io.clonevip.nativ.bind;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** {@code struct nlmsgerr} (hand-written in jextract's shape: see package doc). */
@SuppressWarnings("checkstyle:TypeName")
public final class nlmsgerr {
    private nlmsgerr() {}

    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
        ValueLayout.JAVA_INT.withName("error"),
        nlmsghdr.layout().withName("msg")
    ).withName("nlmsgerr");

    public static GroupLayout layout() { return LAYOUT; }
    public static long sizeof() { return LAYOUT.byteSize(); }
    public static long error$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("error")); }
    public static int error(MemorySegment s) { return s.get(ValueLayout.JAVA_INT, error$offset()); }
    public static void error(MemorySegment s, int v) { s.set(ValueLayout.JAVA_INT, error$offset(), v); }
    public static long msg$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("msg")); }
    public static MemorySegment msg(MemorySegment s) { return s.asSlice(msg$offset(), LAYOUT.select(MemoryLayout.PathElement.groupElement("msg")).byteSize()); }
}
