package io.clonevip.clusterip;

import io.clonevip.cluster.HashMode;
import io.clonevip.nativ.bind.ipt_CLUSTERIP_h;
import java.util.Optional;

/**
 * What CLUSTERIP hashes to pick the node of a new connection: {@code jhash_1words(saddr)},
 * {@code jhash_2words(saddr, sport)} or {@code jhash_3words(saddr, sport, dport)}, node =
 * {@code reciprocal_scale(hash, total) + 1}. Names as iptables' {@code --hashmode} spells them
 * (and IPaddr2/IPaddr3's {@code clusterip_hash}).
 */
public enum ClusterIpHashMode {
    SOURCE_IP("sourceip", ipt_CLUSTERIP_h.CLUSTERIP_HASHMODE_SIP()),
    SOURCE_IP_SOURCE_PORT("sourceip-sourceport", ipt_CLUSTERIP_h.CLUSTERIP_HASHMODE_SIP_SPT()),
    SOURCE_IP_SOURCE_PORT_DEST_PORT("sourceip-sourceport-destport", ipt_CLUSTERIP_h.CLUSTERIP_HASHMODE_SIP_SPT_DPT());

    private final String iptablesName;
    private final int kernelValue;

    ClusterIpHashMode(String iptablesName, int kernelValue) {
        this.iptablesName = iptablesName;
        this.kernelValue = kernelValue;
    }

    /** The {@code --hashmode} word. */
    public String iptablesName() { return iptablesName; }
    /** The {@code hash_mode} value of {@code struct ipt_clusterip_tgt_info}. */
    public int kernelValue() { return kernelValue; }

    /**
     * clonevip's hash mode with the same key fields. The bucket a given client lands in differs
     * (CLUSTERIP uses jhash over host-order words, clonevip the nf_tables jhash over the packet
     * bytes) unless the ruleset uses {@link HashMode#compatibleWith} this mode.
     */
    public HashMode clonevipMode() { return HashMode.valueOf(name()); }

    /** By {@code --hashmode} word; rejects anything else. */
    public static ClusterIpHashMode ofIptablesName(String name) {
        return byIptablesName(name).orElseThrow(() -> new IllegalArgumentException("unknown CLUSTERIP hash mode '" + name
                + "' (sourceip, sourceip-sourceport or sourceip-sourceport-destport)"));
    }

    /** By {@code --hashmode} word, if it is one. */
    public static Optional<ClusterIpHashMode> byIptablesName(String name) {
        for (ClusterIpHashMode m : values()) if (m.iptablesName.equals(name)) return Optional.of(m);
        return Optional.empty();
    }

    /** By kernel value; null for a value the kernel would not accept. */
    static ClusterIpHashMode ofKernelValue(int v) {
        for (ClusterIpHashMode m : values()) if (m.kernelValue == v) return m;
        return null;
    }
}
