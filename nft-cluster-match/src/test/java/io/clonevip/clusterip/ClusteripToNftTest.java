package io.clonevip.clusterip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.cluster.BucketSet;
import io.clonevip.cluster.ClusterIpNode;
import io.clonevip.cluster.ClusterIpSpec;
import io.clonevip.cluster.HashMode;
import io.clonevip.cluster.VipAddress;
import io.clonevip.nativ.NetNs;
import io.clonevip.testkit.net.TestNetns;
import io.clonevip.testkit.net.VethLab;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The planning half of {@link ClusteripToNft} on this host: CLUSTERIP parameters become the
 * clusterip-compatible spec; unusable rules and an empty node are refused with their reason.
 * The migration itself needs a kernel with CLUSTERIP: {@link GuestRollingMigration} (6.1 guest).
 */
class ClusteripToNftTest {
    private static ClusterIpRule rule(ClusterIpHashMode mode, int total, String mac) {
        return new ClusterIpRule(ClusterIpParams.ipv4("198.51.100.100"), "eth0",
                new ClusterIpTarget(true, mode, mac, total, List.of(2), 0xdeadbeefL));
    }

    @Test
    void eachClusteripModeBecomesItsCompatibleMode() throws Exception {
        for (ClusterIpHashMode m : ClusterIpHashMode.values()) {
            ClusterIpSpec s = ClusteripToNft.spec(rule(m, 3, "01:00:5E:00:00:64"));
            assertEquals(HashMode.parse(m.iptablesName()), s.hashMode().clusteripMode());
            assertTrue(s.hashMode().clusteripCompatible());
            assertFalse(s.hashMode().listsFaithfully());
            assertEquals(3, s.buckets());
            assertEquals(0xdeadbeefL, s.seed());
            assertEquals("eth0", s.nic());
            assertEquals("01:00:5e:00:00:64", s.clusterMac().toString().toLowerCase());
        }
        assertTrue(HashMode.SOURCE_IP_SOURCE_PORT.listsFaithfully());
    }

    @Test
    void unusableRulesAreRefusedWithTheirReason() {
        ClusterIpException e = assertThrows(ClusterIpException.class,
                () -> ClusteripToNft.spec(rule(null, 3, "01:00:5E:00:00:64")));
        assertEquals(ClusterIpException.Reason.UNREADABLE_RULE, e.reason());
        assertTrue(e.getMessage().contains("-j CLUSTERIP"), e.getMessage());
        e = assertThrows(ClusterIpException.class,
                () -> ClusteripToNft.spec(rule(ClusterIpHashMode.SOURCE_IP, 3, "00:11:22:33:44:55")));
        assertEquals(ClusterIpException.Reason.UNREADABLE_RULE, e.reason());
    }

    @Test
    void aNodeWithNeitherCLUSTERIPNorClonevipHasNothingToMigrate() throws Exception {
        try (TestNetns ns = TestNetns.create("c2n")) {
            ClusterIpException e = assertThrows(ClusterIpException.class,
                    () -> new ClusteripToNft(ns.name()).migrate(ClusterIpParams.ipv4("198.51.100.100"), null));
            assertEquals(ClusterIpException.Reason.NOTHING_TO_MIGRATE, e.reason());
        }
    }

    @Test
    void aNodeAlreadyOnTheCompatibleRulesetIsLeftAlone() throws Exception {
        try (VethLab lab = VethLab.create("c2a")) {
            ClusterIpSpec spec = ClusterIpSpec.builder().vip("198.51.100.100").nic(VethLab.NODE_IF).buckets(3)
                    .hashMode(HashMode.CLUSTERIP_COMPATIBLE).seed(0x5eed).build();
            NetNs.run(lab.node.name(), () -> {
                try (ClusterIpNode n = ClusterIpNode.open()) { n.apply(spec, VipAddress.of(24), BucketSet.of(3, 2)); }
            });
            String before = lab.node.execOk("nft", "list", "ruleset");
            ClusteripToNft.Result r = new ClusteripToNft(lab.node.name()).migrate(ClusterIpParams.ipv4("198.51.100.100"), null);
            assertEquals(ClusteripToNft.Outcome.ALREADY_MIGRATED, r.outcome());
            assertEquals(spec, r.plan().spec());
            assertEquals(BucketSet.of(3, 2), r.plan().local());
            assertTrue(r.warnings().isEmpty(), r.warnings().toString());
            assertEquals(before, lab.node.execOk("nft", "list", "ruleset"), "nothing changed");
        }
    }
}
