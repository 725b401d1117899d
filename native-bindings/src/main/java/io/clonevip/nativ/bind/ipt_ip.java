package io.clonevip.nativ.bind;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** {@code struct ipt_ip}; the IPv4 part of a rule (hand-written in jextract's shape: see package doc). */
@SuppressWarnings("checkstyle:TypeName")
public final class ipt_ip {
    private ipt_ip() {}

    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
        ValueLayout.JAVA_INT.withName("src"),
        ValueLayout.JAVA_INT.withName("dst"),
        ValueLayout.JAVA_INT.withName("smsk"),
        ValueLayout.JAVA_INT.withName("dmsk"),
        MemoryLayout.sequenceLayout(16, ValueLayout.JAVA_BYTE).withName("iniface"),
        MemoryLayout.sequenceLayout(16, ValueLayout.JAVA_BYTE).withName("outiface"),
        MemoryLayout.sequenceLayout(16, ValueLayout.JAVA_BYTE).withName("iniface_mask"),
        MemoryLayout.sequenceLayout(16, ValueLayout.JAVA_BYTE).withName("outiface_mask"),
        ValueLayout.JAVA_SHORT.withName("proto"),
        ValueLayout.JAVA_BYTE.withName("flags"),
        ValueLayout.JAVA_BYTE.withName("invflags")
    ).withName("ipt_ip");

    public static GroupLayout layout() { return LAYOUT; }
    public static long sizeof() { return LAYOUT.byteSize(); }

    public static long src$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("src")); }
    public static int src(MemorySegment s) { return s.get(ValueLayout.JAVA_INT, src$offset()); }
    public static void src(MemorySegment s, int v) { s.set(ValueLayout.JAVA_INT, src$offset(), v); }

    public static long dst$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("dst")); }
    public static int dst(MemorySegment s) { return s.get(ValueLayout.JAVA_INT, dst$offset()); }
    public static void dst(MemorySegment s, int v) { s.set(ValueLayout.JAVA_INT, dst$offset(), v); }

    public static long smsk$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("smsk")); }
    public static int smsk(MemorySegment s) { return s.get(ValueLayout.JAVA_INT, smsk$offset()); }
    public static void smsk(MemorySegment s, int v) { s.set(ValueLayout.JAVA_INT, smsk$offset(), v); }

    public static long dmsk$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("dmsk")); }
    public static int dmsk(MemorySegment s) { return s.get(ValueLayout.JAVA_INT, dmsk$offset()); }
    public static void dmsk(MemorySegment s, int v) { s.set(ValueLayout.JAVA_INT, dmsk$offset(), v); }

    public static long iniface$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("iniface")); }
    public static MemorySegment iniface(MemorySegment s) { return s.asSlice(iniface$offset(), LAYOUT.select(MemoryLayout.PathElement.groupElement("iniface")).byteSize()); }

    public static long outiface$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("outiface")); }
    public static MemorySegment outiface(MemorySegment s) { return s.asSlice(outiface$offset(), LAYOUT.select(MemoryLayout.PathElement.groupElement("outiface")).byteSize()); }

    public static long iniface_mask$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("iniface_mask")); }
    public static MemorySegment iniface_mask(MemorySegment s) { return s.asSlice(iniface_mask$offset(), LAYOUT.select(MemoryLayout.PathElement.groupElement("iniface_mask")).byteSize()); }

    public static long outiface_mask$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("outiface_mask")); }
    public static MemorySegment outiface_mask(MemorySegment s) { return s.asSlice(outiface_mask$offset(), LAYOUT.select(MemoryLayout.PathElement.groupElement("outiface_mask")).byteSize()); }

    public static long proto$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("proto")); }
    public static short proto(MemorySegment s) { return s.get(ValueLayout.JAVA_SHORT, proto$offset()); }
    public static void proto(MemorySegment s, short v) { s.set(ValueLayout.JAVA_SHORT, proto$offset(), v); }

    public static long flags$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("flags")); }
    public static byte flags(MemorySegment s) { return s.get(ValueLayout.JAVA_BYTE, flags$offset()); }
    public static void flags(MemorySegment s, byte v) { s.set(ValueLayout.JAVA_BYTE, flags$offset(), v); }

    public static long invflags$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("invflags")); }
    public static byte invflags(MemorySegment s) { return s.get(ValueLayout.JAVA_BYTE, invflags$offset()); }
    public static void invflags(MemorySegment s, byte v) { s.set(ValueLayout.JAVA_BYTE, invflags$offset(), v); }
}
