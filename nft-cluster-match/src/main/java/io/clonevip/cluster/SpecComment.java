package io.clonevip.cluster;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cluster IP's spec as kept in the kernel: the comment of the VIP table's final rule, so a
 * node's configuration can be read back whole (by netctl, by the agents' monitor) and operators
 * see it in {@code nft list ruleset}:
 * {@code clonevip v1 vip=198.51.100.100 nic=eth0 buckets=12 hash=sourceip-sourceport seed=0xfa222227 mac=01:00:5e:33:64:64}.
 */
public final class SpecComment {
    private SpecComment() {}

    static final String MAGIC = "clonevip v1";

    public static String format(ClusterIpSpec spec) {
        return MAGIC + " vip=" + spec.vip().getHostAddress() + " nic=" + spec.nic() + " buckets=" + spec.buckets()
                + " hash=" + spec.hashMode().keyword() + " seed=0x" + Long.toHexString(spec.seed()) + " mac=" + spec.clusterMac();
    }

    /** True if {@code comment} is one of ours (any version). */
    public static boolean isOurs(String comment) {
        return comment != null && comment.startsWith("clonevip v");
    }

    /** The spec in {@code comment}; a comment that is not ours or not whole is a ClusterSpecException. */
    public static ClusterIpSpec parse(String comment) {
        if (comment == null || !comment.startsWith(MAGIC + " ")) {
            throw new ClusterSpecException("comment", comment, "a '" + MAGIC + " ...' comment written by clonevip");
        }
        Map<String, String> kv = new LinkedHashMap<>();
        for (String part : comment.substring(MAGIC.length() + 1).trim().split("\\s+")) {
            int eq = part.indexOf('=');
            if (eq <= 0) throw new ClusterSpecException("comment", comment, "key=value pairs");
            kv.put(part.substring(0, eq), part.substring(eq + 1));
        }
        for (String k : new String[] {"vip", "nic", "buckets", "hash", "seed", "mac"}) {
            if (!kv.containsKey(k)) throw new ClusterSpecException("comment", comment, "a value for " + k);
        }
        return ClusterIpSpec.builder().vip(kv.get("vip")).nic(kv.get("nic")).buckets(kv.get("buckets"))
                .hashMode(kv.get("hash")).seed(kv.get("seed")).clusterMac(kv.get("mac")).build();
    }
}
