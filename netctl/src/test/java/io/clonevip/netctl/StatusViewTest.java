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

/** The listing notes of {@code netctl status}: what nft cannot print back. */
class StatusViewTest {
    private static NodeStatus status(String hash, RulesetLayout layout) {
        ClusterIpSpec spec = ClusterIpSpec.builder().vip("198.51.100.100").nic("eth0").buckets(3).hashMode(hash).build();
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
}
