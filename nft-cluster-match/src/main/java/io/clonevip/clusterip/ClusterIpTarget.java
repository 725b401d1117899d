package io.clonevip.clusterip;

import io.clonevip.nativ.bind.ipt_CLUSTERIP_h;
import io.clonevip.nativ.bind.ipt_clusterip_tgt_info;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The data of a CLUSTERIP target ({@code struct ipt_clusterip_tgt_info}) as stored in a rule.
 * Decoded values are taken as they are (a foreign rule may hold anything); {@link ClusterIpParams}
 * is the validated input. {@code localNodes} are the nodes the rule started with: the live set is
 * in {@code /proc/net/ipt_CLUSTERIP/<vip>} ({@link ClusterIpProc}).
 *
 * @param createsConfig {@code --new}: the rule creates the VIP's cluster config when none exists
 * @param hashMode null when the stored value is not one of the three modes
 * @param clusterMac upper-case {@code XX:XX:XX:XX:XX:XX}, as iptables prints it
 * @param hashInit the unsigned 32-bit {@code --hash-init}
 */
public record ClusterIpTarget(boolean createsConfig, ClusterIpHashMode hashMode, String clusterMac,
                              int totalNodes, List<Integer> localNodes, long hashInit) {
    public static final String NAME = "CLUSTERIP";
    /** CLUSTERIP's limit of {@code --total-nodes} (the local nodes are kept in one word). */
    public static final int MAX_NODES = ipt_CLUSTERIP_h.CLUSTERIP_MAX_NODES();
    private static final HexFormat MAC = HexFormat.ofDelimiter(":").withUpperCase();

    public ClusterIpTarget {
        localNodes = List.copyOf(localNodes);
    }

    /** The target data, {@code sizeof(struct ipt_clusterip_tgt_info)} bytes, config pointer NULL. */
    byte[] encode() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(ipt_clusterip_tgt_info.layout());
            ipt_clusterip_tgt_info.flags(s, createsConfig ? ipt_CLUSTERIP_h.CLUSTERIP_FLAG_NEW() : 0);
            byte[] mac = MAC.parseHex(clusterMac);
            MemorySegment.copy(mac, 0, ipt_clusterip_tgt_info.clustermac(s), ValueLayout.JAVA_BYTE, 0, mac.length);
            ipt_clusterip_tgt_info.num_total_nodes(s, (short) totalNodes);
            ipt_clusterip_tgt_info.num_local_nodes(s, (short) localNodes.size());
            for (int i = 0; i < localNodes.size(); i++) {
                ipt_clusterip_tgt_info.local_nodes(s, i, (short) (int) localNodes.get(i));
            }
            ipt_clusterip_tgt_info.hash_mode(s, hashMode.kernelValue());
            ipt_clusterip_tgt_info.hash_initval(s, (int) hashInit);
            return s.toArray(ValueLayout.JAVA_BYTE);
        }
    }

    /** The shortest target data {@link #decode} reads: everything before the kernel's config pointer. */
    static final int MIN_DATA = (int) ipt_clusterip_tgt_info.config$offset();

    /** Decodes target data as the kernel returns it (the config pointer reads as zero); {@link IptEntry} checked its length. */
    static ClusterIpTarget decode(byte[] data) {
        if (data.length < MIN_DATA) {
            throw new IllegalArgumentException("CLUSTERIP target data of " + data.length + " bytes");
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(ipt_clusterip_tgt_info.layout());
            MemorySegment.copy(data, 0, s, ValueLayout.JAVA_BYTE, 0, (int) Math.min(data.length, s.byteSize()));
            int n = Math.min(Short.toUnsignedInt(ipt_clusterip_tgt_info.num_local_nodes(s)), MAX_NODES);
            List<Integer> local = new ArrayList<>(n);
            for (int i = 0; i < n; i++) local.add(Short.toUnsignedInt(ipt_clusterip_tgt_info.local_nodes(s, i)));
            return new ClusterIpTarget(
                    (ipt_clusterip_tgt_info.flags(s) & ipt_CLUSTERIP_h.CLUSTERIP_FLAG_NEW()) != 0,
                    ClusterIpHashMode.ofKernelValue(ipt_clusterip_tgt_info.hash_mode(s)),
                    MAC.formatHex(ipt_clusterip_tgt_info.clustermac(s).toArray(ValueLayout.JAVA_BYTE)),
                    Short.toUnsignedInt(ipt_clusterip_tgt_info.num_total_nodes(s)),
                    local,
                    Integer.toUnsignedLong(ipt_clusterip_tgt_info.hash_initval(s)));
        }
    }

    /** The {@code --hashmode} word; "unknown-error" (as iptables prints it) for a value that is none of the three. */
    String hashModeName() {
        return hashMode == null ? "unknown-error" : hashMode.iptablesName();
    }

    /** The target options as {@code iptables -S} prints them (empty without {@code --new}). */
    public String iptablesOptions() {
        if (!createsConfig) return "";
        return "--new --hashmode " + hashModeName()
                + " --clustermac " + clusterMac + " --total-nodes " + totalNodes
                + " --local-node " + (localNodes.isEmpty() ? 0 : localNodes.get(0)) + " --hash-init " + hashInit;
    }
}
