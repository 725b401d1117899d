package io.clonevip.rtnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.NetNs;
import io.clonevip.testing.MiniJson;
import io.clonevip.testkit.net.VethLab;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Multicast MAC membership against the kernel, checked with {@code ip maddr show}. */
class MulticastMembershipTest {
    private static final String DEV = VethLab.NODE_IF;
    private static VethLab lab;

    @BeforeAll
    static void up() { lab = VethLab.create("mca"); }

    @AfterAll
    static void down() { if (lab != null) lab.close(); }

    /** The link-layer entries of {@code ip -j maddr show dev DEV}: "mac" or "mac static". */
    @SuppressWarnings("unchecked")
    private static List<String> ipMaddr() {
        return MiniJson.array(lab.node.ip("-j", "maddr", "show", "dev", DEV)).stream()
                .flatMap(l -> ((List<Map<String, Object>>) l.get("maddr")).stream())
                .filter(m -> m.containsKey("link"))
                .map(m -> m.get("link") + ("static".equals(m.get("features")) ? " static" : ""))
                .toList();
    }

    private static long count(String entry) { return ipMaddr().stream().filter(entry::equals).count(); }

    @Test
    void joinTwiceLeaveTwiceIsIdempotent() throws Exception {
        MacAddress mac = MacAddress.parse("01:00:5e:42:01:07");
        NetNs.run(lab.node.name(), () -> MulticastMembership.join(DEV, mac));
        NetNs.run(lab.node.name(), () -> MulticastMembership.join(DEV, mac));
        assertEquals(1, count("01:00:5e:42:01:07 static"), ipMaddr().toString());
        List<MulticastMac> ours = NetNs.call(lab.node.name(), MulticastMembership::list).stream()
                .filter(m -> m.mac().equals(mac)).toList();
        assertEquals(1, ours.size());
        assertTrue(ours.get(0).global());
        assertEquals(DEV, ours.get(0).linkName());
        assertTrue(NetNs.call(lab.node.name(), () -> MulticastMembership.isJoined(DEV, mac)));

        assertTrue(NetNs.call(lab.node.name(), () -> MulticastMembership.leave(DEV, mac)));
        assertEquals(0, count("01:00:5e:42:01:07 static") + count("01:00:5e:42:01:07"));
        assertFalse(NetNs.call(lab.node.name(), () -> MulticastMembership.leave(DEV, mac)), "second leave: not a member");
        assertFalse(NetNs.call(lab.node.name(), () -> MulticastMembership.isJoined(DEV, mac)));
    }

    @Test
    void listMatchesIpMaddrAndStaysInTheThreadsNamespace() throws Exception {
        MacAddress mac = MacAddress.parse("33:33:00:42:00:07");
        NetNs.run(lab.node.name(), () -> MulticastMembership.join(DEV, mac));
        try {
            List<String> ours = NetNs.call(lab.node.name(), MulticastMembership::list).stream()
                    .filter(m -> m.linkName().equals(DEV)).map(m -> m.mac() + (m.global() ? " static" : "")).sorted().toList();
            assertEquals(ipMaddr().stream().sorted().toList(), ours);
            assertTrue(NetNs.call(lab.peer.name(), MulticastMembership::list).stream().noneMatch(m -> m.mac().equals(mac)),
                    "the peer namespace does not see the node's membership");
        } finally {
            NetNs.run(lab.node.name(), () -> MulticastMembership.leave(DEV, mac));
        }
    }

    @Test
    void badInputIsRejected() {
        KernelException e = assertThrows(KernelException.class, () -> NetNs.run(lab.node.name(),
                () -> MulticastMembership.join("nosuch0", MacAddress.parse("01:00:5e:00:00:09"))));
        assertEquals(Errno.ENODEV, e.errno());
        assertTrue(e.getMessage().contains("'nosuch0'"), e.getMessage());
        KernelException uni = assertThrows(KernelException.class, () -> NetNs.run(lab.node.name(),
                () -> MulticastMembership.join(DEV, MacAddress.parse("02:00:00:00:00:09"))));
        assertEquals(Errno.EINVAL, uni.errno());
        assertThrows(KernelException.class, () -> MacAddress.parse("01:00:5e:00:00"));
    }
}
