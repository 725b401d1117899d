package io.clonevip.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.clonevip.cluster.hash.BucketPredictor;
import io.clonevip.cluster.hash.ClusteripHash;
import org.junit.jupiter.api.Test;

class HashModeTest {

    @Test
    void parsesKeywords() {
        assertEquals(HashMode.SOURCE_IP, HashMode.parse("sourceip"));
        assertEquals(HashMode.SOURCE_IP_SOURCE_PORT, HashMode.parse(" SourceIP-SourcePort "));
        assertEquals(HashMode.SOURCE_IP_SOURCE_PORT_DEST_PORT, HashMode.parse("sourceip-sourceport-destport"));
        assertEquals(HashMode.CLUSTERIP_COMPATIBLE, HashMode.parse("clusterip-compatible"));
        assertEquals(HashMode.SOURCE_IP_SOURCE_PORT, HashMode.DEFAULT);
        for (HashMode mode : HashMode.values()) {
            assertEquals(mode, HashMode.parse(mode.toString()));
        }
    }

    @Test
    void errorListsValidValues() {
        String valid = "expected one of sourceip, sourceip-sourceport, sourceip-sourceport-destport, clusterip-compatible, "
                + "clusterip-compatible-sourceip, clusterip-compatible-sourceip-sourceport-destport";
        assertEquals("invalid hashMode 'sourceip_sourceport': " + valid,
                assertThrows(ClusterSpecException.class, () -> HashMode.parse("sourceip_sourceport")).getMessage());
        assertEquals("invalid hashMode (none): " + valid,
                assertThrows(ClusterSpecException.class, () -> HashMode.parse(null)).getMessage());
        assertEquals("invalid hashMode '': " + valid,
                assertThrows(ClusterSpecException.class, () -> HashMode.parse("")).getMessage());
    }

    @Test
    void compatibleModesMapToTheCLUSTERIPModeTheyReproduce() {
        for (HashMode plain : new HashMode[] {HashMode.SOURCE_IP, HashMode.SOURCE_IP_SOURCE_PORT, HashMode.SOURCE_IP_SOURCE_PORT_DEST_PORT}) {
            HashMode compat = HashMode.compatibleWith(plain);
            assertEquals(plain, compat.clusteripMode());
            assertEquals(true, compat.clusteripCompatible());
            assertEquals(false, plain.clusteripCompatible());
        }
        assertEquals(HashMode.CLUSTERIP_COMPATIBLE, HashMode.compatibleWith(HashMode.SOURCE_IP_SOURCE_PORT));
    }

    @Test
    void compatiblePredictionIsCLUSTERIPsNodeForEveryMode() {
        int saddr = 0xc6336432; // 198.51.100.50
        for (HashMode plain : new HashMode[] {HashMode.SOURCE_IP, HashMode.SOURCE_IP_SOURCE_PORT, HashMode.SOURCE_IP_SOURCE_PORT_DEST_PORT}) {
            BucketPredictor p = new BucketPredictor(HashMode.compatibleWith(plain), 7, 0xabcdef01L);
            for (int proto : new int[] {1, 6, 17, 51, 132}) {
                for (int sport = 1000; sport < 1100; sport += 7) {
                    assertEquals(ClusteripHash.node(plain, saddr, proto, sport, 3306, 0xabcdef01, 7),
                            p.bucketIpv4(saddr, proto, sport, 3306), plain + " proto " + proto + " sport " + sport);
                }
            }
        }
    }
}
