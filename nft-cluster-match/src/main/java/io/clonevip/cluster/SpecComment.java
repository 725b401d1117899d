package io.clonevip.cluster;

import io.clonevip.rtnl.IpLiteral;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cluster IP's spec as kept in the kernel: the comment of the VIP table's final rule, so a
 * node's configuration can be read back whole (by netctl, by the agents' monitor) and operators
 * see it in {@code nft list ruleset}. The current form ({@link RulesetLayout#V4}) gives the values
 * in a fixed order, {@code clonevip v4 VIP NIC BUCKETS HASH SEED MAC}:
 * {@code clonevip v4 198.51.100.100 eth0 12 sourceip-sourceport 0xfa222227 01:00:5e:33:64:64};
 * {@code clonevip v2} and {@code clonevip v3} are the same form in tables of {@link RulesetLayout#V2}
 * and {@link RulesetLayout#V3}, whose chains V4 shares: the comment tells V3 and V4 apart.
 * nft refuses to read back a comment longer than {@link #MAX_LENGTH} bytes (and with it the
 * whole file); the longest IPv4 spec (15-byte NIC, 4096 buckets,
 * {@code clusterip-compatible-sourceip-sourceport-destport}) takes 127. An IPv6 VIP is written in
 * its canonical text ({@code 2001:db8:1::100}); only a VIP without any zero group (39
 * characters) with a 15-byte NIC, at least 100 buckets, a seed of 0x10000000 or more and
 * {@code sourceip-sourceport-destport} exceeds 128, and is refused before anything is written. A NIC name cannot hold
 * {@code "}, which would end nft's quoted comment ({@link ClusterIpSpec#checkNic}).
 * The older form {@code clonevip v1 vip=... nic=... buckets=... hash=... seed=... mac=...}
 * ({@link RulesetLayout#V1}, up to 157 characters) is still read.
 */
public final class SpecComment {
    private SpecComment() {}

    /** Longest comment nft 1.0.6 parses back ({@code NFTNL_UDATA_COMMENT_MAXLEN}). */
    public static final int MAX_LENGTH = 128;

    private static final String V1 = "clonevip v1";
    private static final String V2 = "clonevip v2";
    private static final String V3 = "clonevip v3";
    private static final String V4 = "clonevip v4";

    /** The comment this build writes. */
    public static String format(ClusterIpSpec spec) {
        return format(spec, RulesetLayout.CURRENT);
    }

    /** The comment {@code layout} carries; throws a ClusterSpecException if nft could not read it back. */
    static String format(ClusterIpSpec spec, RulesetLayout layout) {
        String seed = "0x" + Long.toHexString(spec.seed());
        String c = layout == RulesetLayout.V1
                ? V1 + " vip=" + IpLiteral.format(spec.vip()) + " nic=" + spec.nic() + " buckets=" + spec.buckets()
                        + " hash=" + spec.hashMode().keyword() + " seed=" + seed + " mac=" + spec.clusterMac()
                : String.join(" ", layout == RulesetLayout.V2 ? V2 : layout == RulesetLayout.V3 ? V3 : V4, IpLiteral.format(spec.vip()), spec.nic(), Integer.toString(spec.buckets()),
                        spec.hashMode().keyword(), seed, spec.clusterMac().toString());
        int bytes = c.getBytes(StandardCharsets.UTF_8).length;
        if (layout == RulesetLayout.CURRENT && bytes > MAX_LENGTH) { // unreachable for IPv4 (at most 127); IPv6: see the class
            throw new ClusterSpecException("vip", spec.vip().getHostAddress(), "a spec whose rule comment fits nft's "
                    + MAX_LENGTH + " characters (" + bytes + ")");
        }
        return c;
    }

    /** True if {@code comment} is one of ours (any version). */
    public static boolean isOurs(String comment) {
        return comment != null && comment.startsWith("clonevip v");
    }

    /** The layout whose form {@code comment} has, or null when it is none that this build reads. */
    static RulesetLayout layoutOf(String comment) {
        if (comment == null) return null;
        if (comment.startsWith(V4 + " ")) return RulesetLayout.V4;
        if (comment.startsWith(V3 + " ")) return RulesetLayout.V3;
        if (comment.startsWith(V2 + " ")) return RulesetLayout.V2;
        if (comment.startsWith(V1 + " ")) return RulesetLayout.V1;
        return null;
    }

    /** The spec in {@code comment} (either form); a comment that is not ours or not whole is a ClusterSpecException. */
    public static ClusterIpSpec parse(String comment) {
        RulesetLayout layout = layoutOf(comment);
        if (layout == null) {
            throw new ClusterSpecException("comment", comment, "a '" + V4 + " ...' comment written by clonevip");
        }
        String[] parts = comment.substring(V2.length() + 1).trim().split("\\s+");
        Map<String, String> kv = new LinkedHashMap<>();
        String[] keys = {"vip", "nic", "buckets", "hash", "seed", "mac"};
        if (layout != RulesetLayout.V1) {
            if (parts.length != keys.length) {
                throw new ClusterSpecException("comment", comment, "'" + comment.substring(0, V4.length()) + " VIP NIC BUCKETS HASH SEED MAC'");
            }
            for (int i = 0; i < keys.length; i++) kv.put(keys[i], parts[i]);
        } else {
            for (String part : parts) {
                int eq = part.indexOf('=');
                if (eq <= 0) throw new ClusterSpecException("comment", comment, "key=value pairs");
                kv.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        for (String k : keys) {
            if (!kv.containsKey(k)) throw new ClusterSpecException("comment", comment, "a value for " + k);
        }
        return ClusterIpSpec.builder().vip(kv.get("vip")).nic(kv.get("nic")).buckets(kv.get("buckets"))
                .hashMode(kv.get("hash")).seed(kv.get("seed")).clusterMac(kv.get("mac")).build();
    }
}
