package io.clonevip.nativ.bind;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** {@code struct ipt_clusterip_tgt_info}; the data of the CLUSTERIP target (hand-written in jextract's shape: see package doc). */
@SuppressWarnings("checkstyle:TypeName")
public final class ipt_clusterip_tgt_info {
    private ipt_clusterip_tgt_info() {}

    private static final GroupLayout LAYOUT = MemoryLayout.structLayout(
        ValueLayout.JAVA_INT.withName("flags"),
        MemoryLayout.sequenceLayout(6, ValueLayout.JAVA_BYTE).withName("clustermac"),
        ValueLayout.JAVA_SHORT.withName("num_total_nodes"),
        ValueLayout.JAVA_SHORT.withName("num_local_nodes"),
        MemoryLayout.sequenceLayout(16, ValueLayout.JAVA_SHORT).withName("local_nodes"),
        MemoryLayout.paddingLayout(2),
        ValueLayout.JAVA_INT.withName("hash_mode"),
        ValueLayout.JAVA_INT.withName("hash_initval"),
        ValueLayout.ADDRESS.withName("config")
    ).withName("ipt_clusterip_tgt_info");

    public static GroupLayout layout() { return LAYOUT; }
    public static long sizeof() { return LAYOUT.byteSize(); }

    public static long flags$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("flags")); }
    public static int flags(MemorySegment s) { return s.get(ValueLayout.JAVA_INT, flags$offset()); }
    public static void flags(MemorySegment s, int v) { s.set(ValueLayout.JAVA_INT, flags$offset(), v); }

    public static long clustermac$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("clustermac")); }
    public static MemorySegment clustermac(MemorySegment s) { return s.asSlice(clustermac$offset(), LAYOUT.select(MemoryLayout.PathElement.groupElement("clustermac")).byteSize()); }

    public static long num_total_nodes$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("num_total_nodes")); }
    public static short num_total_nodes(MemorySegment s) { return s.get(ValueLayout.JAVA_SHORT, num_total_nodes$offset()); }
    public static void num_total_nodes(MemorySegment s, short v) { s.set(ValueLayout.JAVA_SHORT, num_total_nodes$offset(), v); }

    public static long num_local_nodes$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("num_local_nodes")); }
    public static short num_local_nodes(MemorySegment s) { return s.get(ValueLayout.JAVA_SHORT, num_local_nodes$offset()); }
    public static void num_local_nodes(MemorySegment s, short v) { s.set(ValueLayout.JAVA_SHORT, num_local_nodes$offset(), v); }

    public static long local_nodes$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("local_nodes")); }
    public static MemorySegment local_nodes(MemorySegment s) { return s.asSlice(local_nodes$offset(), LAYOUT.select(MemoryLayout.PathElement.groupElement("local_nodes")).byteSize()); }
    public static short local_nodes(MemorySegment s, long index) { return s.get(ValueLayout.JAVA_SHORT, local_nodes$offset() + index * 2); }
    public static void local_nodes(MemorySegment s, long index, short v) { s.set(ValueLayout.JAVA_SHORT, local_nodes$offset() + index * 2, v); }

    public static long hash_mode$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("hash_mode")); }
    public static int hash_mode(MemorySegment s) { return s.get(ValueLayout.JAVA_INT, hash_mode$offset()); }
    public static void hash_mode(MemorySegment s, int v) { s.set(ValueLayout.JAVA_INT, hash_mode$offset(), v); }

    public static long hash_initval$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("hash_initval")); }
    public static int hash_initval(MemorySegment s) { return s.get(ValueLayout.JAVA_INT, hash_initval$offset()); }
    public static void hash_initval(MemorySegment s, int v) { s.set(ValueLayout.JAVA_INT, hash_initval$offset(), v); }

    public static long config$offset() { return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("config")); }
    public static MemorySegment config(MemorySegment s) { return s.get(ValueLayout.ADDRESS, config$offset()); }
    public static void config(MemorySegment s, MemorySegment v) { s.set(ValueLayout.ADDRESS, config$offset(), v); }
}
