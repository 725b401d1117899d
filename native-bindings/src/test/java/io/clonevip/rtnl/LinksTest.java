package io.clonevip.rtnl;

import static io.clonevip.rtnl.RtnlTesting.in;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.testing.MiniJson;
import io.clonevip.testkit.net.VethLab;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Links against the kernel, compared with {@code ip -j link show}. */
class LinksTest {
    private static VethLab lab;

    @BeforeAll
    static void up() { lab = VethLab.create("lnk"); }

    @AfterAll
    static void down() { if (lab != null) lab.close(); }

    @Test
    void byNameMatchesIpLinkShow() throws Exception {
        Link l = in(lab.node, c -> new Links(c).byName(VethLab.NODE_IF));
        Map<String, Object> ip = MiniJson.array(lab.node.ip("-j", "link", "show", "dev", VethLab.NODE_IF)).get(0);
        assertEquals(((Number) ip.get("ifindex")).intValue(), l.index());
        assertEquals(VethLab.NODE_IF, l.name());
        assertEquals(ip.get("address"), l.mac().toString());
        assertEquals(((Number) ip.get("mtu")).intValue(), l.mtu());
        assertEquals(ip.get("operstate"), l.operState().name());
        @SuppressWarnings("unchecked")
        List<String> flags = (List<String>) ip.get("flags");
        assertEquals(flags.contains("UP"), l.up());
        assertEquals(flags.contains("LOWER_UP"), l.lowerUp());
        assertEquals(flags.contains("MULTICAST"), l.multicast());
        assertTrue(l.up() && l.lowerUp() && l.running() && l.multicast(), "veth with both ends up");
        assertFalse(l.loopback());
    }

    @Test
    void byIndexAndListAgree() throws Exception {
        List<Link> all = in(lab.node, c -> new Links(c).list());
        assertEquals(List.of("lo", VethLab.NODE_IF), all.stream().map(Link::name).toList());
        Link byIndex = in(lab.node, c -> new Links(c).byIndex(all.get(1).index()));
        assertEquals(all.get(1), byIndex);
        Link lo = all.get(0);
        assertTrue(lo.loopback());
        assertEquals(OperState.UNKNOWN, lo.operState());
        assertEquals(MacAddress.ZERO, lo.mac());
    }

    @Test
    void unknownInterfaceIsENODEVNamingIt() {
        KernelException e = assertThrows(KernelException.class, () -> in(lab.node, c -> new Links(c).byName("nosuch0")));
        assertEquals(Errno.ENODEV, e.errno());
        assertTrue(e.getMessage().contains("'nosuch0'"), e.getMessage());
        KernelException tooLong = assertThrows(KernelException.class, () -> in(lab.node, c -> new Links(c).byName("a234567890123456")));
        assertEquals(Errno.ENODEV, tooLong.errno());
        KernelException idx = assertThrows(KernelException.class, () -> in(lab.node, c -> new Links(c).byIndex(99999)));
        assertEquals(Errno.ENODEV, idx.errno());
        assertTrue(idx.getMessage().contains("99999"), idx.getMessage());
        KernelException empty = assertThrows(KernelException.class, () -> in(lab.node, c -> new Links(c).byName("")));
        assertEquals(Errno.EINVAL, empty.errno());
    }
}
