package io.clonevip.cluster;

import io.clonevip.nft.Batch;
import io.clonevip.nft.NftSet;
import io.clonevip.nft.Rule;
import io.clonevip.nft.SetElement;
import io.clonevip.nft.TableContents;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The batches that write a {@link ClusterRuleset}: the whole ruleset with this node's buckets,
 * its atomic replacement of whatever tables exist, and the change of the local bucket set alone.
 */
public final class RulesetBatches {
    private RulesetBatches() {}

    /**
     * Adds the tables of {@code rs} (IPv6: the inet table with its NA rewrite chain last) with {@code local} as this node's buckets to {@code b}, in the
     * order {@link ClusterIpTables} sends them (sets before the rules that look them up, each
     * anonymous set before its rule); returns {@code b}.
     */
    public static Batch add(Batch b, ClusterRuleset rs, BucketSet local) {
        b.addTable(rs.inet()).addSet(rs.local()).addSet(rs.all()).addElements(rs.all(), rs.allElements());
        if (!local.isEmpty()) b.addElements(rs.local(), marks(local));
        if (rs.layout().drains()) {
            b.addSet(rs.drain()).addSet(rs.guard()).addSet(rs.pass());
            if (!local.isEmpty()) b.addElements(rs.pass(), marks(local));
            b.addChain(rs.raw());
            for (ClusterRuleset.AnonSet anon : rs.rawAnonymous()) b.addSet(anon.set()).addElements(anon.set(), anon.elements());
            for (Rule r : rs.rawRules()) b.addRule(r);
        }
        b.addChain(rs.pre());
        for (ClusterRuleset.AnonSet anon : rs.preAnonymous()) b.addSet(anon.set()).addElements(anon.set(), anon.elements());
        for (Rule r : rs.rules()) b.addRule(r);
        if (rs.ipv6()) {
            b.addChain(rs.na());
            for (Rule r : rs.naRules()) b.addRule(r);
        } else {
            b.addTable(rs.arp()).addChain(rs.out()).addRule(rs.arpRule());
        }
        return b;
    }

    /**
     * One batch taking this node's buckets of the current layout {@code rs} from {@code before}
     * to {@code after}: the local set, the drain set (a bucket that starts draining gets
     * {@code after}'s time left as its timeout), the guard set (a changed time left is a delete and
     * an add in the same batch: a refresh) and the pass set, which is local plus draining with
     * the same timeouts.
     */
    static Batch delta(ClusterRuleset rs, Buckets before, Buckets after) {
        Batch batch = new Batch();
        diff(batch, rs.local(), untimed(before.local()), untimed(after.local()), false);
        // the kernel removes timed elements by itself: what was read may be gone by the time the batch runs
        diff(batch, rs.drain(), before.draining(), after.draining(), true);
        diff(batch, rs.guard(), before.guarded(), after.guarded(), true);
        diff(batch, rs.pass(), pass(before), pass(after), true);
        return batch;
    }

    /** This node's buckets: served, draining and guarded, each with its timeout (ms; 0 = none). */
    record Buckets(BucketSet local, Map<Integer, Long> draining, Map<Integer, Long> guarded) {
        Buckets {
            draining = Map.copyOf(draining);
            guarded = Map.copyOf(guarded);
        }

        /** As read: each timed bucket with its time left (unchanged entries are not rewritten). */
        static Buckets of(ClusterState st) {
            return new Buckets(st.local(), times(st.draining()), times(st.guarded()));
        }

        private static Map<Integer, Long> times(List<ClusterState.TimedBucket> l) {
            Map<Integer, Long> m = new TreeMap<>();
            for (ClusterState.TimedBucket t : l) m.put(t.bucket(), t.expiresMs());
            return m;
        }

        /** Serving {@code now}: a bucket served again is no longer drained. */
        Buckets serving(BucketSet now) {
            Map<Integer, Long> d = new TreeMap<>(draining);
            for (int b : now) d.remove(b);
            return new Buckets(now, d, guarded);
        }

        /**
         * With each of {@code drains} that is not served and each of {@code guards} (bucket → ms
         * left), those already there kept as they are: what a repair puts back.
         */
        Buckets restoring(Map<Integer, Long> drains, Map<Integer, Long> guards) {
            Map<Integer, Long> d = new TreeMap<>(draining);
            for (var e : drains.entrySet()) if (!local.contains(e.getKey())) d.putIfAbsent(e.getKey(), e.getValue());
            Map<Integer, Long> g = new TreeMap<>(guarded);
            for (var e : guards.entrySet()) g.putIfAbsent(e.getKey(), e.getValue());
            return new Buckets(local, d, g);
        }

        /** {@code bucket} no longer served and drained for {@code ms} (kept as it is if already draining). */
        Buckets draining(int bucket, long ms) {
            Map<Integer, Long> d = new TreeMap<>(draining);
            d.putIfAbsent(bucket, ms);
            return new Buckets(local.without(bucket), d, guarded);
        }

        /** {@code bucket} neither served nor drained. */
        Buckets without(int bucket) {
            Map<Integer, Long> d = new TreeMap<>(draining);
            d.remove(bucket);
            return new Buckets(local.without(bucket), d, guarded);
        }

        /** {@code bucket} no longer drained (served as it was). */
        Buckets undrained(int bucket) {
            Map<Integer, Long> d = new TreeMap<>(draining);
            d.remove(bucket);
            return new Buckets(local, d, guarded);
        }

        /** {@code bucket} guarded for {@code ms} from now (0: no longer guarded). */
        Buckets guarding(int bucket, long ms) {
            Map<Integer, Long> g = new TreeMap<>(guarded);
            if (ms > 0) g.put(bucket, ms);
            else g.remove(bucket);
            return new Buckets(local, draining, g);
        }

        boolean idle() { return local.isEmpty() && draining.isEmpty(); }

        /** The state {@code st} is left in when the batch from it to this is applied (times as written, counters of new entries 0). */
        ClusterState applyTo(ClusterState st) {
            return st.withLocal(local).withTimed(timed(draining, st.draining()), timed(guarded, st.guarded()));
        }

        private static List<ClusterState.TimedBucket> timed(Map<Integer, Long> m, List<ClusterState.TimedBucket> before) {
            List<ClusterState.TimedBucket> l = new ArrayList<>();
            for (var e : m.entrySet()) {
                ClusterState.TimedBucket kept = before.stream().filter(t -> t.bucket() == e.getKey() && t.expiresMs() == e.getValue()).findFirst().orElse(null);
                l.add(kept != null ? kept : new ClusterState.TimedBucket(e.getKey(), e.getValue(), 0, 0));
            }
            return l;
        }
    }

    private static Map<Integer, Long> untimed(BucketSet s) {
        Map<Integer, Long> m = new TreeMap<>();
        for (int b : s) m.put(b, 0L);
        return m;
    }

    private static Map<Integer, Long> pass(Buckets s) {
        Map<Integer, Long> m = new TreeMap<>(s.draining());
        for (int b : s.local()) m.put(b, 0L);
        return m;
    }

    /**
     * Deletes what left or changed its timeout, then adds what came or changed; {@code mayBeGone}:
     * a delete of an element that is no longer there is not an error (it expired meanwhile).
     */
    private static void diff(Batch batch, NftSet set, Map<Integer, Long> have, Map<Integer, Long> want,
                             boolean mayBeGone) {
        List<SetElement> del = new ArrayList<>();
        List<SetElement> add = new ArrayList<>();
        for (var e : have.entrySet()) if (!e.getValue().equals(want.get(e.getKey()))) del.add(SetElement.mark(e.getKey()));
        for (var e : want.entrySet()) {
            if (!e.getValue().equals(have.get(e.getKey()))) add.add(SetElement.mark(e.getKey(), e.getValue()));
        }
        if (!del.isEmpty()) {
            if (mayBeGone) batch.destroyElements(set, del);
            else batch.deleteElements(set, del);
        }
        if (!add.isEmpty()) batch.addElements(set, add);
    }

    /** One batch replacing whatever tables exist (null: absent) with {@code rs} holding {@code local}: atomic, so conntrack keeps every mark. */
    static Batch replace(TableContents inet, TableContents arp, ClusterRuleset rs, BucketSet local) {
        Batch b = new Batch();
        if (inet != null) b.deleteTable(inet.table());
        if (arp != null) b.deleteTable(arp.table());
        return add(b, rs, local);
    }

    /** As {@link #replace(TableContents, TableContents, ClusterRuleset, BucketSet)}, the new tables holding {@code target}'s drains and guards too. */
    static Batch replace(TableContents inet, TableContents arp, ClusterRuleset rs, Buckets target) {
        Buckets plain = new Buckets(target.local(), Map.of(), Map.of());
        return replace(inet, arp, rs, target.local()).append(delta(rs, plain, target));
    }

    private static List<SetElement> marks(BucketSet s) {
        List<SetElement> l = new ArrayList<>();
        for (int b : s) l.add(SetElement.mark(b));
        return l;
    }
}
