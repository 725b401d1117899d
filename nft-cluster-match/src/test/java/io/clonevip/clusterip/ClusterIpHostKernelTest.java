package io.clonevip.clusterip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.testkit.net.TestNetns;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The backend on this machine's own kernel. Kernels from 6.3 on have no CLUSTERIP: start must
 * say so plainly and leave the table as it was. (The full behaviour is proven on Debian's 6.1
 * kernel by {@link ClusterIpGuestTest}.)
 */
class ClusterIpHostKernelTest {

    @Test
    void startOnAKernelWithoutClusterIpIsRefusedCleanly() throws Exception {
        try (TestNetns ns = TestNetns.create("cip")) {
            ns.ip("link", "add", "cv0", "type", "veth", "peer", "name", "cv1");
            IptTableKernelTest.ipt(ns, "-A", "INPUT", "-c", "5", "50", "-s", "203.0.113.5", "-j", "ACCEPT");
            List<String> before = IptTableKernelTest.save(ns);
            ClusterIpLegacyBackend b = new ClusterIpLegacyBackend(ns.name());
            ClusterIpParams p = ClusterIpParams.of("198.51.100.100", "cv0", "01:00:5E:00:00:64", 2, 1, "sourceip", "0");
            boolean hasClusterIp = ns.execOk("cat", "/proc/net/ip_tables_targets").lines().anyMatch("CLUSTERIP"::equals);
            if (!hasClusterIp) {
                ClusterIpException e = assertThrows(ClusterIpException.class, () -> b.start(p));
                assertEquals(ClusterIpException.Reason.UNSUPPORTED, e.reason(), e.getMessage());
                assertEquals(before, IptTableKernelTest.save(ns), "table untouched");
                ClusterIpState s = b.state(p.vip());
                assertTrue(s.rules().isEmpty());
                assertFalse(s.localNodes().isPresent());
            }
            KernelException e = assertThrows(KernelException.class, () -> b.start(
                    ClusterIpParams.of("198.51.100.101", "nosuchif0", "01:00:5E:00:00:64", 2, 1, "sourceip", "0")));
            assertEquals(Errno.ENODEV, e.errno(), e.getMessage());
        }
    }
}
