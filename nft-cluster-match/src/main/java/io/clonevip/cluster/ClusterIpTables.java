package io.clonevip.cluster;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.nft.Batch;
import io.clonevip.nft.Family;
import io.clonevip.nft.NftConn;
import io.clonevip.nft.NftSet;
import io.clonevip.nft.Rule;
import io.clonevip.nft.SetElement;
import io.clonevip.nft.TableContents;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The nf_tables part of cluster IPs on one node: every change is ONE transaction checked against
 * the ruleset generation it was computed from, retried when another process changed the ruleset
 * meanwhile (several Pacemaker instances of one clone start at the same moment; no lock file).
 * Only clonevip's own tables ({@link ClusterRuleset#tableName}) are ever read or written.
 */
public final class ClusterIpTables {
    static final int MAX_ATTEMPTS = 20;

    private final NftConn conn;

    public ClusterIpTables(NftConn conn) { this.conn = conn; }

    /** A change computed from the current state; null means nothing to do. */
    @FunctionalInterface
    private interface Change {
        Batch compute(TableContents inet, TableContents arp) throws KernelException;
    }

    /** A change that reads what it needs itself. */
    @FunctionalInterface
    private interface Attempt {
        Batch compute() throws KernelException;
    }

    private void transact(InetAddress vip, Change change) throws KernelException {
        String name = ClusterRuleset.tableName(vip);
        transact(() -> {
            TableContents[] both = conn.consistent(() -> new TableContents[] {
                conn.readTable(Family.INET, name), conn.readTable(Family.ARP, name)});
            return change.compute(both[0], both[1]);
        });
    }

    /**
     * Reads the generation, computes the batch, applies it only if the generation is unchanged;
     * retries when another process changed the ruleset meanwhile.
     */
    private void transact(Attempt attempt) throws KernelException {
        for (int n = 1; ; n++) {
            int gen = conn.getGenId();
            Batch b;
            try {
                b = attempt.compute();
            } catch (KernelException e) { // what it read vanished under a concurrent change
                if (!e.is(Errno.ENOENT) || conn.getGenId() == gen || n >= MAX_ATTEMPTS) throw e;
                continue;
            }
            if (b == null || b.isEmpty()) return;
            try {
                conn.apply(b, gen);
                return;
            } catch (KernelException e) {
                boolean raced = e.is(Errno.ERESTART) || e.is(Errno.EEXIST) || e.is(Errno.ENOENT) || e.is(Errno.EBUSY);
                if (!raced || n >= MAX_ATTEMPTS) throw e;
                Thread.onSpinWait();
            }
        }
    }

    /** Adds {@code rs} with {@code local} as this node's buckets to {@code b} (tests use it to write an older layout). */
    static Batch addAll(Batch b, ClusterRuleset rs, BucketSet local) {
        b.addTable(rs.inet()).addSet(rs.local()).addSet(rs.all()).addElements(rs.all(), rs.allElements());
        if (!local.isEmpty()) b.addElements(rs.local(), marks(local));
        b.addChain(rs.pre());
        for (ClusterRuleset.AnonSet anon : rs.anonymous()) b.addSet(anon.set()).addElements(anon.set(), anon.elements());
        for (Rule r : rs.rules()) b.addRule(r);
        b.addTable(rs.arp()).addChain(rs.out()).addRule(rs.arpRule());
        return b;
    }

    private static List<SetElement> marks(BucketSet s) {
        List<SetElement> l = new ArrayList<>();
        for (int b : s) l.add(SetElement.mark(b));
        return l;
    }

    /** One batch replacing whatever tables exist with {@code rs} holding {@code local}: atomic, so conntrack keeps every mark. */
    private static Batch replace(TableContents inet, TableContents arp, ClusterRuleset rs, BucketSet local) {
        Batch b = new Batch();
        if (inet != null) b.deleteTable(inet.table());
        if (arp != null) b.deleteTable(arp.table());
        addAll(b, rs, local);
        return b;
    }

    /**
     * Creates the VIP's configuration with {@code local} as this node's buckets, or converges an
     * existing one: same spec, whole and current → only the bucket set changes; a different spec,
     * a damaged ruleset or an older {@link RulesetLayout} → both tables are replaced in the same
     * transaction.
     */
    public void apply(ClusterIpSpec spec, BucketSet local) throws KernelException {
        checkTotal(spec, local);
        ClusterRuleset rs = ClusterRuleset.of(spec);
        transact(spec.vip(), (inet, arp) -> {
            ClusterState st = inet == null ? null : ClusterStateReader.read(inet, arp);
            if (st != null && st.current() && st.spec().equals(spec)) {
                return bucketDelta(rs, st.local(), local);
            }
            return replace(inet, arp, rs, local);
        });
    }

    /**
     * A clone instance starts: bucket {@code bucket} joins this node's set, creating the VIP's
     * configuration when it is the first (or replacing a damaged, older-layout or differently
     * specified one, keeping the buckets that still exist in the new spec). One transaction.
     */
    public void join(ClusterIpSpec spec, int bucket) throws KernelException {
        BucketSet.of(spec.buckets(), bucket); // validates 1..N before anything is read
        ClusterRuleset rs = ClusterRuleset.of(spec);
        transact(spec.vip(), (inet, arp) -> {
            ClusterState st = inet == null ? null : ClusterStateReader.read(inet, arp);
            if (st != null && st.current() && st.spec().equals(spec)) {
                return st.local().contains(bucket) ? null : bucketDelta(rs, st.local(), st.local().with(bucket));
            }
            BucketSet keep = BucketSet.of(spec.buckets(), bucket);
            if (st != null) for (int b : st.local()) if (b <= spec.buckets()) keep = keep.with(b);
            return replace(inet, arp, rs, keep);
        });
    }

    /**
     * A clone instance stops: {@code bucket} leaves this node's set; when no bucket is left the
     * VIP's whole configuration goes, in the same transaction. Absent is success. Tables of an
     * older {@link RulesetLayout} that keep buckets are replaced by the current layout in the
     * same transaction. Returns true when the configuration was removed (the caller then
     * removes the address).
     */
    public boolean leave(InetAddress vip, int bucket) throws KernelException {
        boolean[] removed = new boolean[1];
        transact(vip, (inet, arp) -> {
            removed[0] = false;
            if (inet == null) {
                removed[0] = true;
                return arp == null ? null : new Batch().deleteTable(arp.table());
            }
            ClusterState st = ClusterStateReader.read(inet, arp);
            if (st != null && !(st.local().size() == 1 && st.local().contains(bucket)) && !st.local().isEmpty()) {
                BucketSet rest = st.local().without(bucket);
                if (st.layout() != RulesetLayout.CURRENT) return replace(inet, arp, ClusterRuleset.of(st.spec()), rest);
                return st.local().contains(bucket) ? bucketDelta(ClusterRuleset.of(st.spec()), st.local(), rest) : null;
            }
            removed[0] = true;
            Batch b = new Batch().deleteTable(inet.table());
            if (arp != null) b.deleteTable(arp.table());
            return b;
        });
        return removed[0];
    }

    /** Removes the VIP's configuration entirely; absent is success. */
    public void remove(InetAddress vip) throws KernelException {
        transact(vip, (inet, arp) -> {
            Batch b = new Batch();
            if (inet != null) b.deleteTable(inet.table());
            if (arp != null) b.deleteTable(arp.table());
            return b;
        });
    }

    /** Adds buckets to this node's set; returns the resulting set. */
    public BucketSet addBuckets(InetAddress vip, int... buckets) throws KernelException {
        return changeBuckets(vip, cur -> { BucketSet r = cur; for (int k : buckets) r = r.with(k); return r; });
    }

    /** Removes buckets from this node's set; absent buckets are fine. Returns the resulting set. */
    public BucketSet removeBuckets(InetAddress vip, int... buckets) throws KernelException {
        return changeBuckets(vip, cur -> { BucketSet r = cur; for (int k : buckets) r = r.without(k); return r; });
    }

    /** Replaces this node's bucket set atomically; returns it. */
    public BucketSet setBuckets(InetAddress vip, BucketSet wanted) throws KernelException {
        return changeBuckets(vip, cur -> { checkSameTotal(cur, wanted); return wanted; });
    }

    private interface Edit { BucketSet apply(BucketSet current); }

    /**
     * Bucket changes read only what they need (the spec from the rules' comment and the local
     * set's elements: three round trips with the generation), not the whole tables; tables of
     * an older {@link RulesetLayout} are read whole and replaced by the current layout.
     */
    private BucketSet changeBuckets(InetAddress vip, Edit edit) throws KernelException {
        String name = ClusterRuleset.tableName(vip);
        BucketSet[] result = new BucketSet[1];
        transact(() -> {
            List<Rule> rules;
            try {
                rules = conn.listRules(Family.INET, name);
            } catch (KernelException e) {
                if (e.is(io.clonevip.nativ.Errno.ENOENT)) throw new NoSuchClusterIpException(vip.getHostAddress());
                throw e;
            }
            String comment = null;
            for (Rule r : rules) if (SpecComment.isOurs(r.comment())) comment = r.comment();
            if (comment == null) throw new NoSuchClusterIpException(vip.getHostAddress());
            ClusterIpSpec spec;
            try {
                spec = SpecComment.parse(comment);
            } catch (ClusterSpecException e) {
                throw KernelException.malformed("read table " + name, "its spec comment does not read (" + e.getMessage()
                        + "): the table is damaged (applying the spec again replaces it)");
            }
            if (SpecComment.layoutOf(comment) != RulesetLayout.CURRENT) {
                TableContents[] both = conn.consistent(() -> new TableContents[] {
                    conn.readTable(Family.INET, name), conn.readTable(Family.ARP, name)});
                ClusterState st = both[0] == null ? null : ClusterStateReader.read(both[0], both[1]);
                if (st == null) throw new NoSuchClusterIpException(vip.getHostAddress());
                result[0] = edit.apply(st.local());
                return replace(both[0], both[1], ClusterRuleset.of(st.spec()), result[0]);
            }
            BucketSet have = BucketSet.empty(spec.buckets());
            for (SetElement e : conn.listElements(Family.INET, name, ClusterRuleset.SET_LOCAL)) {
                int b = ClusterStateReader.bucketOf(e, spec.buckets());
                if (b < 0) {
                    throw KernelException.malformed("read set " + ClusterRuleset.SET_LOCAL + " of table " + name,
                            "element " + e.key() + " is not a bucket 1.." + spec.buckets() + ": the table is damaged (applying the spec again replaces it)");
                }
                have = have.with(b);
            }
            BucketSet wanted = edit.apply(have);
            result[0] = wanted;
            return bucketDelta(ClusterRuleset.of(spec), have, wanted);
        });
        return result[0];
    }

    /** One batch taking the local set from {@code have} to {@code want}. */
    private static Batch bucketDelta(ClusterRuleset rs, BucketSet have, BucketSet want) {
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

    /** This node's state for {@code vip}, or null when not configured. */
    public ClusterState state(InetAddress vip) throws KernelException {
        String name = ClusterRuleset.tableName(vip);
        return conn.consistent(() -> {
            TableContents inet = conn.readTable(Family.INET, name);
            return inet == null ? null : ClusterStateReader.read(inet, conn.readTable(Family.ARP, name));
        });
    }

    /** Every cluster IP configured on this node. */
    public List<ClusterState> list() throws KernelException {
        return conn.consistent(() -> {
            List<ClusterState> out = new ArrayList<>();
            for (String name : conn.listTableNames(Family.INET)) {
                if (!name.startsWith(ClusterRuleset.PREFIX)) continue;
                TableContents inet = conn.readTable(Family.INET, name);
                if (inet == null) continue;
                ClusterState st = ClusterStateReader.readOrNull(inet, conn.readTable(Family.ARP, name));
                if (st != null) out.add(st);
            }
            return out;
        });
    }

    private static void checkTotal(ClusterIpSpec spec, BucketSet local) {
        if (local.total() != spec.buckets()) {
            throw new ClusterSpecException("buckets", local.format(), "buckets of a cluster of " + spec.buckets() + " (set was built for " + local.total() + ")");
        }
    }

    private static void checkSameTotal(BucketSet cur, BucketSet wanted) {
        if (cur.total() != wanted.total()) {
            throw new ClusterSpecException("buckets", wanted.format(), "buckets 1.." + cur.total());
        }
    }
}
