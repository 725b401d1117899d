package io.clonevip.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.nativ.NetNs;
import io.clonevip.testkit.Poll;
import io.clonevip.testkit.net.VethLab;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The whole cluster IP of an IPv6 VIP on one node, in namespaces the test creates: the inet table
 * (no arp table), the address added with {@code nodad} and the prefix given, the NIC in the
 * {@code 33:33} cluster MAC's group; the NA rule follows the NIC's MAC; the last drain's address
 * lifetime; {@code nft list ruleset > f; nft flush ruleset; nft -f f} reads back whole.
 */
class ClusterIpNodeIpv6KernelTest {
    static final VipAddress ADDR = VipAddress.of(64);
    static final String VIP = "2001:db8:1::100";
    static final String TABLE = "clonevip_2001_db8_1__100";

    private static ClusterIpSpec spec() {
        return ClusterIpSpec.builder().vip(VIP).nic(VethLab.NODE_IF).buckets(3).build();
    }

    /**
     * What clonevip could have touched: global IPv6 addresses, the link's multicast memberships
     * other than those IPv6 joins by itself (33:33:00:00:00:01, 33:33:ff:…: all-nodes and
     * solicited-node groups, which come and go with addresses) and the ruleset.
     */
    private static String state(VethLab lab) {
        String maddr = lab.node.execOk("ip", "maddr", "show", "dev", VethLab.NODE_IF).lines()
                .filter(l -> l.contains("link ") && !l.contains("33:33:ff:") && !l.contains("33:33:00:00:00:")).reduce("", (a, b) -> a + b + "\n");
        return lab.node.execOk("ip", "-o", "-6", "addr", "show", "scope", "global") + maddr + lab.node.execOk("nft", "list", "ruleset");
    }

    @FunctionalInterface
    private interface NodeWork {
        void run(ClusterIpNode n) throws Exception;
    }

    private static void in(VethLab lab, NodeWork w) throws Exception {
        NetNs.run(lab.node.name(), () -> { try (ClusterIpNode n = ClusterIpNode.open()) { w.run(n); } });
    }

    private static ClusterState read(VethLab lab) throws Exception {
        return NetNs.call(lab.node.name(), () -> { try (ClusterIpNode n = ClusterIpNode.open()) { return n.tables().state(spec().vip()); } });
    }

    @Test
    void joinHoldsTheAddressWithoutDadAndTheMembershipAndTheLastLeaveRemovesEverything() throws Exception {
        try (VethLab lab = VethLab.create("v6n")) {
            ClusterIpSpec spec = spec();
            String before = state(lab);
            in(lab, n -> {
                n.join(spec, ADDR, 2);
                n.join(spec, ADDR, 3);
                NodeStatus st = n.status(spec.vip());
                assertTrue(st.whole(), st.problems().toString());
                assertEquals("2-3", st.state().local().format());
                assertTrue(st.state().current());
            });
            String addr = lab.node.execOk("ip", "-o", "-6", "addr", "show", "dev", VethLab.NODE_IF, "scope", "global");
            assertTrue(addr.contains(VIP + "/64") && addr.contains("nodad"), addr);
            assertTrue(addr.contains("deprecated") && addr.contains("valid_lft forever preferred_lft 0sec"), addr);
            // the node's own connections on the link leave from its own address, never from the VIP
            lab.node.ip("addr", "add", "2001:db8:1::2/64", "dev", VethLab.NODE_IF, "nodad");
            assertTrue(lab.node.ip("-6", "route", "get", "2001:db8:1::101").contains("src 2001:db8:1::2 "),
                    lab.node.ip("-6", "route", "get", "2001:db8:1::101"));
            lab.node.ip("addr", "del", "2001:db8:1::2/64", "dev", VethLab.NODE_IF);
            assertFalse(addr.contains("tentative") || addr.contains("dadfailed"), addr);
            assertTrue(lab.node.execOk("ip", "maddr", "show", "dev", VethLab.NODE_IF).contains("33:33:00:00:01:00"));
            String ruleset = lab.node.execOk("nft", "list", "ruleset");
            assertTrue(ruleset.contains("table inet " + TABLE + " {") && !ruleset.contains("table arp"), ruleset);
            assertTrue(ruleset.contains("chain cv_na {"), ruleset);
            in(lab, n -> {
                assertFalse(n.leave(spec, ADDR, 2).removed());
                assertTrue(n.leave(spec, ADDR, 3).removed());
                assertTrue(n.leave(spec, ADDR, 3).removed(), "stop twice = success");
                assertNull(n.status(spec.vip()));
            });
            assertEquals(before, state(lab), "nothing of ours remains after the last leave");
        }
    }

    /**
     * The NA rule is built for the NIC's MAC: after the NIC's MAC changed the tables are not whole
     * (the rule would pass the NAs untouched, carrying the new MAC), and the next start writes the
     * rule for the new MAC keeping the buckets.
     */
    @Test
    void aChangedNicMacLeavesTheTablesNotWholeUntilTheNextWrite() throws Exception {
        try (VethLab lab = VethLab.create("v6m")) {
            ClusterIpSpec spec = spec();
            lab.node.ip("link", "set", VethLab.NODE_IF, "address", "02:00:5e:10:00:01");
            in(lab, n -> n.join(spec, ADDR, 1));
            assertTrue(read(lab).current());
            lab.node.ip("link", "set", VethLab.NODE_IF, "address", "02:00:5e:10:00:02");
            ClusterState st = read(lab);
            assertFalse(st.whole());
            assertTrue(st.problems().stream().anyMatch(p -> p.contains("neighbour advertisement rule") && p.contains("02:00:5e:10:00:02")),
                    st.problems().toString());
            in(lab, n -> {
                ClusterChange c = n.join(spec, ADDR, 2);
                assertEquals("1-2", c.after().local().format());
            });
            st = read(lab);
            assertTrue(st.current(), st.problems().toString());
            assertEquals("1-2", st.local().format());
            assertTrue(lab.node.execOk("nft", "list", "chain", "inet", TABLE, "cv_na").contains("0x20102005e100002"),
                    "the rule matches the new MAC");
        }
    }

    /** As for IPv4: the last drain gives the address a lifetime, the kernel deletes it after the drain, removeIdle the rest. */
    @Test
    void theLastDrainLimitsTheAddressesLifetimeAndTheKernelDeletesIt() throws Exception {
        try (VethLab lab = VethLab.create("v6l")) {
            ClusterIpSpec spec = spec();
            String before = state(lab);
            in(lab, n -> { n.join(spec, ADDR, 1); n.join(spec, ADDR, 2); n.drain(spec, ADDR, 1, 60_000); });
            assertEquals(-1, validLifetime(lab), "bucket 2 is still served: no lifetime");
            in(lab, n -> n.drain(spec, ADDR, 2, 60_000));
            long lft = validLifetime(lab);
            assertTrue(lft >= 61 && lft <= 60 + ClusterIpNode.ADDRESS_AFTER_DRAINS.toSeconds(), "the last drain's 60 s and the margin: " + lft);
            assertTrue(lab.node.execOk("ip", "-o", "-6", "addr", "show", "dev", VethLab.NODE_IF).contains("preferred_lft 0sec"), "still deprecated");
            in(lab, n -> n.join(spec, ADDR, 2));
            assertEquals(-1, validLifetime(lab), "served again: forever");
            in(lab, n -> { n.endDrain(spec.vip(), 1); n.drain(spec, ADDR, 2, 1500); });
            Poll.until("the kernel deletes the address", Duration.ofSeconds(15), () -> validLifetime(lab) == -2);
            in(lab, n -> {
                ClusterState st = n.tables().state(spec.vip());
                assertTrue(st.idle() && st.whole(), "the tables are left, idle: " + st);
                assertTrue(n.joined(spec, n.nic(VethLab.NODE_IF)), "and the membership");
                assertTrue(n.removeIdle(spec.vip()).removed());
            });
            assertEquals(before, state(lab), "nothing of ours remains once the idle VIP is removed");
        }
    }

    /** {@code nft list ruleset > f; nft flush ruleset; nft -f f}: the IPv6 VIP's table reads back whole, its drain and guard kept. */
    @Test
    void aSavedAndRestoredRulesetReadsBackWhole() throws Exception {
        try (VethLab lab = VethLab.create("v6r")) {
            ClusterIpSpec spec = spec();
            in(lab, n -> {
                n.join(spec, ADDR, 1);
                n.join(spec, ADDR, 2, 120_000);
                n.drain(spec, ADDR, 1, 120_000);
            });
            String saved = lab.node.execOk("nft", "list", "ruleset");
            Path f = Files.createTempFile("saved6", ".nft");
            try {
                Files.writeString(f, saved, StandardCharsets.UTF_8);
                lab.node.execOk("nft", "flush", "ruleset");
                assertNull(read(lab));
                var restore = lab.node.exec("nft", "-f", f.toString());
                assertEquals(0, restore.exit(), "nft -f of the saved ruleset: " + restore.err() + "\n" + saved);
            } finally {
                Files.delete(f);
            }
            ClusterState st = read(lab);
            assertTrue(st.current(), st.problems() + "\n" + lab.node.execOk("nft", "list", "ruleset"));
            assertEquals("2", st.local().format());
            assertEquals("1", st.drainingBuckets().format());
            assertEquals("2", st.guardedBuckets().format());
            assertTrue(st.draining().get(0).expiresMs() > 100_000, "the drain's time left: " + st.draining());
        }
    }

    /** The VIP's valid lifetime in seconds as {@code ip addr} shows it: -1 forever, -2 no such address. */
    private static long validLifetime(VethLab lab) {
        String out = lab.node.execOk("ip", "-o", "-6", "addr", "show", "dev", VethLab.NODE_IF);
        for (String line : out.lines().toList()) {
            if (!line.contains(" " + VIP + "/")) continue;
            Matcher m = Pattern.compile("valid_lft (forever|(\\d+)sec)").matcher(line);
            assertTrue(m.find(), line);
            return m.group(2) == null ? -1 : Long.parseLong(m.group(2));
        }
        return -2;
    }
}
