package io.clonevip.nativ.bind;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** {@code struct sockaddr_ll} (hand-written in jextract's shape: see package doc). */
@SuppressWarnings("checkstyle:TypeName")
public final class sockaddr_ll {
    private sockaddr_ll() {}

    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
        ValueLayout.JAVA_SHORT.withName("sll_family"),
        ValueLayout.JAVA_SHORT.withName("sll_protocol"),
        ValueLayout.JAVA_INT.withName("sll_ifindex"),
        ValueLayout.JAVA_SHORT.withName("sll_hatype"),
        ValueLayout.JAVA_BYTE.withName("sll_pkttype"),
        ValueLayout.JAVA_BYTE.withName("sll_halen"),
        MemoryLayout.sequenceLayout(8, ValueLayout.JAVA_BYTE).withName("sll_addr")
    ).withName("sockaddr_ll");

    public static GroupLayout layout() { return LAYOUT; }
    public static long sizeof() { return LAYOUT.byteSize(); }
    public static long sll_family$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("sll_family")); }
    public static short sll_family(MemorySegment s) { return s.get(ValueLayout.JAVA_SHORT, sll_family$offset()); }
    public static void sll_family(MemorySegment s, short v) { s.set(ValueLayout.JAVA_SHORT, sll_family$offset(), v); }
    public static long sll_protocol$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("sll_protocol")); }
    public static short sll_protocol(MemorySegment s) { return s.get(ValueLayout.JAVA_SHORT, sll_protocol$offset()); }
    public static void sll_protocol(MemorySegment s, short v) { s.set(ValueLayout.JAVA_SHORT, sll_protocol$offset(), v); }
    public static long sll_ifindex$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("sll_ifindex")); }
    public static int sll_ifindex(MemorySegment s) { return s.get(ValueLayout.JAVA_INT, sll_ifindex$offset()); }
    public static void sll_ifindex(MemorySegment s, int v) { s.set(ValueLayout.JAVA_INT, sll_ifindex$offset(), v); }
    public static long sll_hatype$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("sll_hatype")); }
    public static short sll_hatype(MemorySegment s) { return s.get(ValueLayout.JAVA_SHORT, sll_hatype$offset()); }
    public static void sll_hatype(MemorySegment s, short v) { s.set(ValueLayout.JAVA_SHORT, sll_hatype$offset(), v); }
    public static long sll_pkttype$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("sll_pkttype")); }
    public static byte sll_pkttype(MemorySegment s) { return s.get(ValueLayout.JAVA_BYTE, sll_pkttype$offset()); }
    public static void sll_pkttype(MemorySegment s, byte v) { s.set(ValueLayout.JAVA_BYTE, sll_pkttype$offset(), v); }
    public static long sll_halen$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("sll_halen")); }
    public static byte sll_halen(MemorySegment s) { return s.get(ValueLayout.JAVA_BYTE, sll_halen$offset()); }
    public static void sll_halen(MemorySegment s, byte v) { s.set(ValueLayout.JAVA_BYTE, sll_halen$offset(), v); }
    public static long sll_addr$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("sll_addr")); }
    public static MemorySegment sll_addr(MemorySegment s) { return s.asSlice(sll_addr$offset(), LAYOUT.select(MemoryLayout.PathElement.groupElement("sll_addr")).byteSize()); }
}
