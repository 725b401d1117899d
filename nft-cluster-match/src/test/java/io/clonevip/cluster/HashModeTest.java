package io.clonevip.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
        String valid = "expected one of sourceip, sourceip-sourceport, sourceip-sourceport-destport, clusterip-compatible";
        assertEquals("invalid hashMode 'sourceip_sourceport': " + valid,
                assertThrows(ClusterSpecException.class, () -> HashMode.parse("sourceip_sourceport")).getMessage());
        assertEquals("invalid hashMode (none): " + valid,
                assertThrows(ClusterSpecException.class, () -> HashMode.parse(null)).getMessage());
        assertEquals("invalid hashMode '': " + valid,
                assertThrows(ClusterSpecException.class, () -> HashMode.parse("")).getMessage());
    }
}
