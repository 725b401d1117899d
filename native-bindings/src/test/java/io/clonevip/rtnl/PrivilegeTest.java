package io.clonevip.rtnl;

import static io.clonevip.rtnl.RtnlTesting.ipCidrs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.testkit.Cmd;
import io.clonevip.testkit.net.TestNetns;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Without CAP_NET_ADMIN (a child JVM started through {@code setpriv} with the capability removed
 * from its bounding and inheritable sets) an address add and a multicast join fail with EPERM,
 * reported clearly, and nothing changes; the same child with full privileges succeeds.
 */
class PrivilegeTest {
    private static Cmd runChild(TestNetns ns, String cidr, boolean dropNetAdmin) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> argv = new java.util.ArrayList<>();
        if (dropNetAdmin) argv.addAll(List.of("setpriv", "--inh-caps=-net_admin", "--bounding-set=-net_admin", "--"));
        argv.addAll(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), UnprivilegedOps.class.getName(), ns.name(), "vprv0", cidr));
        return Cmd.run(60, argv.toArray(String[]::new));
    }

    @Test
    void withoutNetAdminAddAndJoinFailWithEpermAndChangeNothing() {
        try (TestNetns ns = TestNetns.create("prv"); TestNetns other = TestNetns.create("prvo")) {
            ns.veth("vprv0", other, "vprvo0");
            ns.ip("link", "set", "vprv0", "up");
            List<String> before = ipCidrs(ns, "vprv0");
            String maddrBefore = ns.ip("maddr", "show", "dev", "vprv0");

            Cmd denied = runChild(ns, "198.51.100.44/24", true);
            assertEquals(3, denied.exit(), denied.out() + denied.err());
            assertTrue(denied.out().contains("FAIL add EPERM add address 198.51.100.44/24 on link "), denied.out());
            assertTrue(denied.out().contains(": EPERM (operation not permitted)"), denied.out());
            assertTrue(denied.out().contains("FAIL maddr EPERM join multicast 01:00:5e:44:00:01 on vprv0: EPERM"), denied.out());
            assertFalse(denied.out().contains("OTHER"), denied.out());
            assertEquals(before, ipCidrs(ns, "vprv0"), "nothing changed");
            assertEquals(maddrBefore, ns.ip("maddr", "show", "dev", "vprv0"), "nothing changed");

            Cmd allowed = runChild(ns, "198.51.100.44/24", false);
            assertEquals(0, allowed.exit(), allowed.out() + allowed.err());
            assertTrue(ipCidrs(ns, "vprv0").contains("198.51.100.44/24"), "the control run (full capabilities) did add it");
        }
    }
}
