package io.clonevip.rtnl;

import static io.clonevip.rtnl.RtnlTesting.in;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.rtnetlink_h;
import io.clonevip.testing.MiniJson;
import io.clonevip.testkit.net.VethLab;
import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Route lookups against the kernel, compared with {@code ip -j route get}. */
class RoutesTest {
    private static VethLab lab;

    @BeforeAll
    static void up() {
        lab = VethLab.create("rte");
        lab.node.ip("addr", "add", "198.51.100.2/24", "dev", VethLab.NODE_IF);
        lab.node.ip("-6", "addr", "add", "2001:db8:5::2/64", "dev", VethLab.NODE_IF, "nodad");
        lab.node.ip("route", "add", "203.0.113.0/24", "via", "198.51.100.1");
    }

    @AfterAll
    static void down() { if (lab != null) lab.close(); }

    @Test
    void directlyConnectedAndViaGatewayMatchIpRouteGet() throws Exception {
        int idx = in(lab.node, c -> new Links(c).byName(VethLab.NODE_IF).index());
        Route direct = in(lab.node, c -> new Routes(c).get(InetAddress.ofLiteral("198.51.100.77")));
        Map<String, Object> ip = MiniJson.array(lab.node.ip("-j", "route", "get", "198.51.100.77")).get(0);
        assertEquals(ip.get("dev"), VethLab.NODE_IF);
        assertEquals(idx, direct.linkIndex());
        assertNull(direct.gateway());
        assertEquals(InetAddress.ofLiteral((String) ip.get("prefsrc")), direct.preferredSource());
        assertEquals(rtnetlink_h.RT_TABLE_MAIN(), direct.table());
        assertEquals(rtnetlink_h.RTN_UNICAST(), direct.type());

        Route via = in(lab.node, c -> new Routes(c).get(InetAddress.ofLiteral("203.0.113.9")));
        assertEquals(idx, via.linkIndex());
        assertEquals(InetAddress.ofLiteral("198.51.100.1"), via.gateway());

        Route v6 = in(lab.node, c -> new Routes(c).get(InetAddress.ofLiteral("2001:db8:5::99")));
        assertEquals(idx, v6.linkIndex());

        Route local = in(lab.node, c -> new Routes(c).get(InetAddress.ofLiteral("198.51.100.2")));
        assertEquals(rtnetlink_h.RTN_LOCAL(), local.type());
        assertEquals(1, local.linkIndex(), "a local address is reached through lo, as ip route get says");
    }

    @Test
    void noRouteIsENETUNREACHNamingTheAddress() {
        KernelException e = assertThrows(KernelException.class, () -> in(lab.node, c -> new Routes(c).get(InetAddress.ofLiteral("192.0.2.200"))));
        assertEquals(Errno.ENETUNREACH, e.errno(), e.getMessage());
        assertTrue(e.getMessage().contains("no route to 192.0.2.200"), e.getMessage());
    }
}
