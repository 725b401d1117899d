package io.clonevip.bench;

import io.clonevip.cluster.BucketSet;
import io.clonevip.cluster.ClusterIpSpec;
import io.clonevip.cluster.ClusterRuleset;
import io.clonevip.nft.Batch;
import io.clonevip.nft.Rule;
import io.clonevip.nft.SetElement;
import java.util.ArrayList;
import java.util.List;

/** The inputs every benchmark shares: one cluster IP of 12 buckets, this node owning 1-4. */
final class Workloads {
    private Workloads() {}

    static final ClusterIpSpec SPEC = ClusterIpSpec.builder().vip("198.51.100.100").nic("eth0").buckets(12).build();
    static final String LOCAL = "1-4";

    /**
     * The transaction creating the VIP's whole configuration, message for message what
     * {@code ClusterIpTables.apply} sends for a node without one.
     */
    static Batch createTransaction(ClusterRuleset rs, BucketSet local) {
        Batch b = new Batch();
        b.addTable(rs.inet()).addSet(rs.local()).addSet(rs.all()).addElements(rs.all(), rs.allElements());
        List<SetElement> marks = new ArrayList<>();
        for (int k : local) marks.add(SetElement.mark(k));
        if (!marks.isEmpty()) b.addElements(rs.local(), marks);
        b.addChain(rs.pre());
        for (ClusterRuleset.AnonSet anon : rs.anonymous()) b.addSet(anon.set()).addElements(anon.set(), anon.elements());
        for (Rule r : rs.rules()) b.addRule(r);
        b.addTable(rs.arp()).addChain(rs.out()).addRule(rs.arpRule());
        return b;
    }

    /** A bucket move's batch on one node: remove bucket {@code out}, add bucket {@code in}. */
    static Batch bucketChange(ClusterRuleset rs, int out, int in) {
        return new Batch().deleteElements(rs.local(), List.of(SetElement.mark(out)))
                .addElements(rs.local(), List.of(SetElement.mark(in)));
    }
}
