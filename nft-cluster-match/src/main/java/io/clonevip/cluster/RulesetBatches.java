package io.clonevip.cluster;

import io.clonevip.nft.Batch;
import io.clonevip.nft.NftSet;
import io.clonevip.nft.Rule;
import io.clonevip.nft.SetElement;
import io.clonevip.nft.TableContents;
import java.util.ArrayList;
import java.util.List;

/**
 * The batches that write a {@link ClusterRuleset}: the whole ruleset with this node's buckets,
 * its atomic replacement of whatever tables exist, and the change of the local bucket set alone.
 */
public final class RulesetBatches {
    private RulesetBatches() {}

    /**
     * Adds both tables of {@code rs} with {@code local} as this node's buckets to {@code b}, in the
     * order {@link ClusterIpTables} sends them (sets before the rules that look them up, each
     * anonymous set before its rule); returns {@code b}.
     */
    public static Batch add(Batch b, ClusterRuleset rs, BucketSet local) {
        b.addTable(rs.inet()).addSet(rs.local()).addSet(rs.all()).addElements(rs.all(), rs.allElements());
        if (!local.isEmpty()) b.addElements(rs.local(), marks(local));
        b.addChain(rs.pre());
        for (ClusterRuleset.AnonSet anon : rs.anonymous()) b.addSet(anon.set()).addElements(anon.set(), anon.elements());
        for (Rule r : rs.rules()) b.addRule(r);
        b.addTable(rs.arp()).addChain(rs.out()).addRule(rs.arpRule());
        return b;
    }

    /** One batch replacing whatever tables exist (null: absent) with {@code rs} holding {@code local}: atomic, so conntrack keeps every mark. */
    static Batch replace(TableContents inet, TableContents arp, ClusterRuleset rs, BucketSet local) {
        Batch b = new Batch();
        if (inet != null) b.deleteTable(inet.table());
        if (arp != null) b.deleteTable(arp.table());
        return add(b, rs, local);
    }

    /** One batch taking the local set of {@code rs} from {@code have} to {@code want}. */
    static Batch bucketDelta(ClusterRuleset rs, BucketSet have, BucketSet want) {
        List<SetElement> add = new ArrayList<>();
        List<SetElement> del = new ArrayList<>();
        for (int b : want) if (!have.contains(b)) add.add(SetElement.mark(b));
        for (int b : have) if (!want.contains(b)) del.add(SetElement.mark(b));
        Batch batch = new Batch();
        NftSet local = rs.local();
        if (!del.isEmpty()) batch.deleteElements(local, del);
        if (!add.isEmpty()) batch.addElements(local, add);
        return batch;
    }

    private static List<SetElement> marks(BucketSet s) {
        List<SetElement> l = new ArrayList<>();
        for (int b : s) l.add(SetElement.mark(b));
        return l;
    }
}
