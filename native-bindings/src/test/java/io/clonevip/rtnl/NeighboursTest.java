package io.clonevip.rtnl;

import static io.clonevip.rtnl.RtnlTesting.in;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.nativ.bind.libc_h;
import io.clonevip.nativ.bind.rtnetlink_h;
import io.clonevip.testing.MiniJson;
import io.clonevip.testkit.net.VethLab;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The neighbour cache read over rtnetlink, compared with {@code ip -j neigh show nud all}. */
class NeighboursTest {
    private static VethLab lab;

    @BeforeAll
    static void up() {
        lab = VethLab.create("nbr");
        lab.node.ip("addr", "add", "198.51.100.2/24", "dev", VethLab.NODE_IF);
        lab.node.ip("-6", "addr", "add", "2001:db8:6::2/64", "dev", VethLab.NODE_IF, "nodad");
        lab.node.ip("neigh", "add", "198.51.100.9", "lladdr", "01:00:5e:00:01:09", "dev", VethLab.NODE_IF, "nud", "permanent");
        lab.node.ip("-6", "neigh", "add", "2001:db8:6::9", "lladdr", "33:33:00:00:00:09", "dev", VethLab.NODE_IF, "nud", "permanent");
        lab.node.ip("-6", "neigh", "add", "2001:db8:6::1", "lladdr", "02:00:00:00:00:01", "dev", VethLab.NODE_IF, "router", "nud", "stale");
        lab.node.ip("-6", "neigh", "add", "2001:db8:6::7", "dev", VethLab.NODE_IF, "nud", "incomplete");
    }

    @AfterAll
    static void down() { if (lab != null) lab.close(); }

    @Test
    void entriesMatchIpNeighShow() throws Exception {
        int idx = in(lab.node, c -> new Links(c).byName(VethLab.NODE_IF).index());
        Map<String, String> ours = new TreeMap<>();
        for (Neighbour n : in(lab.node, c -> new Neighbours(c).list(0, libc_h.AF_UNSPEC()))) {
            ours.put(IpLiteral.format(n.address()), (n.lladdr() == null ? "-" : n.lladdr().toString()) + " " + n.stateName());
        }
        Map<String, String> ip = new TreeMap<>();
        for (Map<String, Object> e : MiniJson.array(lab.node.ip("-j", "neigh", "show", "nud", "all"))) {
            Object ll = e.get("lladdr");
            @SuppressWarnings("unchecked")
            List<Object> state = (List<Object>) e.get("state");
            ip.put((String) e.get("dst"), (ll == null ? "-" : ll) + " " + String.join(" ", state.stream().map(String::valueOf).toList()));
        }
        assertEquals(ip, ours);

        Neighbour v6 = in(lab.node, c -> new Neighbours(c).get(idx, InetAddress.ofLiteral("2001:db8:6::9"))).orElseThrow();
        assertEquals(MacAddress.parse("33:33:00:00:00:09"), v6.lladdr());
        assertEquals(rtnetlink_h.NUD_PERMANENT(), v6.state());
        assertEquals(libc_h.AF_INET6(), v6.family());
        assertEquals(idx, v6.linkIndex());
        assertTrue(v6.isValid());
        assertFalse(v6.isRouter());
        Neighbour router = in(lab.node, c -> new Neighbours(c).get(idx, InetAddress.ofLiteral("2001:db8:6::1"))).orElseThrow();
        assertTrue(router.isRouter());
        assertEquals("STALE", router.stateName());
        Neighbour incomplete = in(lab.node, c -> new Neighbours(c).get(idx, InetAddress.ofLiteral("2001:db8:6::7"))).orElseThrow();
        assertNull(incomplete.lladdr());
        assertFalse(incomplete.isValid());
        List<Neighbour> v4 = in(lab.node, c -> new Neighbours(c).list(idx, libc_h.AF_INET()));
        assertEquals(List.of(InetAddress.ofLiteral("198.51.100.9")), v4.stream().map(Neighbour::address).toList());
        assertEquals(Optional.empty(), in(lab.node, c -> new Neighbours(c).get(idx, InetAddress.ofLiteral("2001:db8:6::99"))));
    }
}
