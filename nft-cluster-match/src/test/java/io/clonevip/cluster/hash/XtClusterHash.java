package io.clonevip.cluster.hash;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Model of the iptables {@code cluster} match, {@code xt_cluster_hash()} in
 * {@code net/netfilter/xt_cluster.c}:
 *
 * <pre>
 * IPv4: hash = jhash_1word((__force u32) ct-&gt;tuplehash[ORIGINAL].tuple.src.u3.ip, hash_seed)
 * IPv6: hash = jhash2(src.u3.ip6, 4, hash_seed)
 * node = reciprocal_scale(hash, total_nodes)            // 0-based
 * match: (1 &lt;&lt; node) &amp; node_mask   (iptables --cluster-local-node k sets bit k-1)
 * </pre>
 *
 * <p>The address is the conntrack original source, taken raw: its wire bytes read as a
 * little-endian word on x86. That is exactly what nftables' {@code jhash ip saddr} (a 4-byte
 * register) computes, so for the {@code sourceip} mode the nft bucket is
 * {@code xt_cluster node + 1}; likewise {@code jhash ip6 saddr} equals the IPv6 form. Up to
 * 32 nodes ({@code XT_CLUSTER_NODES_MAX}).
 */
public final class XtClusterHash {

    private XtClusterHash() {
    }

    /**
     * The hash of an IPv4 source.
     *
     * @param saddr the address, first octet in the high byte (192.0.2.50 = {@code 0xc0000232})
     * @param seed  {@code --cluster-hash-seed}, as 32 bits
     */
    public static int hashIpv4(int saddr, int seed) {
        return Jhash.jhash1Word(Integer.reverseBytes(saddr), seed);
    }

    /** The hash of a source address of either family. */
    public static int hash(InetAddress saddr, int seed) {
        return switch (saddr) {
            case Inet4Address v4 -> hashIpv4(ipv4(v4), seed);
            case Inet6Address v6 -> {
                byte[] a = v6.getAddress();
                int[] words = {Jhash.le32(a, 0), Jhash.le32(a, 4), Jhash.le32(a, 8), Jhash.le32(a, 12)};
                yield Jhash.jhash2(words, 4, seed);
            }
            default -> throw new IllegalArgumentException("not an IP address: " + saddr);
        };
    }

    /** {@code reciprocal_scale(hash, totalNodes)}: the 0-based node. */
    public static int node(int hash, int totalNodes) {
        if (totalNodes < 1 || totalNodes > 32) {
            throw new IllegalArgumentException("totalNodes " + totalNodes + " outside 1..32");
        }
        return Jhash.reciprocalScale(hash, totalNodes);
    }

    static int ipv4(Inet4Address address) {
        return BucketPredictor.ipv4(address);
    }
}
