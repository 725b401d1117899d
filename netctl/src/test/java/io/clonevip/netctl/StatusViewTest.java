package io.clonevip.netctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.cluster.BucketSet;
import io.clonevip.cluster.ClusterIpSpec;
import io.clonevip.cluster.ClusterState;
import io.clonevip.cluster.NodeStatus;
import io.clonevip.cluster.RulesetLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The listing notes of {@code netctl status}: what nft cannot print back; the VIP column. */
class StatusViewTest {
    private static NodeStatus status(String hash, RulesetLayout layout) {
        return status("198.51.100.100", hash, layout);
    }

    private static NodeStatus status(String vip, String hash, RulesetLayout layout) {
        ClusterIpSpec spec = ClusterIpSpec.builder().vip(vip).nic("eth0").buckets(3).hashMode(hash).build();
        ClusterState st = new ClusterState(spec, BucketSet.of(3, 1), List.of(), new long[3], List.of(), layout);
        return new NodeStatus(st, true, true, List.of());
    }

    @Test
    void olderLayoutGetsANoteAndTheCurrentOneNone() {
        assertEquals(List.of(), StatusView.listingNotes(status("sourceip-sourceport", RulesetLayout.CURRENT)));
        List<String> notes = StatusView.listingNotes(status("sourceip-sourceport", RulesetLayout.V1));
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).startsWith("tables written by an older clonevip (layout V1: set all, chain out)"), notes.get(0));
        assertTrue(StatusView.human(List.of(status("sourceip-sourceport", RulesetLayout.V1))).contains("  listing: tables written by an older clonevip"));
        assertEquals(2, StatusView.listingNotes(status("clusterip-compatible", RulesetLayout.V1)).size());
        for (RulesetLayout restores : List.of(RulesetLayout.V2, RulesetLayout.V3)) {
            assertEquals(List.of(), StatusView.listingNotes(status("sourceip-sourceport", restores)), "nft reads " + restores + " back");
        }
    }

    /** IPv4 and short IPv6 VIPs keep the 16-character column; a longer IPv6 VIP widens it, header and row alike. */
    @Test
    void theVipColumnWidensOnlyForALongerVip() {
        String v4 = StatusView.human(List.of(status("198.51.100.100", "sourceip-sourceport", RulesetLayout.CURRENT)));
        assertTrue(v4.startsWith("VIP              NIC             MODE               HASH\n"
                + "198.51.100.100   eth0            clone N=3          sourceip-sourceport\n"), v4);
        String v6 = StatusView.human(List.of(status("2001:db8:1:0::100", "sourceip", RulesetLayout.CURRENT)));
        assertTrue(v6.startsWith("VIP              NIC             MODE               HASH\n"
                + "2001:db8:1::100  eth0            clone N=3          sourceip\n"), v6);
        String wide = StatusView.human(List.of(status("2001:db8:abcd:12:0:ff:fe00:100", "sourceip", RulesetLayout.CURRENT)));
        assertTrue(wide.startsWith("VIP                             NIC             MODE               HASH\n"
                + "2001:db8:abcd:12:0:ff:fe00:100  eth0            clone N=3          sourceip\n"), wide);
    }
}
