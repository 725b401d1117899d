package io.clonevip.nativ.bind;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** {@code struct nlmsghdr} (hand-written in jextract's shape: see package doc). */
@SuppressWarnings("checkstyle:TypeName")
public final class nlmsghdr {
    private nlmsghdr() {}

    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
        ValueLayout.JAVA_INT.withName("nlmsg_len"),
        ValueLayout.JAVA_SHORT.withName("nlmsg_type"),
        ValueLayout.JAVA_SHORT.withName("nlmsg_flags"),
        ValueLayout.JAVA_INT.withName("nlmsg_seq"),
        ValueLayout.JAVA_INT.withName("nlmsg_pid")
    ).withName("nlmsghdr");

    public static GroupLayout layout() { return LAYOUT; }
    public static long sizeof() { return LAYOUT.byteSize(); }
    public static long nlmsg_len$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("nlmsg_len")); }
    public static int nlmsg_len(MemorySegment s) { return s.get(ValueLayout.JAVA_INT, nlmsg_len$offset()); }
    public static void nlmsg_len(MemorySegment s, int v) { s.set(ValueLayout.JAVA_INT, nlmsg_len$offset(), v); }
    public static long nlmsg_type$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("nlmsg_type")); }
    public static short nlmsg_type(MemorySegment s) { return s.get(ValueLayout.JAVA_SHORT, nlmsg_type$offset()); }
    public static void nlmsg_type(MemorySegment s, short v) { s.set(ValueLayout.JAVA_SHORT, nlmsg_type$offset(), v); }
    public static long nlmsg_flags$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("nlmsg_flags")); }
    public static short nlmsg_flags(MemorySegment s) { return s.get(ValueLayout.JAVA_SHORT, nlmsg_flags$offset()); }
    public static void nlmsg_flags(MemorySegment s, short v) { s.set(ValueLayout.JAVA_SHORT, nlmsg_flags$offset(), v); }
    public static long nlmsg_seq$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("nlmsg_seq")); }
    public static int nlmsg_seq(MemorySegment s) { return s.get(ValueLayout.JAVA_INT, nlmsg_seq$offset()); }
    public static void nlmsg_seq(MemorySegment s, int v) { s.set(ValueLayout.JAVA_INT, nlmsg_seq$offset(), v); }
    public static long nlmsg_pid$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("nlmsg_pid")); }
    public static int nlmsg_pid(MemorySegment s) { return s.get(ValueLayout.JAVA_INT, nlmsg_pid$offset()); }
    public static void nlmsg_pid(MemorySegment s, int v) { s.set(ValueLayout.JAVA_INT, nlmsg_pid$offset(), v); }
}
