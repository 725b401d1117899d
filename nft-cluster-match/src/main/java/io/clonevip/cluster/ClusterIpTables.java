package io.clonevip.cluster;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.nft.Applied;
import io.clonevip.nft.Batch;
import io.clonevip.nft.Family;
import io.clonevip.nft.GenerationRetry;
import io.clonevip.nft.NftConn;
import io.clonevip.nft.Plan;
import io.clonevip.nft.Rule;
import io.clonevip.nft.SetElement;
import io.clonevip.nft.Table;
import io.clonevip.nft.TableContents;
import io.clonevip.cluster.RulesetBatches.Buckets;
import io.clonevip.rtnl.IpLiteral;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The nf_tables part of cluster IPs on one node: every change is ONE read and ONE transaction
 * checked against the ruleset generation it was computed from ({@link NftConn#transact}, retried
 * when another process changed the ruleset meanwhile), and returns the state it found and the
 * state it produced, derived from that read, so callers need not read again.
 * Only clonevip's own tables ({@link ClusterRuleset#tableName}) are ever read or written.
 */
public final class ClusterIpTables {
    private final NftConn conn;
    private final DesiredStates desired;
    private final NicMacs macs;

    /** Over {@code conn}; an IPv6 VIP's NIC MAC is looked up in the calling thread's namespace ({@link NicMacs#perLookup}). */
    public ClusterIpTables(NftConn conn) { this(conn, null); }

    /**
     * Recording every change's result as the node's {@link DesiredState} in {@code desired}
     * (null: not recorded), written before the transaction is applied and under the VIP's
     * {@link DesiredStates#lock}, so the resident daemon never takes the change for a departure.
     */
    public ClusterIpTables(NftConn conn, DesiredStates desired) {
        this(conn, desired, NicMacs.perLookup());
    }

    private ClusterIpTables(NftConn conn, DesiredStates desired, NicMacs macs) {
        this.conn = conn;
        this.desired = desired;
        this.macs = macs;
    }

    /** The same tables recording to {@code desired}. */
    public ClusterIpTables recordingTo(DesiredStates desired) { return new ClusterIpTables(conn, desired, macs); }

    /**
     * The same tables looking an IPv6 VIP's NIC MAC up with {@code macs} (its neighbour
     * advertisement rule is built for it, and a rule built for another MAC is not whole).
     */
    public ClusterIpTables withNicMacs(NicMacs macs) { return new ClusterIpTables(conn, desired, macs); }

    /** The ruleset this build writes for {@code spec}; for an IPv6 VIP, built for its NIC's MAC as it is now. */
    private ClusterRuleset ruleset(ClusterIpSpec spec) throws KernelException {
        return ClusterRuleset.of(spec, spec.vip() instanceof Inet4Address ? null : macs.of(spec.nic()));
    }

    private ClusterState read(TableContents inet, TableContents arp) {
        return ClusterStateReader.read(inet, arp, macs);
    }

    /** The arp table of an IPv4 VIP (null: absent); an IPv6 VIP has none. */
    private TableContents arpTable(InetAddress vip, String name) throws KernelException {
        return vip instanceof Inet4Address ? conn.readTable(Family.ARP, name) : null;
    }

    /** A change computed from the VIP's two tables as read (null: absent). */
    @FunctionalInterface
    private interface Change {
        Plan<ClusterChange> compute(TableContents inet, TableContents arp) throws KernelException;
    }

    /** Reads both tables, plans the change from them and applies it in one checked transaction. */
    private ClusterChange transact(InetAddress vip, Change change) throws KernelException {
        String name = ClusterRuleset.tableName(vip);
        Applied<ClusterChange> done = new DesiredRecorder(desired, vip).transact(conn, () -> {
            Plan<ClusterChange> p = change.compute(conn.readTable(Family.INET, name), arpTable(vip, name));
            ClusterState after = p.value().after();
            // local buckets, drains and guards as left, ending when the kernel ends them (a node that only drains too)
            ClusterState before = p.value().before();
            return new DesiredRecorder.Intent<>(p, after == null ? null : DesiredState.of(after, Instant.now()), before == null || !before.whole());
        });
        ClusterChange c = done.value();
        return new ClusterChange(c.before(), c.after(), done.generation());
    }

    /** Nothing to apply: the state stays as read. */
    private static Plan<ClusterChange> unchanged(ClusterState st) {
        return new Plan<>(new Batch(), new ClusterChange(st, st, 0));
    }

    /** {@code b} takes the tables from {@code before} to {@code after}. */
    private static Plan<ClusterChange> plan(Batch b, ClusterState before, ClusterState after) {
        return new Plan<>(b, new ClusterChange(before, after, 0));
    }

    /**
     * Creates the VIP's configuration with {@code local} as this node's buckets, or converges an
     * existing one: same spec, whole and current → only the bucket set changes; a different spec,
     * a damaged ruleset or an older {@link RulesetLayout} → both tables are replaced in the same
     * transaction. Returns the state found and the state left.
     */
    public ClusterChange apply(ClusterIpSpec spec, BucketSet local) throws KernelException {
        checkTotal(spec, local);
        return apply(DesiredState.of(spec, local), Instant.now());
    }

    /**
     * Puts the VIP's tables at {@code desired} as of {@code now} (the resident daemon's repair): as
     * {@link #apply(ClusterIpSpec, BucketSet)} with its local buckets, and in the same transaction
     * each drain and guard it records that the kernel lacks, with the time it has left at
     * {@code now} ({@link DesiredState#drainsLeft}: one that has ended is not put back). Drains and
     * guards the kernel has are kept as they are.
     */
    public ClusterChange apply(DesiredState desired, Instant now) throws KernelException {
        ClusterIpSpec spec = desired.spec();
        BucketSet local = desired.local();
        Map<Integer, Long> drains = desired.drainsLeft(now);
        Map<Integer, Long> guards = desired.guardsLeft(now);
        ClusterRuleset rs = ruleset(spec);
        return transact(spec.vip(), (inet, arp) -> {
            ClusterState st = inet == null ? null : read(inet, arp);
            // the same spec keeps the kernel's drains and guards (an older layout's go on in the new tables)
            boolean same = st != null && st.spec().equals(spec);
            Buckets target = (same ? Buckets.of(st) : new Buckets(local, Map.of(), Map.of())).serving(local).restoring(drains, guards);
            return same && st.current() ? converge(rs, st, target) : replaced(inet, arp, rs, st, target);
        });
    }

    /**
     * A clone instance starts: bucket {@code bucket} joins this node's set, creating the VIP's
     * configuration when it is the first (or replacing a damaged, older-layout or differently
     * specified one, keeping the buckets that still exist in the new spec). One transaction;
     * returns the state found and the state left.
     */
    public ClusterChange join(ClusterIpSpec spec, int bucket) throws KernelException {
        return join(spec, bucket, 0);
    }

    /**
     * As {@link #join(ClusterIpSpec, int)}, and in the same transaction guards {@code bucket} for
     * {@code guardMs} (0: leaves its guard as it is): another node drains it, so this node takes
     * its new connections but does not pick up the other node's connections mid-stream (its
     * stack would reset them). The kernel ends the guard after {@code guardMs}. A bucket this
     * node drains itself is served again (the drain ends).
     */
    public ClusterChange join(ClusterIpSpec spec, int bucket, long guardMs) throws KernelException {
        BucketSet.of(spec.buckets(), bucket); // validates 1..N before anything is read
        checkTime("guard", guardMs);
        ClusterRuleset rs = ruleset(spec);
        return transact(spec.vip(), (inet, arp) -> {
            ClusterState st = inet == null ? null : read(inet, arp);
            if (st != null && st.current() && st.spec().equals(spec)) {
                Buckets now = Buckets.of(st).serving(st.local().with(bucket));
                return converge(rs, st, guardMs > 0 ? now.guarding(bucket, guardMs) : now);
            }
            BucketSet keep = BucketSet.of(spec.buckets(), bucket);
            if (st != null) for (int b : st.local()) if (b <= spec.buckets()) keep = keep.with(b);
            Buckets target = st != null && st.spec().equals(spec) ? Buckets.of(st).serving(keep) : new Buckets(keep, Map.of(), Map.of());
            return replaced(inet, arp, rs, st, guardMs > 0 ? target.guarding(bucket, guardMs) : target);
        });
    }

    /**
     * A clone instance stops with a drain: {@code bucket} leaves this node's set but the node
     * keeps answering the bucket's established connections (only those) for {@code limitMs},
     * when the kernel ends the drain by itself; new connections of the bucket go to its new owner.
     * A bucket already draining keeps its deadline. The VIP's tables stay while anything drains,
     * even with no bucket left ({@link ClusterState#idle} once the drain ended: {@link #endDrain}
     * or {@link #leave} remove them). {@code limitMs} 0 is {@link #leave}.
     */
    public ClusterChange drain(InetAddress vip, int bucket, long limitMs) throws KernelException {
        checkTime("drain limit", limitMs);
        if (limitMs == 0) return leave(vip, bucket);
        return transact(vip, (inet, arp) -> {
            if (inet == null) return plan(new Batch(), null, null);
            ClusterState st = read(inet, arp);
            if (st == null) return plan(new Batch(), null, null);
            if (!st.local().contains(bucket)) return unchanged(st);
            Buckets target = Buckets.of(st).draining(bucket, limitMs);
            ClusterRuleset rs = ruleset(st.spec());
            return st.current() ? converge(rs, st, target) : replaced(inet, arp, rs, st, target);
        });
    }

    /**
     * Ends the drain of {@code bucket} at once (its connections were closed, or an operator ends
     * it); when nothing is served or drained any more, the VIP's tables go in the same
     * transaction ({@link ClusterChange#removed()}). Absent is success.
     */
    public ClusterChange endDrain(InetAddress vip, int bucket) throws KernelException {
        return endDrain(vip, bucket, false);
    }

    /** As {@link #endDrain(InetAddress, int)}; with {@code keepIdle}, tables left with nothing served or drained stay, idle ({@link #idleAfter}). */
    ClusterChange endDrain(InetAddress vip, int bucket, boolean keepIdle) throws KernelException {
        return transact(vip, (inet, arp) -> {
            if (inet == null) return plan(new Batch(), null, null);
            ClusterState st = read(inet, arp);
            if (st == null) return plan(new Batch(), null, null);
            boolean older = st.whole() && st.layout() != RulesetLayout.CURRENT;
            if (!st.current() && !(older && st.drainingBuckets().contains(bucket))) return unchanged(st);
            Buckets after = Buckets.of(st).undrained(bucket);
            if (after.idle()) return keepIdle ? idleAfter(inet, arp, st, after) : plan(deleteBoth(inet, arp), st, null);
            ClusterRuleset rs = ruleset(st.spec());
            return older ? replaced(inet, arp, rs, st, after) : converge(rs, st, after);
        });
    }

    /**
     * Removes the VIP's tables when they are whole, of a layout that drains ({@link
     * RulesetLayout#drains}: V3 or the current one) and {@link ClusterState#idle idle}: what the
     * kernel leaves when the last drain of a node that serves nothing ended, also when an older
     * build started that drain. Anything else (absent, serving, draining, damaged, a layout
     * without drains) is left as read. One read and one transaction checked against the generation it read: a start that
     * takes a bucket meanwhile keeps the tables.
     */
    public ClusterChange removeIdle(InetAddress vip) throws KernelException {
        return transact(vip, (inet, arp) -> {
            ClusterState st = inet == null ? null : read(inet, arp);
            if (st == null || !st.whole() || !st.layout().drains() || !st.idle()) return unchanged(st);
            return plan(deleteBoth(inet, arp), st, null);
        });
    }

    /**
     * Deletes the idle tables that {@code idle}'s transaction left ({@link ClusterIpNode}'s
     * retirement of a VIP, once its address is gone) without reading them again, while the ruleset
     * is still the generation {@code idle} holds for; after any other change meanwhile (a start
     * may have taken a bucket), as {@link #removeIdle}.
     */
    ClusterChange removeRetired(ClusterChange idle) throws KernelException {
        InetAddress vip = idle.after().spec().vip();
        if (idle.generation() == 0) return removeIdle(vip); // no generation to check against
        String name = ClusterRuleset.tableName(vip);
        Batch b = new Batch().deleteTable(Table.of(Family.INET, name));
        if (vip instanceof Inet4Address) b.deleteTable(Table.of(Family.ARP, name));
        try {
            new DesiredRecorder(desired, vip).apply(conn, b, idle.generation(), null);
            return new ClusterChange(idle.after(), null, GenerationRetry.next(idle.generation()));
        } catch (KernelException e) {
            if (!e.is(Errno.ERESTART)) throw e;
            return removeIdle(vip);
        }
    }

    /**
     * Guards {@code bucket} for {@code ms} from now (0: ends the guard at once): another node
     * drains it. Refreshing a guard restarts its time. {@link NoSuchClusterIpException} when the
     * VIP is not configured here.
     */
    public ClusterChange guard(InetAddress vip, int bucket, long ms) throws KernelException {
        checkTime("guard", ms);
        return transact(vip, (inet, arp) -> {
            ClusterState st = inet == null ? null : read(inet, arp);
            if (st == null) throw new NoSuchClusterIpException(IpLiteral.format(vip));
            boolean older = st.whole() && st.layout() != RulesetLayout.CURRENT;
            if (!st.current() && !older) {
                throw new ClusterSpecException("vip", IpLiteral.format(vip), "a whole cluster IP ruleset (start or apply it again first)");
            }
            BucketSet.of(st.spec().buckets(), bucket);
            Buckets after = Buckets.of(st).guarding(bucket, ms);
            ClusterRuleset rs = ruleset(st.spec());
            return older ? replaced(inet, arp, rs, st, after) : converge(rs, st, after);
        });
    }

    /** The change from {@code st} (current layout) to {@code after}; nothing to apply when equal. */
    private static Plan<ClusterChange> converge(ClusterRuleset rs, ClusterState st, Buckets after) {
        Buckets before = Buckets.of(st);
        if (before.equals(after)) return unchanged(st);
        return plan(RulesetBatches.delta(rs, before, after), st, after.applyTo(st));
    }

    /** Both tables replaced by the current layout holding {@code target} (older layout, damaged or other spec). */
    private static Plan<ClusterChange> replaced(TableContents inet, TableContents arp, ClusterRuleset rs, ClusterState st, Buckets target) {
        return plan(RulesetBatches.replace(inet, arp, rs, target), st, target.applyTo(ClusterState.fresh(rs.spec(), target.local())));
    }

    private static Batch deleteBoth(TableContents inet, TableContents arp) {
        Batch b = new Batch().deleteTable(inet.table());
        if (arp != null) b.deleteTable(arp.table());
        return b;
    }

    private static void checkTime(String what, long ms) {
        if (ms < 0) throw new ClusterSpecException(what, ms + "ms", "0 or more milliseconds");
    }

    /**
     * A clone instance stops: {@code bucket} leaves this node's set; when no bucket is left the
     * VIP's whole configuration goes, in the same transaction. Absent is success. Tables of an
     * older {@link RulesetLayout} that keep buckets are replaced by the current layout in the
     * same transaction. {@link ClusterChange#removed()} tells whether the configuration is gone
     * (the caller then removes the address: {@link ClusterIpNode#leave} instead keeps the tables,
     * idle, until the address is gone).
     */
    public ClusterChange leave(InetAddress vip, int bucket) throws KernelException {
        return leave(vip, bucket, false);
    }

    /**
     * As {@link #leave(InetAddress, int)}; with {@code keepIdle}, whole tables that keep no bucket
     * stay, idle ({@link #idleAfter}), for {@link #removeIdle} once the address is gone.
     */
    ClusterChange leave(InetAddress vip, int bucket, boolean keepIdle) throws KernelException {
        return transact(vip, (inet, arp) -> {
            if (inet == null) return plan(arp == null ? new Batch() : new Batch().deleteTable(arp.table()), null, null);
            ClusterState st = read(inet, arp);
            if (st == null) return plan(deleteBoth(inet, arp), null, null);
            Buckets after = Buckets.of(st).without(bucket);
            if (after.idle()) return keepIdle && st.whole() ? idleAfter(inet, arp, st, after) : plan(deleteBoth(inet, arp), st, null);
            ClusterRuleset rs = ruleset(st.spec());
            // an older layout is rewritten; the current one, whole or not, only changes its sets
            return st.layout() == RulesetLayout.CURRENT ? converge(rs, st, after) : replaced(inet, arp, rs, st, after);
        });
    }

    /**
     * Whole tables {@code st} left with no bucket served or drained ({@code after}): they stay, in
     * the current layout, and drop every packet to the VIP (TCP and UDP before conntrack), so that
     * the node never has the VIP's address without its rules. The address then goes, and the
     * tables with {@link #removeIdle}: an address without the rules would let the node's own stack
     * answer every client, such as those that reconnect at once when the stop's resets reach them.
     */
    private Plan<ClusterChange> idleAfter(TableContents inet, TableContents arp, ClusterState st, Buckets after) throws KernelException {
        ClusterRuleset rs = ruleset(st.spec());
        return st.layout() == RulesetLayout.CURRENT ? converge(rs, st, after) : replaced(inet, arp, rs, st, after);
    }

    /** Removes the VIP's configuration entirely; absent is success. Returns the state found. */
    public ClusterChange remove(InetAddress vip) throws KernelException {
        return transact(vip, (inet, arp) -> {
            Batch b = new Batch();
            if (inet != null) b.deleteTable(inet.table());
            if (arp != null) b.deleteTable(arp.table());
            return plan(b, inet == null ? null : read(inet, arp), null);
        });
    }

    /** Adds buckets to this node's set; returns the set before and after. */
    public BucketChange addBuckets(InetAddress vip, int... buckets) throws KernelException {
        return changeBuckets(vip, (spec, cur) -> { BucketSet r = cur; for (int k : buckets) r = r.with(k); return r; });
    }

    /** Removes buckets from this node's set; absent buckets are fine. Returns the set before and after. */
    public BucketChange removeBuckets(InetAddress vip, int... buckets) throws KernelException {
        return changeBuckets(vip, (spec, cur) -> { BucketSet r = cur; for (int k : buckets) r = r.without(k); return r; });
    }

    /** Replaces this node's bucket set atomically; returns the set before and after. */
    public BucketChange setBuckets(InetAddress vip, BucketSet wanted) throws KernelException {
        return changeBuckets(vip, (spec, cur) -> { checkSameTotal(cur, wanted); return wanted; });
    }

    /** The buckets wanted, from the spec and the buckets this node has. */
    @FunctionalInterface
    public interface BucketEdit {
        BucketSet apply(ClusterIpSpec spec, BucketSet current);
    }

    /**
     * Changes this node's bucket set to what {@code edit} makes of the spec and the set read in
     * the same transaction ({@link NoSuchClusterIpException} when the VIP is not configured).
     * Reads only what it needs (the spec from the rules' comment and the local set's elements),
     * not the whole tables; tables of an older {@link RulesetLayout} are read whole and replaced
     * by the current layout.
     */
    public BucketChange changeBuckets(InetAddress vip, BucketEdit edit) throws KernelException {
        String name = ClusterRuleset.tableName(vip);
        return new DesiredRecorder(desired, vip).transact(conn, () -> changeBucketsPlan(vip, name, edit)).value();
    }

    /** The change and the desired state it leads to: the new local set, the drains (a bucket served again stops draining) and the guards. */
    private DesiredRecorder.Intent<BucketChange> changeBucketsPlan(InetAddress vip, String name, BucketEdit edit) throws KernelException {
        List<Rule> rules;
        try {
            rules = conn.listRules(Family.INET, name);
        } catch (KernelException e) {
            if (e.is(Errno.ENOENT)) throw new NoSuchClusterIpException(IpLiteral.format(vip));
            throw e;
        }
        String comment = null;
        for (Rule r : rules) if (SpecComment.isOurs(r.comment())) comment = r.comment();
        if (comment == null) throw new NoSuchClusterIpException(IpLiteral.format(vip));
        ClusterIpSpec spec;
        try {
            spec = SpecComment.parse(comment);
        } catch (ClusterSpecException e) {
            throw KernelException.malformed("read table " + name, "its spec comment does not read (" + e.getMessage()
                    + "): the table is damaged (applying the spec again replaces it)");
        }
        if (SpecComment.layoutOf(comment) != RulesetLayout.CURRENT) {
            TableContents inet = conn.readTable(Family.INET, name);
            TableContents arp = arpTable(vip, name);
            ClusterState st = inet == null ? null : read(inet, arp);
            if (st == null) throw new NoSuchClusterIpException(IpLiteral.format(vip));
            BucketSet wanted = edit.apply(st.spec(), st.local());
            // the drains and guards of an older layout that has them go on in the new tables
            Buckets after = Buckets.of(st).serving(wanted);
            return new DesiredRecorder.Intent<>(new Plan<>(RulesetBatches.replace(inet, arp, ruleset(st.spec()), after),
                    new BucketChange(st.spec(), st.local(), wanted)), DesiredState.of(after.applyTo(st), Instant.now()));
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
        BucketSet wanted = edit.apply(spec, have);
        // a bucket served again stops draining; drains and guards are read for the desired state
        Buckets before = new Buckets(have, timed(name, RulesetLayout.CURRENT.drain(), spec), timed(name, RulesetLayout.CURRENT.guard(), spec));
        Buckets after = before.serving(wanted);
        return new DesiredRecorder.Intent<>(new Plan<>(RulesetBatches.delta(ruleset(spec), before, after), new BucketChange(spec, have, wanted)),
                DesiredState.of(after.applyTo(ClusterState.fresh(spec, have)), Instant.now()));
    }

    /** The buckets in the timed set {@code set} of table {@code name} with their time left (ms; 0: no timeout). */
    private Map<Integer, Long> timed(String name, String set, ClusterIpSpec spec) throws KernelException {
        Map<Integer, Long> m = new TreeMap<>();
        for (SetElement e : conn.listElements(Family.INET, name, set)) {
            int b = ClusterStateReader.bucketOf(e, spec.buckets());
            if (b > 0) m.put(b, e.expiresMs());
        }
        return m;
    }

    /** This node's state for {@code vip}, or null when not configured. */
    public ClusterState state(InetAddress vip) throws KernelException {
        return observe(vip).value();
    }

    /** This node's state for {@code vip} (null when not configured) and the ruleset generation it was read at. */
    public Applied<ClusterState> observe(InetAddress vip) throws KernelException {
        String name = ClusterRuleset.tableName(vip);
        return conn.transact(() -> {
            TableContents inet = conn.readTable(Family.INET, name);
            return new Plan<>(new Batch(), inet == null ? null : read(inet, arpTable(vip, name)));
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
                ClusterState st = read(inet, conn.readTable(Family.ARP, name));
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
