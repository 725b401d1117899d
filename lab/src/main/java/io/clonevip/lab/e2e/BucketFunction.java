package io.clonevip.lab.e2e;

import io.clonevip.cluster.ClusterIpSpec;
import io.clonevip.cluster.hash.BucketPredictor;
import io.clonevip.cluster.hash.Jhash;
import java.net.InetAddress;

/**
 * The hash bucket (1-based) a TCP connection to the VIP's port 3306 from a given source address
 * and port lands in, as the VIP agent's ruleset computes it.
 */
@FunctionalInterface
public interface BucketFunction {

    int bucket(InetAddress source, int sourcePort);

    /** IPaddr3's default ruleset: CLUSTERIP's sourceip-sourceport hash (BucketPredictor). */
    static BucketFunction ipaddr3(String vip, int buckets) {
        BucketPredictor p = BucketPredictor.of(ClusterIpSpec.builder().vip(vip).nic("eth0").buckets(buckets).build());
        return (source, port) -> p.bucket(source, BucketPredictor.IPPROTO_TCP, port, VipClient.PORT);
    }

    /**
     * Upstream IPaddr2's nft backend: {@code jhash ip saddr mod N seed S offset 1}, i.e. the
     * kernel's {@code reciprocal_scale(jhash(saddr, 4, seed), N) + 1}; the source port plays no part.
     */
    static BucketFunction sourceAddressOnly(int seed, int buckets) {
        return (source, port) -> Jhash.reciprocalScale(Jhash.jhash(source.getAddress(), 4, seed), buckets) + 1;
    }
}
