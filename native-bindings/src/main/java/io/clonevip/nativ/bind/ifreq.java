package io.clonevip.nativ.bind;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** {@code struct ifreq} (hand-written in jextract's shape: see package doc). */
@SuppressWarnings("checkstyle:TypeName")
public final class ifreq {
    private ifreq() {}

    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
        MemoryLayout.sequenceLayout(16, ValueLayout.JAVA_BYTE).withName("ifr_name"),
        sockaddr.layout().withName("ifr_hwaddr"),
        MemoryLayout.paddingLayout(8)
    ).withName("ifreq");

    public static GroupLayout layout() { return LAYOUT; }
    public static long sizeof() { return LAYOUT.byteSize(); }
    public static long ifr_name$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("ifr_name")); }
    public static MemorySegment ifr_name(MemorySegment s) { return s.asSlice(ifr_name$offset(), LAYOUT.select(MemoryLayout.PathElement.groupElement("ifr_name")).byteSize()); }
    public static long ifr_hwaddr$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("ifr_hwaddr")); }
    public static MemorySegment ifr_hwaddr(MemorySegment s) { return s.asSlice(ifr_hwaddr$offset(), LAYOUT.select(MemoryLayout.PathElement.groupElement("ifr_hwaddr")).byteSize()); }
}
