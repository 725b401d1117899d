package io.clonevip.rtnl;

import static io.clonevip.rtnl.RtnlTesting.in;
import static io.clonevip.rtnl.RtnlTesting.ipAddrs;
import static io.clonevip.rtnl.RtnlTesting.ipCidrs;
import static io.clonevip.rtnl.RtnlTesting.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.testkit.net.VethLab;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Address lifetimes, IFA_F_NOPREFIXROUTE, IPv6 address labels and route replacement against the
 * kernel, checked with {@code ip -j addr show}, {@code ip route} and {@code ip addrlabel list}.
 */
class AddressOptionsTest {
    private static final String DEV = VethLab.NODE_IF;
    private static VethLab lab;
    private static int index;

    @BeforeAll
    static void up() throws Exception {
        lab = VethLab.create("adro");
        index = in(lab.node, c -> new Links(c).byName(DEV).index());
    }

    @AfterAll
    static void down() { if (lab != null) lab.close(); }

    private static Map<String, Object> entry(String local) {
        return ipAddrs(lab.node, DEV).stream().filter(a -> local.equals(a.get("local"))).findFirst().orElseThrow();
    }

    @Test
    void preferredLifetimeZeroIsDeprecatedAndReplaceRestoresForever() throws Exception {
        IfAddr vip = IfAddr.parse("2001:db8:9::10/64", index);
        in(lab.node, c -> { new AddressOps(c).add(vip, 0, IfAddr.FOREVER); return null; });
        Map<String, Object> e = entry("2001:db8:9::10");
        assertEquals(0L, e.get("preferred_life_time"), e.toString());
        assertEquals(Boolean.TRUE, e.get("deprecated"), e.toString());
        assertEquals(4294967295L, e.get("valid_life_time"), e.toString());
        in(lab.node, c -> { new AddressOps(c).add(vip); return null; }); // replace without lifetimes: forever
        e = entry("2001:db8:9::10");
        assertEquals(4294967295L, e.get("preferred_life_time"), e.toString());
        assertTrue(is(lab.node, c -> new AddressOps(c).delete(vip)));
    }

    @Test
    void noPrefixRouteAddsNoRoute() throws Exception {
        IfAddr vip = IfAddr.parse("203.0.113.7/24", index).withFlags(IfAddr.F_NOPREFIXROUTE);
        in(lab.node, c -> { new AddressOps(c).add(vip); return null; });
        assertEquals(Boolean.TRUE, entry("203.0.113.7").get("noprefixroute"));
        assertFalse(lab.node.ip("route", "show").contains("203.0.113.0/24"), lab.node.ip("route", "show"));
        IfAddr got = in(lab.node, c -> new AddressOps(c).list(index, 2)).stream()
                .filter(a -> a.address().equals(vip.address())).findFirst().orElseThrow();
        assertTrue((got.flags() & IfAddr.F_NOPREFIXROUTE) != 0);
        assertTrue(is(lab.node, c -> new AddressOps(c).delete(vip)));
    }

    @Test
    void badLifetimesAreRefusedBeforeAnythingIsSent() throws Exception {
        IfAddr vip = IfAddr.parse("2001:db8:9::11/64", index);
        List<String> before = ipCidrs(lab.node, DEV);
        for (long[] lt : new long[][] {{10, 5}, {0, 0}, {IfAddr.FOREVER + 1, IfAddr.FOREVER}}) {
            KernelException e = assertThrows(KernelException.class,
                    () -> in(lab.node, c -> { new AddressOps(c).add(vip, lt[0], lt[1]); return null; }));
            assertEquals(Errno.EINVAL, e.errno(), e.getMessage());
        }
        assertEquals(before, ipCidrs(lab.node, DEV));
    }

    @Test
    void addressLabelsAreReplacedAndDeletedIdempotently() throws Exception {
        Inet6Address a = (Inet6Address) InetAddress.ofLiteral("2001:db8:9::20");
        in(lab.node, c -> { new AddrLabels(c).add(a, 99); return null; });
        in(lab.node, c -> { new AddrLabels(c).add(a, 98); return null; }); // replaces, no EEXIST
        String labels = lab.node.ip("addrlabel", "list");
        assertEquals(1, labels.lines().filter(l -> l.contains("prefix 2001:db8:9::20/128")).count(), labels);
        assertTrue(labels.contains("prefix 2001:db8:9::20/128 label 98"), labels);
        assertTrue(is(lab.node, c -> new AddrLabels(c).delete(a)));
        assertFalse(lab.node.ip("addrlabel", "list").contains("2001:db8:9::20"));
        assertFalse(is(lab.node, c -> new AddrLabels(c).delete(a)), "absent: delete is a no-op");
        KernelException e = assertThrows(KernelException.class,
                () -> in(lab.node, c -> { new AddrLabels(c).add(a, 0xffffffffL); return null; }));
        assertEquals(Errno.EINVAL, e.errno());
    }

    @Test
    void routesAreListedReplacedWithAnotherSourceAndDeleted() throws Exception {
        in(lab.node, c -> { new AddressOps(c).add(IfAddr.parse("203.0.113.1/24", index)); return null; });
        in(lab.node, c -> { new AddressOps(c).add(IfAddr.parse("203.0.113.2/24", index)); return null; });
        RouteEntry r = in(lab.node, c -> new RouteTable(c).list(2)).stream()
                .filter(x -> x.cidr().equals("203.0.113.0/24") && x.table() == 254).findFirst().orElseThrow();
        assertEquals(InetAddress.ofLiteral("203.0.113.1"), r.preferredSource());
        assertEquals(index, r.linkIndex());
        in(lab.node, c -> { new RouteTable(c).replace(r.withPreferredSource(InetAddress.ofLiteral("203.0.113.2"))); return null; });
        List<String> shown = lab.node.ip("route", "show", "203.0.113.0/24").lines().map(String::strip).toList();
        assertEquals(List.of("203.0.113.0/24 dev " + DEV + " proto kernel scope link src 203.0.113.2"), shown);
        assertTrue(is(lab.node, c -> new RouteTable(c).delete(r)));
        assertEquals("", lab.node.ip("route", "show", "203.0.113.0/24").strip());
        assertFalse(is(lab.node, c -> new RouteTable(c).delete(r)), "absent: delete is a no-op");
        in(lab.node, c -> { new AddressOps(c).delete(IfAddr.parse("203.0.113.2/24", index)); return null; });
        in(lab.node, c -> { new AddressOps(c).delete(IfAddr.parse("203.0.113.1/24", index)); return null; });
    }
}
