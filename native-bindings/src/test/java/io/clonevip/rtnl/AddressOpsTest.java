package io.clonevip.rtnl;

import static io.clonevip.rtnl.RtnlTesting.in;
import static io.clonevip.rtnl.RtnlTesting.is;
import static io.clonevip.rtnl.RtnlTesting.ipAddrs;
import static io.clonevip.rtnl.RtnlTesting.ipCidrs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.libc_h;
import io.clonevip.nativ.bind.rtnetlink_h;
import io.clonevip.testkit.net.VethLab;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** AddressOps against the kernel, checked with {@code ip -j addr show}. */
class AddressOpsTest {
    private static final String DEV = VethLab.NODE_IF;
    private static VethLab lab;
    private static int index;

    @BeforeAll
    static void up() throws Exception {
        lab = VethLab.create("adr");
        index = in(lab.node, c -> new Links(c).byName(DEV).index());
    }

    @AfterAll
    static void down() { if (lab != null) lab.close(); }

    private static Map<String, Object> ipEntry(String local) {
        return ipAddrs(lab.node, DEV).stream().filter(a -> local.equals(a.get("local"))).findFirst().orElse(null);
    }

    @Test
    void ipv4AddWithLabelAndBroadcastIsIdempotentAndDeletes() throws Exception {
        IfAddr vip = IfAddr.parse("198.51.100.7/24", index).withLabel(DEV + ":vip").withDefaultBroadcast();
        in(lab.node, c -> { new AddressOps(c).add(vip); return null; });
        Map<String, Object> e = ipEntry("198.51.100.7");
        assertEquals(24L, e.get("prefixlen"));
        assertEquals("198.51.100.255", e.get("broadcast"));
        assertEquals(DEV + ":vip", e.get("label"));
        assertEquals("global", e.get("scope"));

        in(lab.node, c -> { new AddressOps(c).add(vip); return null; }); // again: no EEXIST
        assertEquals(1, ipCidrs(lab.node, DEV).stream().filter("198.51.100.7/24"::equals).count());

        List<IfAddr> listed = in(lab.node, c -> new AddressOps(c).list(index, libc_h.AF_INET()));
        IfAddr got = listed.stream().filter(a -> a.address().equals(vip.address())).findFirst().orElseThrow();
        assertEquals(vip.broadcast(), got.broadcast());
        assertEquals(vip.label(), got.label());
        assertEquals(24, got.prefix());
        assertEquals(index, got.linkIndex());
        assertEquals(rtnetlink_h.RT_SCOPE_UNIVERSE(), got.scope());
        assertTrue((got.flags() & rtnetlink_h.IFA_F_PERMANENT()) != 0);
        assertTrue(is(lab.node, c -> new AddressOps(c).contains(vip)));

        assertTrue(is(lab.node, c -> new AddressOps(c).delete(vip)));
        assertNull(ipEntry("198.51.100.7"));
        assertFalse(is(lab.node, c -> new AddressOps(c).delete(vip)), "absent address: delete is a no-op");
        assertFalse(is(lab.node, c -> new AddressOps(c).contains(vip)));
    }

    @Test
    void ipv6AddIsNodadAndNotTentative() throws Exception {
        IfAddr vip = IfAddr.parse("2001:db8:7::10/64", index);
        in(lab.node, c -> { new AddressOps(c).add(vip); return null; });
        in(lab.node, c -> { new AddressOps(c).add(vip); return null; });
        Map<String, Object> e = ipEntry("2001:db8:7::10");
        assertEquals(64L, e.get("prefixlen"));
        assertEquals(Boolean.TRUE, e.get("nodad"), e.toString());
        assertNull(e.get("tentative"), "no DAD: usable at once " + e);
        IfAddr got = in(lab.node, c -> new AddressOps(c).list(index, libc_h.AF_INET6())).stream()
                .filter(a -> a.address().equals(vip.address())).findFirst().orElseThrow();
        assertTrue((got.flags() & rtnetlink_h.IFA_F_NODAD()) != 0);
        assertEquals(1, ipCidrs(lab.node, DEV).stream().filter("2001:db8:7::10/64"::equals).count());
        assertTrue(is(lab.node, c -> new AddressOps(c).delete(vip)));
        assertFalse(is(lab.node, c -> new AddressOps(c).delete(vip)));
        assertNull(ipEntry("2001:db8:7::10"));
    }

    @Test
    void listFiltersByFamilyAndLink() throws Exception {
        List<IfAddr> lo = in(lab.node, c -> new AddressOps(c).list(1, libc_h.AF_UNSPEC()));
        assertEquals(List.of("127.0.0.1/8", "::1/128"), lo.stream().map(IfAddr::cidr).toList());
        assertEquals(List.of("127.0.0.1/8"), in(lab.node, c -> new AddressOps(c).list(1, libc_h.AF_INET())).stream().map(IfAddr::cidr).toList());
        assertEquals("lo", lo.get(0).label());
    }

    private static void assertRejected(Errno errno, String text, Executable ex) {
        List<String> before = ipCidrs(lab.node, DEV);
        KernelException e = assertThrows(KernelException.class, ex);
        assertEquals(errno, e.errno(), e.getMessage());
        assertTrue(e.getMessage().contains(text), e.getMessage());
        assertEquals(before, ipCidrs(lab.node, DEV), "nothing changed");
    }

    @Test
    void badInputIsAClearErrorAndChangesNothing() throws Exception {
        assertRejected(Errno.EINVAL, "'198.51.100.300' is not", () -> IfAddr.parse("198.51.100.300/24", index));
        assertRejected(Errno.EINVAL, "is not", () -> IfAddr.parse("vip.example.com/24", index));
        assertRejected(Errno.EINVAL, "is not", () -> IfAddr.parse("010.1.2.3", index));
        assertRejected(Errno.EINVAL, "out of range 0..32", () -> IfAddr.parse("198.51.100.8/33", index));
        assertRejected(Errno.EINVAL, "out of range 0..128", () -> IfAddr.parse("2001:db8::8/129", index));
        assertRejected(Errno.EINVAL, "not a number", () -> IfAddr.parse("198.51.100.8/x", index));
        InetAddress v4 = InetAddress.ofLiteral("198.51.100.8");
        assertRejected(Errno.EINVAL, "out of range 0..32", () -> in(lab.node, c -> { new AddressOps(c).add(IfAddr.of(v4, 40, index)); return null; }));
        assertRejected(Errno.EINVAL, "must begin with the interface name", () -> in(lab.node, c -> {
            new AddressOps(c).add(IfAddr.of(v4, 24, index).withLabel("eth0:vip")); return null; }));
        assertRejected(Errno.EINVAL, "1..15 bytes", () -> in(lab.node, c -> {
            new AddressOps(c).add(IfAddr.of(v4, 24, index).withLabel(DEV + ":waytoolong")); return null; }));
        assertRejected(Errno.EINVAL, "no label", () -> in(lab.node, c -> {
            new AddressOps(c).add(IfAddr.parse("2001:db8::8/64", index).withLabel(DEV + ":x")); return null; }));
        assertRejected(Errno.ENODEV, "link 4242", () -> in(lab.node, c -> { new AddressOps(c).add(IfAddr.of(v4, 24, 4242)); return null; }));
        assertRejected(Errno.ENODEV, "nosuch0", () -> in(lab.node, c -> new Links(c).byName("nosuch0")));
    }
}
