package io.clonevip.cluster.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class XtClusterHashTest {

    @Test
    void matchesXtClusterVectors() {
        List<String[]> rows = Vectors.read("xt-cluster.csv");
        assertEquals(60, rows.size());
        for (String[] row : rows) {
            int seed = Vectors.u32(row[1]);
            int hash = XtClusterHash.hash(InetAddress.ofLiteral(row[0]), seed);
            assertEquals(Vectors.u32(row[3]), hash, row[0]);
            assertEquals(Integer.parseInt(row[4]), XtClusterHash.node(hash, Integer.parseInt(row[2])), row[0]);
            if (row[0].indexOf(':') < 0) {
                assertEquals(hash, XtClusterHash.hashIpv4(Vectors.ipv4(row[0]), seed));
            }
        }
    }

    @Test
    void nodeIsZeroBasedUpTo32() {
        assertEquals(0, XtClusterHash.node(0, 32));
        assertEquals(31, XtClusterHash.node(-1, 32));
        assertThrows(IllegalArgumentException.class, () -> XtClusterHash.node(0, 33));
        assertThrows(IllegalArgumentException.class, () -> XtClusterHash.node(0, 0));
    }
}
