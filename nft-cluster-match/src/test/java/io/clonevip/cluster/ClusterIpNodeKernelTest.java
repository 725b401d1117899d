package io.clonevip.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.NetNs;
import io.clonevip.testkit.Poll;
import io.clonevip.testkit.net.VethLab;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The whole cluster IP on one node (ruleset, address, multicast membership) in a namespace. */
class ClusterIpNodeKernelTest {
    static final VipAddress ADDR = VipAddress.of(24);

    private static ClusterIpSpec spec(String nic) {
        return ClusterIpSpec.builder().vip("198.51.100.100").nic(nic).buckets(3).build();
    }

    /**
     * What clonevip could have touched: IPv4 addresses, IPv4 link-layer multicast memberships and
     * the ruleset. (IPv6 link-local addresses and their 33:33 multicast groups appear on their
     * own, at some point after a link comes up: not part of the comparison.)
     */
    private static String state(VethLab lab) {
        String maddr = lab.node.execOk("ip", "maddr", "show").lines()
                .filter(l -> l.contains("link ") && !l.contains("33:33:")).reduce("", (a, b) -> a + b + "\n");
        return lab.node.execOk("ip", "-o", "-4", "addr", "show") + maddr + lab.node.execOk("nft", "list", "ruleset");
    }

    @Test
    void joinStatusRepairAndLeave() throws Exception {
        try (VethLab lab = VethLab.create("node")) {
            ClusterIpSpec spec = spec(VethLab.NODE_IF);
            String before = state(lab);
            NetNs.run(lab.node.name(), () -> {
                try (ClusterIpNode n = ClusterIpNode.open()) {
                    n.join(spec, ADDR, 2);
                    n.join(spec, ADDR, 3);
                    NodeStatus st = n.status(spec.vip());
                    assertTrue(st.whole(), st.problems().toString());
                    assertEquals("2-3", st.state().local().format());
                }
            });
            assertTrue(lab.node.execOk("ip", "-o", "addr", "show", "dev", VethLab.NODE_IF).contains("198.51.100.100/24 brd 198.51.100.255"));
            assertTrue(lab.node.execOk("ip", "maddr", "show", "dev", VethLab.NODE_IF).contains("01:00:5e:33:64:64"));

            lab.node.execOk("ip", "addr", "del", "198.51.100.100/24", "dev", VethLab.NODE_IF);  // an operator's mistake
            NetNs.run(lab.node.name(), () -> {
                try (ClusterIpNode n = ClusterIpNode.open()) {
                    NodeStatus st = n.status(spec.vip());
                    assertFalse(st.addressPresent());
                    assertTrue(st.problems().stream().anyMatch(p -> p.contains("address 198.51.100.100 missing")), st.problems().toString());
                    n.join(spec, ADDR, 3);   // the next start repairs without duplicating anything
                    assertTrue(n.status(spec.vip()).whole());
                    assertFalse(n.leave(spec, ADDR, 2).removed());
                    assertTrue(n.leave(spec, ADDR, 3).removed());
                    assertTrue(n.leave(spec, ADDR, 3).removed()); // stop twice = success
                    assertNull(n.status(spec.vip()));
                }
            });
            assertEquals(before, state(lab), "nothing of ours remains after the last leave");
        }
    }

    /** Ending the last drain of a node that serves no bucket any more removes what the last leave would. */
    @Test
    void endingTheLastDrainReleasesTheAddress() throws Exception {
        try (VethLab lab = VethLab.create("endd")) {
            ClusterIpSpec spec = spec(VethLab.NODE_IF);
            String before = state(lab);
            NetNs.run(lab.node.name(), () -> {
                try (ClusterIpNode n = ClusterIpNode.open()) {
                    n.join(spec, ADDR, 1);
                    n.join(spec, ADDR, 2);
                    n.tables().drain(spec.vip(), 1, 60_000);
                    n.tables().drain(spec.vip(), 2, 60_000);
                    assertEquals("1-2", n.tables().state(spec.vip()).drainingBuckets().format());
                    assertFalse(n.endDrain(spec.vip(), 1).removed(), "bucket 2 still drains");
                    assertTrue(n.status(spec.vip()).addressPresent());
                    assertTrue(n.endDrain(spec.vip(), 2).removed());
                    assertNull(n.status(spec.vip()));
                    assertTrue(n.endDrain(spec.vip(), 2).removed(), "absent is success");
                }
            });
            assertEquals(before, state(lab), "nothing of ours remains after the last drain ended");
        }
    }

    /**
     * Without the resident daemon: a node that drains its last bucket gives the VIP's address a
     * lifetime ending {@link ClusterIpNode#ADDRESS_AFTER_DRAINS} after the drain, a start during
     * the drain makes it permanent again, and once the drain ended the kernel deletes the
     * address by itself. The idle tables and the membership are left, which
     * {@link ClusterIpNode#removeIdle} removes (what the daemon does).
     */
    @Test
    void theLastDrainLimitsTheAddressesLifetimeAndTheKernelDeletesIt() throws Exception {
        try (VethLab lab = VethLab.create("lft")) {
            ClusterIpSpec spec = spec(VethLab.NODE_IF);
            String before = state(lab);
            in(lab, n -> { n.join(spec, ADDR, 1); n.join(spec, ADDR, 2); n.drain(spec, ADDR, 1, 60_000); });
            assertEquals(-1, validLifetime(lab), "bucket 2 is still served: no lifetime");
            in(lab, n -> n.drain(spec, ADDR, 2, 60_000));
            long lft = validLifetime(lab);
            assertTrue(lft >= 61 && lft <= 60 + ClusterIpNode.ADDRESS_AFTER_DRAINS.toSeconds(), "the last drain's 60 s and the margin: " + lft);
            in(lab, n -> n.join(spec, ADDR, 2)); // a start during the drain takes the bucket back
            assertEquals(-1, validLifetime(lab), "served again: forever");
            in(lab, n -> { n.endDrain(spec.vip(), 1); n.drain(spec, ADDR, 2, 1500); });
            lft = validLifetime(lab);
            assertTrue(lft >= 4 && lft <= 2 + ClusterIpNode.ADDRESS_AFTER_DRAINS.toSeconds(), "1.5 s rounded up and the margin: " + lft);
            Poll.until("the kernel deletes the address", Duration.ofSeconds(15), () -> validLifetime(lab) == -2);
            in(lab, n -> {
                ClusterState st = n.tables().state(spec.vip());
                assertTrue(st.idle(), "the tables are left, idle: " + st);
                assertTrue(n.joined(spec, n.nic(VethLab.NODE_IF)), "and the membership");
                assertTrue(n.removeIdle(spec.vip()).removed());
                assertNull(n.removeIdle(spec.vip()).before(), "absent: nothing to do");
            });
            assertEquals(before, state(lab), "nothing of ours remains once the idle VIP is removed");
        }
    }

    @FunctionalInterface
    private interface NodeWork {
        void run(ClusterIpNode n) throws Exception;
    }

    private static void in(VethLab lab, NodeWork w) throws Exception {
        NetNs.run(lab.node.name(), () -> { try (ClusterIpNode n = ClusterIpNode.open()) { w.run(n); } });
    }

    /** The VIP's valid lifetime in seconds as {@code ip addr} shows it: -1 forever, -2 no such address. */
    private static long validLifetime(VethLab lab) {
        String out = lab.node.execOk("ip", "-o", "-4", "addr", "show", "dev", VethLab.NODE_IF);
        for (String line : out.lines().toList()) {
            if (!line.contains(" 198.51.100.100/")) continue;
            Matcher m = Pattern.compile("valid_lft (forever|(\\d+)sec)").matcher(line);
            assertTrue(m.find(), line);
            return m.group(2) == null ? -1 : Long.parseLong(m.group(2));
        }
        return -2;
    }

    @Test
    void unknownNicChangesNothing() throws Exception {
        try (VethLab lab = VethLab.create("nonic")) {
            String before = state(lab);
            KernelException e = assertThrows(KernelException.class, () -> NetNs.run(lab.node.name(), () -> {
                try (ClusterIpNode n = ClusterIpNode.open()) { n.join(spec("nosuch0"), ADDR, 1); }
            }));
            assertEquals(Errno.ENODEV, e.errno());
            assertTrue(e.getMessage().contains("nosuch0"), e.getMessage());
            assertEquals(before, state(lab));
        }
    }
}
