package io.clonevip.clusterip;

import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.ip_tables_h;
import io.clonevip.nativ.bind.ipt_entry;
import io.clonevip.nativ.bind.ipt_ip;
import io.clonevip.nativ.bind.xt_counters;
import io.clonevip.nativ.bind.xt_entry_match;
import io.clonevip.nativ.bind.xt_entry_target;
import io.clonevip.nativ.bind.xt_error_target;
import io.clonevip.nativ.bind.xt_standard_target;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One rule of a legacy iptables table as the kernel stores it: {@code struct ipt_entry}, its
 * matches and its target, kept as the exact bytes the kernel gave (so foreign rules go back
 * unchanged), plus the fields clonevip reads. Identity matters: {@link IptTable} tells entries
 * apart by object, not by content (two identical rules are two entries).
 */
public final class IptEntry {
    private final byte[] raw;
    private final int dst;
    private final int dstMask;
    private final String inIface;
    private final List<String> matches;
    private final int targetOffset;
    private final String targetName;
    private final int targetRevision;
    private final byte[] targetData;
    private final long packets;
    private final long bytes;

    private IptEntry(byte[] raw, MemorySegment e) throws KernelException {
        this.raw = raw;
        MemorySegment ip = ipt_entry.ip(e);
        this.dst = ipt_ip.dst(ip);
        this.dstMask = ipt_ip.dmsk(ip);
        this.inIface = cString(ipt_ip.iniface(ip));
        MemorySegment counters = ipt_entry.counters(e);
        this.packets = xt_counters.pcnt(counters);
        this.bytes = xt_counters.bcnt(counters);
        int targetOffset = Short.toUnsignedInt(ipt_entry.target_offset(e));
        this.targetOffset = targetOffset;
        // XT_ALIGN: iptables lays every match and the target out on 8 bytes (the struct fields are read aligned)
        if (targetOffset < ipt_entry.sizeof() || targetOffset + xt_entry_target.sizeof() > raw.length || targetOffset % 8 != 0) {
            throw KernelException.malformed("iptables entry", "target offset " + targetOffset + " outside a " + raw.length + "-byte entry");
        }
        List<String> ms = new ArrayList<>();
        long m = ipt_entry.sizeof();
        while (m < targetOffset) {
            MemorySegment match = e.asSlice(m);
            int size = Short.toUnsignedInt(xt_entry_match.match_size(match));
            if (size < xt_entry_match.sizeof() || m + size > targetOffset || size % 8 != 0) {
                throw KernelException.malformed("iptables entry", "match of size " + size + " at " + m);
            }
            ms.add(cString(xt_entry_match.name(match)));
            m += size;
        }
        this.matches = List.copyOf(ms);
        MemorySegment t = e.asSlice(targetOffset);
        int targetSize = Short.toUnsignedInt(xt_entry_target.target_size(t));
        if (targetSize < xt_entry_target.sizeof() || targetOffset + targetSize > raw.length) {
            throw KernelException.malformed("iptables entry", "target of size " + targetSize + " at " + targetOffset);
        }
        this.targetName = cString(xt_entry_target.name(t));
        this.targetRevision = Byte.toUnsignedInt(xt_entry_target.revision(t));
        this.targetData = Arrays.copyOfRange(raw, targetOffset + (int) xt_entry_target.data$offset(), targetOffset + targetSize);
        // the targets clonevip reads itself: the kernel never hands out shorter ones
        if (isStandard() && targetData.length < Integer.BYTES) {
            throw KernelException.malformed("iptables entry", "standard target of " + targetSize + " bytes has no verdict");
        }
        if (isError() && targetData.length < ip_tables_h.XT_FUNCTION_MAXNAMELEN()) {
            throw KernelException.malformed("iptables entry", "ERROR target of " + targetSize + " bytes has no chain name");
        }
        if (targetName.equals(ClusterIpTarget.NAME) && targetData.length < ClusterIpTarget.MIN_DATA) {
            throw KernelException.malformed("iptables entry", "CLUSTERIP target of " + targetSize + " bytes is too short");
        }
    }

    /** Reads the entry that starts at {@code e} (a slice of a table blob reaching at least its end). */
    static IptEntry read(MemorySegment e) throws KernelException {
        if (e.byteSize() < ipt_entry.sizeof()) throw KernelException.malformed("iptables entry", "truncated entry header");
        int next = Short.toUnsignedInt(ipt_entry.next_offset(e));
        if (next < ipt_entry.sizeof() || next > e.byteSize() || next % 8 != 0) {
            throw KernelException.malformed("iptables entry", "next offset " + next);
        }
        return new IptEntry(e.asSlice(0, next).toArray(ValueLayout.JAVA_BYTE), e.asSlice(0, next));
    }

    /** An entry from its complete bytes (header, matches, target), as built for a new rule. */
    static IptEntry of(byte[] raw) throws KernelException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(raw.length, 8);
            MemorySegment.copy(raw, 0, s, ValueLayout.JAVA_BYTE, 0, raw.length);
            return read(s);
        }
    }

    /**
     * Builds a rule without matches: {@code -d dst/dstMask [-i inIface] -j target} where the
     * target's data is {@code targetData} (padded to {@code XT_ALIGN}). Addresses are in network
     * byte order as stored; an interface name matches exactly (mask over the name and its NUL, as
     * iptables sets it for names without '+').
     */
    static IptEntry build(int dstRaw, int dstMaskRaw, String inIface, String target, int revision, byte[] targetData)
            throws KernelException {
        byte[] iface = inIface.getBytes(StandardCharsets.US_ASCII);
        if (iface.length >= ip_tables_h.IFNAMSIZ()) throw new IllegalArgumentException("interface name too long: " + inIface);
        byte[] tname = target.getBytes(StandardCharsets.US_ASCII);
        if (tname.length >= ip_tables_h.XT_EXTENSION_MAXNAMELEN()) throw new IllegalArgumentException("target name too long: " + target);
        int targetSize = (int) ip_tables_h.XT_ALIGN(xt_entry_target.sizeof() + targetData.length);
        int size = (int) ipt_entry.sizeof() + targetSize;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = a.allocate(size, 8);
            MemorySegment ip = ipt_entry.ip(e);
            ipt_ip.dst(ip, dstRaw);
            ipt_ip.dmsk(ip, dstMaskRaw);
            if (iface.length > 0) {
                MemorySegment.copy(iface, 0, ipt_ip.iniface(ip), ValueLayout.JAVA_BYTE, 0, iface.length);
                ipt_ip.iniface_mask(ip).asSlice(0, iface.length + 1).fill((byte) 0xff);
            }
            ipt_entry.target_offset(e, (short) ipt_entry.sizeof());
            ipt_entry.next_offset(e, (short) size);
            MemorySegment t = e.asSlice(ipt_entry.sizeof());
            xt_entry_target.target_size(t, (short) targetSize);
            MemorySegment.copy(tname, 0, xt_entry_target.name(t), ValueLayout.JAVA_BYTE, 0, tname.length);
            xt_entry_target.revision(t, (byte) revision);
            MemorySegment.copy(targetData, 0, t, ValueLayout.JAVA_BYTE, xt_entry_target.data$offset(), targetData.length);
            return read(e);
        }
    }

    /** The entry's bytes as the kernel gave them (or as built), a copy. */
    byte[] raw() { return raw.clone(); }

    /** Size in bytes ({@code next_offset}). */
    public int size() { return raw.length; }
    /** Destination address in network byte order as stored ({@code ip.dst.s_addr}). */
    public int dstRaw() { return dst; }
    public int dstMaskRaw() { return dstMask; }
    /** {@code -i} interface, empty when the rule has none. */
    public String inIface() { return inIface; }
    /** Names of the matches ({@code -m}), in order. */
    public List<String> matches() { return matches; }
    /** Target name: empty for the standard target (verdicts and jumps), "ERROR" for chain heads. */
    public String targetName() { return targetName; }
    public int targetRevision() { return targetRevision; }
    /** The target's data (the bytes after {@code struct xt_entry_target}), a copy. */
    public byte[] targetData() { return targetData.clone(); }
    public long packets() { return packets; }
    public long bytes() { return bytes; }

    public boolean isStandard() { return targetName.equals(ip_tables_h.XT_STANDARD_TARGET()); }
    public boolean isError() { return targetName.equals(ip_tables_h.XT_ERROR_TARGET()); }

    /** The verdict of a standard target: negative = built-in verdict, otherwise a jump offset. */
    public int verdict() {
        if (!isStandard()) throw new IllegalStateException("not a standard target: " + targetName);
        try (Arena a = Arena.ofConfined()) {
            return xt_standard_target.verdict(targetSegment(a));
        }
    }

    /** A standard target that jumps (or goes) to an offset of the table. */
    public boolean isJump() { return isStandard() && verdict() >= 0; }

    /** The chain name an ERROR entry carries (a user chain's name, or "ERROR" at the table end). */
    public String errorName() {
        if (!isError()) throw new IllegalStateException("not an error target: " + targetName);
        try (Arena a = Arena.ofConfined()) {
            return cString(xt_error_target.errorname(targetSegment(a)));
        }
    }

    /** Writes this entry at {@code dst} with zero counters; a jump gets {@code jumpOffset}. */
    void writeTo(MemorySegment dst, int jumpOffset) {
        MemorySegment.copy(raw, 0, dst, ValueLayout.JAVA_BYTE, 0, raw.length);
        MemorySegment c = ipt_entry.counters(dst);
        xt_counters.pcnt(c, 0);
        xt_counters.bcnt(c, 0);
        ipt_entry.comefrom(dst, 0);
        if (jumpOffset >= 0) {
            xt_standard_target.verdict(dst.asSlice(targetOffset), jumpOffset);
        }
    }

    private int targetSize() {
        return (int) (xt_entry_target.data$offset() + targetData.length);
    }

    private MemorySegment targetSegment(Arena a) {
        MemorySegment s = a.allocate(targetSize(), 8);
        MemorySegment.copy(raw, targetOffset, s, ValueLayout.JAVA_BYTE, 0, targetSize());
        return s;
    }

    static String cString(MemorySegment chars) {
        byte[] b = chars.toArray(ValueLayout.JAVA_BYTE);
        int n = 0;
        while (n < b.length && b[n] != 0) n++;
        return new String(b, 0, n, StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return "IptEntry[" + (targetName.isEmpty() ? "standard" : targetName) + ", " + raw.length + " bytes"
                + (inIface.isEmpty() ? "" : ", -i " + inIface) + "]";
    }
}
