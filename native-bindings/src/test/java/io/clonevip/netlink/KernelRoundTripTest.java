package io.clonevip.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.NetNs;
import io.clonevip.nativ.bind.netlink_h;
import io.clonevip.nativ.bind.rtnetlink_h;
import io.clonevip.testkit.net.TestNetns;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The netlink core against the real kernel, inside a namespace the test creates. */
class KernelRoundTripTest {

    @Test
    void dumpsLinksOfAFreshNamespace() throws Exception {
        try (TestNetns ns = TestNetns.create("core")) {
            List<NlMsg> links = NetNs.call(ns.name(), () -> {
                try (NetlinkConn c = NetlinkConn.open(netlink_h.NETLINK_ROUTE(), 16)) {
                    NlMsgBuilder b = new NlMsgBuilder();
                    b.begin(rtnetlink_h.RTM_GETLINK(), netlink_h.NLM_F_REQUEST() | netlink_h.NLM_F_DUMP())
                            .rawU8(0).rawU8(0).rawU16(0).rawU32(0).rawU32(0).rawU32(0);
                    return c.dump("dump links", b);
                }
            });
            assertEquals(1, links.size(), "a fresh namespace has only lo");
            AttrReader r = links.get(0).reader();
            r.skip(16);
            assertEquals("lo", r.attributes().require(rtnetlink_h.IFLA_IFNAME(), "IFLA_IFNAME").string());
        }
    }

    @Test
    void kernelErrorCarriesErrnoAndExtendedAck() throws Exception {
        try (TestNetns ns = TestNetns.create("core")) {
            KernelException e = assertThrows(KernelException.class, () -> NetNs.run(ns.name(), () -> {
                try (NetlinkConn c = NetlinkConn.open(netlink_h.NETLINK_ROUTE(), 8)) {
                    NlMsgBuilder b = new NlMsgBuilder();
                    // add 198.51.100.1/24 to interface index 9999, which does not exist
                    b.begin(rtnetlink_h.RTM_NEWADDR(), netlink_h.NLM_F_REQUEST() | netlink_h.NLM_F_ACK() | netlink_h.NLM_F_CREATE())
                            .rawU8(2).rawU8(24).rawU8(0).rawU8(0).rawU32(9999)
                            .bytes(rtnetlink_h.IFA_LOCAL(), new byte[] {(byte) 198, 51, 100, 1});
                    c.execute("add address", b);
                }
            }));
            assertEquals(Errno.ENODEV, e.errno(), e.getMessage());
            assertNotNull(e.kernelMessage(), "extended ack requested, kernel text expected");
            assertTrue(e.getMessage().startsWith("add address: ENODEV"), e.getMessage());
        }
    }

    @Test
    void unknownNamespaceIsAClearError() {
        KernelException e = assertThrows(KernelException.class, () -> NetNs.run("cvt-does-not-exist-" + ProcessHandle.current().pid(), () -> { }));
        assertEquals(Errno.ENOENT, e.errno());
        assertTrue(e.getMessage().contains("no network namespace named"), e.getMessage());
    }
}
