package io.clonevip.clusterip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.nativ.KernelException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Input validation, the target codec and the /proc parser (no kernel involved). */
class ClusterIpParamsTest {

    static ClusterIpParams params(String mac, int total, int local, String mode, String seed) {
        return ClusterIpParams.of("198.51.100.100", "eth1", mac, total, local, mode, seed);
    }

    @Test
    void acceptsWhatIpaddr2Writes() {
        ClusterIpParams p = params("01:00:5e:00:00:64", 3, 2, "sourceip-sourceport", "0xdeadbeef");
        assertEquals("01:00:5E:00:00:64", p.clusterMac());
        assertEquals(0xdeadbeefL, p.hashInit());
        assertEquals("-A INPUT -d 198.51.100.100/32 -i eth1 -j CLUSTERIP --new --hashmode sourceip-sourceport"
                + " --clustermac 01:00:5E:00:00:64 --total-nodes 3 --local-node 2 --hash-init 3735928559",
                p.rule().iptablesSpec("INPUT"));
        assertEquals(16, params("03:00:00:00:00:01", 16, 16, "sourceip", "0").totalNodes());
    }

    @Test
    void refusesWhatTheKernelOrIptablesWouldRefuse() {
        List<Runnable> bad = List.of(
                () -> params("02:00:5e:00:00:64", 3, 1, "sourceip", "0"),        // not multicast
                () -> params("01:00:5e:00:00", 3, 1, "sourceip", "0"),           // short MAC
                () -> params("01:00:5e:00:00:64", 0, 1, "sourceip", "0"),        // no nodes
                () -> params("01:00:5e:00:00:64", 17, 1, "sourceip", "0"),       // over CLUSTERIP's 16
                () -> params("01:00:5e:00:00:64", 3, 0, "sourceip", "0"),        // node 0
                () -> params("01:00:5e:00:00:64", 3, 4, "sourceip", "0"),        // node > total
                () -> params("01:00:5e:00:00:64", 3, 1, "sourceport", "0"),      // unknown mode
                () -> params("01:00:5e:00:00:64", 3, 1, "sourceip", "0x1ffffffff"),
                () -> params("01:00:5e:00:00:64", 3, 1, "sourceip", "seed"),
                () -> ClusterIpParams.of("0.0.0.0", "eth1", "01:00:5e:00:00:64", 3, 1, "sourceip", "0"),
                () -> ClusterIpParams.of("db.example", "eth1", "01:00:5e:00:00:64", 3, 1, "sourceip", "0"),
                () -> ClusterIpParams.of("010.0.0.1", "eth1", "01:00:5e:00:00:64", 3, 1, "sourceip", "0"), // ambiguous octal-looking literal
                () -> ClusterIpParams.of("198.51.100.100", "eth+", "01:00:5e:00:00:64", 3, 1, "sourceip", "0"),
                () -> ClusterIpParams.of("198.51.100.100", "a-very-long-name0", "01:00:5e:00:00:64", 3, 1, "sourceip", "0"));
        for (Runnable r : bad) assertThrows(IllegalArgumentException.class, r::run);
    }

    @Test
    void targetDataRoundTrips() {
        ClusterIpTarget t = params("01:00:5e:00:00:64", 5, 4, "sourceip-sourceport-destport", "4294967295").rule().target();
        byte[] data = t.encode();
        assertEquals(64, data.length);
        assertEquals(t, ClusterIpTarget.decode(data));
    }

    @Test
    void procContentParses() throws KernelException {
        assertEquals(Set.of(), ClusterIpProc.parse(""));
        assertEquals(Set.of(1, 3, 16), ClusterIpProc.parse("1,3,16\n"));
        KernelException e = assertThrows(KernelException.class, () -> ClusterIpProc.parse("1,1,2\n"));
        assertTrue(e.getMessage().contains("twice"), e.getMessage());
    }
}
