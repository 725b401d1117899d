package io.clonevip.nativ.bind;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** {@code struct nlattr} (hand-written in jextract's shape: see package doc). */
@SuppressWarnings("checkstyle:TypeName")
public final class nlattr {
    private nlattr() {}

    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
        ValueLayout.JAVA_SHORT.withName("nla_len"),
        ValueLayout.JAVA_SHORT.withName("nla_type")
    ).withName("nlattr");

    public static GroupLayout layout() { return LAYOUT; }
    public static long sizeof() { return LAYOUT.byteSize(); }
    public static long nla_len$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("nla_len")); }
    public static short nla_len(MemorySegment s) { return s.get(ValueLayout.JAVA_SHORT, nla_len$offset()); }
    public static void nla_len(MemorySegment s, short v) { s.set(ValueLayout.JAVA_SHORT, nla_len$offset(), v); }
    public static long nla_type$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("nla_type")); }
    public static short nla_type(MemorySegment s) { return s.get(ValueLayout.JAVA_SHORT, nla_type$offset()); }
    public static void nla_type(MemorySegment s, short v) { s.set(ValueLayout.JAVA_SHORT, nla_type$offset(), v); }
}
