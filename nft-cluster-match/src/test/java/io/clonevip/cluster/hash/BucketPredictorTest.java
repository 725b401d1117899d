package io.clonevip.cluster.hash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.cluster.ClusterSpecException;
import io.clonevip.cluster.HashMode;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class BucketPredictorTest {

    private static final long LAB_SEED = 0xc1057e12L;

    /** 280 flows predicted by the reference-lab python model of nft_jhash_eval. */
    @Test
    void matchesReferenceModelVectors() {
        List<String[]> rows = Vectors.read("nft-buckets.csv");
        assertEquals(280, rows.size());
        for (String[] row : rows) {
            HashMode mode = HashMode.parse(row[0]);
            InetAddress saddr = InetAddress.ofLiteral(row[1]);
            int proto = Integer.parseInt(row[2]);
            int sport = Integer.parseInt(row[3]);
            int dport = Integer.parseInt(row[4]);
            BucketPredictor predictor = new BucketPredictor(mode, Integer.parseInt(row[5]), Vectors.seed(row[6]));
            String flow = String.join(",", row);
            byte[] key = predictor.key(saddr, proto, sport, dport);
            assertEquals(row[7], HexFormat.of().formatHex(key), flow);
            assertEquals(Vectors.u32(row[8]), Jhash.jhash(key, key.length, (int) predictor.seed()), flow);
            assertEquals(Integer.parseInt(row[9]), predictor.bucket(saddr, proto, sport, dport), flow);
            if (row[1].indexOf(':') < 0) {
                int v4 = Vectors.ipv4(row[1]);
                assertEquals(Vectors.u32(row[8]), predictor.hashIpv4(v4, proto, sport, dport), flow);
                assertEquals(Integer.parseInt(row[9]), predictor.bucketIpv4(v4, proto, sport, dport), flow);
            }
        }
    }

    /** The lab ruleset: jhash ip saddr . th sport mod 12 seed 0xc1057e12 offset 1, client 192.0.2.50. */
    @Test
    void labRulesetValues() throws Exception {
        BucketPredictor lab = new BucketPredictor(HashMode.SOURCE_IP_SOURCE_PORT, 12, LAB_SEED);
        InetAddress client = InetAddress.ofLiteral("192.0.2.50");
        assertEquals("c000023290ed0000",
                HexFormat.of().formatHex(lab.key(client, BucketPredictor.IPPROTO_TCP, 37101, 80)));
        assertEquals(0x629ef636, lab.hashIpv4(0xc0000232, BucketPredictor.IPPROTO_TCP, 37101, 80));
        assertEquals(5, lab.bucketIpv4(0xc0000232, BucketPredictor.IPPROTO_TCP, 37101, 80));
        assertEquals(4, lab.bucket(client, BucketPredictor.IPPROTO_TCP, 35300, 80));
        assertEquals(11, lab.bucket(client, BucketPredictor.IPPROTO_UDP, 37079, 53));
        // the destination port is not part of this key
        assertEquals(5, lab.bucketIpv4(0xc0000232, BucketPredictor.IPPROTO_TCP, 37101, 3306));
    }

    @Test
    void nonTcpUdpProtocolsHashTheSourceAddressOnly() {
        InetAddress client = InetAddress.ofLiteral("198.51.100.7");
        for (HashMode mode : List.of(HashMode.SOURCE_IP, HashMode.SOURCE_IP_SOURCE_PORT,
                HashMode.SOURCE_IP_SOURCE_PORT_DEST_PORT)) {
            BucketPredictor p = new BucketPredictor(mode, 12, LAB_SEED);
            for (int proto : new int[] {BucketPredictor.IPPROTO_ICMP, 132, 50, 47}) {
                assertArrayEquals(new byte[] {(byte) 198, 51, 100, 7}, p.key(client, proto, 8, 0), mode + " " + proto);
                assertEquals(p.bucketIpv4(0xc6336407, proto, 0, 0), p.bucketIpv4(0xc6336407, proto, 4242, 99));
            }
        }
        assertEquals(16, new BucketPredictor(HashMode.SOURCE_IP, 12, 0)
                .key(InetAddress.ofLiteral("2001:db8::1"), BucketPredictor.IPPROTO_TCP, 1, 2).length);
        assertEquals(20, new BucketPredictor(HashMode.SOURCE_IP_SOURCE_PORT, 12, 0)
                .key(InetAddress.ofLiteral("2001:db8::1"), BucketPredictor.IPPROTO_TCP, 1, 2).length);
        assertEquals(24, new BucketPredictor(HashMode.SOURCE_IP_SOURCE_PORT_DEST_PORT, 12, 0)
                .key(InetAddress.ofLiteral("2001:db8::1"), BucketPredictor.IPPROTO_UDP, 1, 2).length);
        assertEquals(16, new BucketPredictor(HashMode.SOURCE_IP_SOURCE_PORT_DEST_PORT, 12, 0)
                .key(InetAddress.ofLiteral("2001:db8::1"), BucketPredictor.IPPROTO_ICMPV6, 1, 2).length);
    }

    /** For sourceip, nft's bucket is xt_cluster's 0-based node + 1 (both hash the raw address word). */
    @Test
    void sourceIpBucketEqualsXtClusterNodePlusOne() {
        for (String[] row : Vectors.read("xt-cluster.csv")) {
            InetAddress saddr = InetAddress.ofLiteral(row[0]);
            int total = Integer.parseInt(row[2]);
            BucketPredictor p = new BucketPredictor(HashMode.SOURCE_IP, total, Vectors.seed(row[1]));
            assertEquals(Integer.parseInt(row[4]) + 1, p.bucket(saddr, BucketPredictor.IPPROTO_TCP, 1000, 80), row[0]);
        }
    }

    /** The clusterip-compatible key, hashed with plain jhash, reproduces CLUSTERIP's sourceip-sourceport node. */
    @Test
    void clusteripCompatibleKeyReproducesClusterip() {
        BucketPredictor p = new BucketPredictor(HashMode.CLUSTERIP_COMPATIBLE, 3, 0x1234L);
        InetAddress client = InetAddress.ofLiteral("203.0.113.9");
        byte[] key = p.key(client, BucketPredictor.IPPROTO_TCP, 40000, 3306);
        assertEquals("097100cb9c400000", HexFormat.of().formatHex(key));
        int expected = ClusteripHash.hash(HashMode.SOURCE_IP_SOURCE_PORT, 0xcb007109, 6, 40000, 3306, 0x1234);
        assertEquals(expected, Jhash.jhash(key, key.length, 0x1234));
        assertEquals(ClusteripHash.node(expected, 3), p.bucket(client, 6, 40000, 3306));
        // ICMP: CLUSTERIP still uses jhash_2words, with sport 0
        byte[] icmp = p.key(client, BucketPredictor.IPPROTO_ICMP, 8, 0);
        assertEquals("097100cb00000000", HexFormat.of().formatHex(icmp));
        assertEquals(Jhash.jhash2Words(0xcb007109, 0, 0x1234), p.hashIpv4(0xcb007109, 1, 8, 0));
        assertThrows(ClusterSpecException.class,
                () -> p.bucket(InetAddress.ofLiteral("2001:db8::9"), BucketPredictor.IPPROTO_TCP, 1, 2));
    }

    @Test
    void spreadsLabFlowsOverAllBuckets() {
        BucketPredictor lab = new BucketPredictor(HashMode.SOURCE_IP_SOURCE_PORT, 12, LAB_SEED);
        int[] counts = new int[13];
        for (int sport = 32768; sport < 32768 + 12_000; sport++) {
            counts[lab.bucketIpv4(0xc0000232, BucketPredictor.IPPROTO_TCP, sport, 80)]++;
        }
        assertEquals(0, counts[0]);
        for (int bucket = 1; bucket <= 12; bucket++) {
            assertTrue(counts[bucket] > 800 && counts[bucket] < 1200, "bucket " + bucket + ": " + counts[bucket]);
        }
    }

    @Test
    void rejectsBadParameters() {
        assertEquals("invalid buckets '0': expected an integer 1..4096",
                assertThrows(ClusterSpecException.class, () -> new BucketPredictor(HashMode.DEFAULT, 0, 1)).getMessage());
        assertThrows(ClusterSpecException.class, () -> new BucketPredictor(HashMode.DEFAULT, 4097, 1));
        assertThrows(ClusterSpecException.class, () -> new BucketPredictor(HashMode.DEFAULT, 12, -1));
        assertThrows(ClusterSpecException.class, () -> new BucketPredictor(HashMode.DEFAULT, 12, 0x1_0000_0000L));
        assertThrows(ClusterSpecException.class, () -> new BucketPredictor(null, 12, 1));
        BucketPredictor p = new BucketPredictor(HashMode.DEFAULT, 12, 0xffffffffL);
        assertEquals(0xffffffffL, p.seed());
        assertThrows(IllegalArgumentException.class, () -> p.bucketIpv4(1, 6, 65536, 0));
        assertThrows(IllegalArgumentException.class, () -> p.bucketIpv4(1, 6, 0, -1));
    }
}
