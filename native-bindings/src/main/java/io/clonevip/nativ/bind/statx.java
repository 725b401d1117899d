package io.clonevip.nativ.bind;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code struct statx} of linux/stat.h (hand-written in jextract's shape: see package doc): the
 * fields clonevip reads, up to {@code stx_mode}; the rest (inode, size, times, devices, spare) is
 * padding to the kernel's 256 bytes. Unlike {@code struct stat} its layout is the same on every
 * architecture.
 */
@SuppressWarnings("checkstyle:TypeName")
public final class statx {
    private statx() {}

    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
        ValueLayout.JAVA_INT.withName("stx_mask"),
        ValueLayout.JAVA_INT.withName("stx_blksize"),
        ValueLayout.JAVA_LONG.withName("stx_attributes"),
        ValueLayout.JAVA_INT.withName("stx_nlink"),
        ValueLayout.JAVA_INT.withName("stx_uid"),
        ValueLayout.JAVA_INT.withName("stx_gid"),
        ValueLayout.JAVA_SHORT.withName("stx_mode"),
        MemoryLayout.paddingLayout(256 - 30)
    ).withName("statx");

    public static GroupLayout layout() { return LAYOUT; }
    public static long sizeof() { return LAYOUT.byteSize(); }
    public static long stx_mask$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("stx_mask")); }
    public static int stx_mask(MemorySegment s) { return s.get(ValueLayout.JAVA_INT, stx_mask$offset()); }
    public static long stx_uid$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("stx_uid")); }
    public static int stx_uid(MemorySegment s) { return s.get(ValueLayout.JAVA_INT, stx_uid$offset()); }
    public static long stx_gid$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("stx_gid")); }
    public static int stx_gid(MemorySegment s) { return s.get(ValueLayout.JAVA_INT, stx_gid$offset()); }
    public static long stx_mode$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("stx_mode")); }
    /** The mode bits as an unsigned value (file type and permissions). */
    public static int stx_mode(MemorySegment s) { return Short.toUnsignedInt(s.get(ValueLayout.JAVA_SHORT, stx_mode$offset())); }
}
