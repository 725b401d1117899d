package io.clonevip.lab.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Source addresses for upstream IPaddr2's source-address-only hash. */
class ClientSourcesTest {

    @Test
    void everyBucketGetsItsShareOfAddresses() {
        for (int buckets : new int[] {3, 12}) {
            BucketFunction f = BucketFunction.sourceAddressOnly(SeedConfig.UPSTREAM_SEED, buckets);
            ClientSources s = ClientSources.covering(f, buckets, 2);
            Map<Integer, Integer> per = new TreeMap<>();
            for (InetAddress a : s.addresses()) {
                per.merge(f.bucket(a, 0), 1, Integer::sum);
                assertEquals(f.bucket(a, 0), f.bucket(a, 40_000), "the port plays no part");
            }
            assertEquals(buckets, per.size(), "buckets covered: " + per);
            per.values().forEach(n -> assertTrue(n >= 2, "per bucket: " + per));
            assertEquals(E2eLab.CLIENT_ADDRESS, s.addresses().getFirst().getHostAddress());
            assertEquals(s.addresses().size() - 1, s.extra().size());
        }
    }
}
