package io.clonevip.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusteripHashTest {

    /** Vectors from an independent python transcription of clusterip_hashfn + __jhash_nwords. */
    @Test
    void matchesClusteripVectors() {
        List<String[]> rows = Vectors.read("clusterip.csv");
        assertEquals(150, rows.size());
        for (String[] row : rows) {
            HashMode mode = HashMode.parse(row[0]);
            int hash = ClusteripHash.hash(mode, Vectors.ipv4(row[1]), Integer.parseInt(row[2]),
                    Integer.parseInt(row[3]), Integer.parseInt(row[4]), Vectors.u32(row[5]));
            String flow = String.join(",", row);
            assertEquals(Vectors.u32(row[7]), hash, flow);
            assertEquals(Integer.parseInt(row[8]), ClusteripHash.node(hash, Integer.parseInt(row[6])), flow);
        }
    }

    @Test
    void protoPortsOffsetAsInLinuxIn() {
        for (int proto : new int[] {6, 17, 33, 50, 132, 136}) {
            assertEquals(0, ClusteripHash.portsOffset(proto), "proto " + proto);
        }
        assertEquals(4, ClusteripHash.portsOffset(51));
        for (int proto : new int[] {0, 1, 2, 47, 58, 255}) {
            assertEquals(-1, ClusteripHash.portsOffset(proto), "proto " + proto);
        }
    }

    @Test
    void addressIsHashedInHostOrderPortsRaw() {
        int saddr = 0xc0000232; // 192.0.2.50
        assertEquals(Jhash.jhash1Word(saddr, 0), ClusteripHash.hash(HashMode.SOURCE_IP, saddr, 6, 1, 2, 0));
        assertEquals(Jhash.jhash2Words(saddr, 0x5000, 9), ClusteripHash.hash(HashMode.SOURCE_IP_SOURCE_PORT, saddr, 6, 80, 443, 9));
        assertEquals(Jhash.jhash3Words(saddr, 0x5000, 0xbb01, 9),
                ClusteripHash.hash(HashMode.SOURCE_IP_SOURCE_PORT_DEST_PORT, saddr, 6, 80, 443, 9));
        // ICMP has no ports for CLUSTERIP: zeros, still the 2-word form
        assertEquals(Jhash.jhash2Words(saddr, 0, 9), ClusteripHash.hash(HashMode.SOURCE_IP_SOURCE_PORT, saddr, 1, 80, 443, 9));
        assertNotEquals(Jhash.jhash1Word(saddr, 9), ClusteripHash.hash(HashMode.SOURCE_IP_SOURCE_PORT, saddr, 1, 80, 443, 9));
        assertEquals(ClusteripHash.hash(HashMode.SOURCE_IP_SOURCE_PORT, saddr, 6, 80, 0, 9),
                ClusteripHash.hash(HashMode.CLUSTERIP_COMPATIBLE, saddr, 6, 80, 0, 9));
    }

    /** CLUSTERIP and nft sourceip disagree: ntohl(saddr) vs the raw register word. */
    @Test
    void differsFromNftForTheSameSeed() {
        int differ = 0;
        BucketPredictor nft = new BucketPredictor(HashMode.SOURCE_IP, 16, 77);
        for (int host = 1; host < 255; host++) {
            int saddr = 0xcb007100 | host;
            if (ClusteripHash.node(HashMode.SOURCE_IP, saddr, 6, 0, 0, 77, 16) != nft.bucketIpv4(saddr, 6, 0, 0)) {
                differ++;
            }
        }
        assertEquals(true, differ > 200, "only " + differ + " of 254 differ");
        assertEquals(nft.bucket(InetAddress.ofLiteral("203.0.113.1"), 6, 0, 0),
                XtClusterHash.node(XtClusterHash.hashIpv4(0xcb007101, 77), 16) + 1);
    }

    /** The table of docs/developer/hashing.md: client 192.0.2.50:37101, seed/hash_init 0xc1057e12, 12 buckets/nodes. */
    @Test
    void workedExampleOfTheHashingPage() {
        int client = 0xc0000232;
        int seed = 0xc1057e12;
        assertEquals(0x629ef636, new BucketPredictor(HashMode.SOURCE_IP_SOURCE_PORT, 12, 0xc1057e12L).hashIpv4(client, 6, 37101, 80));
        assertEquals(0x0cc888c2, new BucketPredictor(HashMode.SOURCE_IP, 12, 0xc1057e12L).hashIpv4(client, 6, 37101, 80));
        assertEquals(1, new BucketPredictor(HashMode.SOURCE_IP, 12, 0xc1057e12L).bucketIpv4(client, 6, 37101, 80));
        assertEquals(0x0cc888c2, XtClusterHash.hashIpv4(client, seed));
        assertEquals(0, XtClusterHash.node(0x0cc888c2, 12));
        assertEquals(0x4060cfad, ClusteripHash.hash(HashMode.SOURCE_IP_SOURCE_PORT, client, 6, 37101, 80, seed));
        assertEquals(4, ClusteripHash.node(0x4060cfad, 12));
        assertEquals(0x09de7423, ClusteripHash.hash(HashMode.SOURCE_IP, client, 6, 37101, 80, seed));
        assertEquals(1, ClusteripHash.node(0x09de7423, 12));
    }

    @Test
    void rejectsBadValues() {
        assertThrows(IllegalArgumentException.class, () -> ClusteripHash.node(1, 0));
        assertThrows(IllegalArgumentException.class, () -> ClusteripHash.node(1, 65536));
        assertEquals(1, ClusteripHash.node(-1, 1));
        assertEquals(16, ClusteripHash.node(-1, 16));
        assertThrows(IllegalArgumentException.class, () -> ClusteripHash.hash(HashMode.SOURCE_IP, 1, 6, 70000, 0, 0));
    }
}
