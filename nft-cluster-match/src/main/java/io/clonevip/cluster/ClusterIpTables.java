package io.clonevip.cluster;

import static io.clonevip.cluster.VipTables.checkTime;
import static io.clonevip.cluster.VipTables.converge;
import static io.clonevip.cluster.VipTables.plan;
import static io.clonevip.cluster.VipTables.replaced;

import io.clonevip.nativ.KernelException;
import io.clonevip.nft.Applied;
import io.clonevip.nft.Batch;
import io.clonevip.nft.Family;
import io.clonevip.nft.NftConn;
import io.clonevip.nft.Plan;
import io.clonevip.nft.TableContents;
import io.clonevip.cluster.RulesetBatches.Buckets;
import io.clonevip.rtnl.IpLiteral;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The nf_tables part of cluster IPs on one node: every change is ONE read and ONE transaction
 * checked against the ruleset generation it was computed from ({@link NftConn#transact}, retried
 * when another process changed the ruleset meanwhile), and returns the state it found and the
 * state it produced, derived from that read, so callers need not read again.
 * Only clonevip's own tables ({@link ClusterRuleset#tableName}) are ever read or written.
 */
public final class ClusterIpTables {
    private final VipTables t;
    private final ClusterStops stops;

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
        this.t = new VipTables(conn, desired, macs);
        this.stops = new ClusterStops(t);
    }

    /** The same tables recording to {@code desired}. */
    public ClusterIpTables recordingTo(DesiredStates desired) { return new ClusterIpTables(t.conn, desired, t.macs); }

    /**
     * The same tables looking an IPv6 VIP's NIC MAC up with {@code macs} (its neighbour
     * advertisement rule is built for it, and a rule built for another MAC is not whole).
     */
    public ClusterIpTables withNicMacs(NicMacs macs) { return new ClusterIpTables(t.conn, t.desired, macs); }








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
        ClusterRuleset rs = t.ruleset(spec);
        return t.transact(spec.vip(), (inet, arp) -> {
            ClusterState st = inet == null ? null : t.read(inet, arp);
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
        ClusterRuleset rs = t.ruleset(spec);
        return t.transact(spec.vip(), (inet, arp) -> {
            ClusterState st = inet == null ? null : t.read(inet, arp);
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
     * Ends the drain of {@code bucket} at once (its connections were closed, or an operator ends
     * it); when nothing is served or drained any more, the VIP's tables go in the same
     * transaction ({@link ClusterChange#removed()}). Absent is success.
     */
    public ClusterChange endDrain(InetAddress vip, int bucket) throws KernelException {
        return stops.endDrain(vip, bucket, false);
    }

    /** {@link ClusterStops#endDrain}. */
    ClusterChange endDrain(InetAddress vip, int bucket, boolean keepIdle) throws KernelException {
        return stops.endDrain(vip, bucket, keepIdle);
    }




    /**
     * Guards {@code bucket} for {@code ms} from now (0: ends the guard at once): another node
     * drains it. Refreshing a guard restarts its time. {@link NoSuchClusterIpException} when the
     * VIP is not configured here.
     */
    public ClusterChange guard(InetAddress vip, int bucket, long ms) throws KernelException {
        checkTime("guard", ms);
        return t.transact(vip, (inet, arp) -> {
            ClusterState st = inet == null ? null : t.read(inet, arp);
            if (st == null) throw new NoSuchClusterIpException(IpLiteral.format(vip));
            boolean older = st.whole() && st.layout() != RulesetLayout.CURRENT;
            if (!st.current() && !older) {
                throw new ClusterSpecException("vip", IpLiteral.format(vip), "a whole cluster IP ruleset (start or apply it again first)");
            }
            BucketSet.of(st.spec().buckets(), bucket);
            Buckets after = Buckets.of(st).guarding(bucket, ms);
            ClusterRuleset rs = t.ruleset(st.spec());
            return older ? replaced(inet, arp, rs, st, after) : converge(rs, st, after);
        });
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
        return stops.leave(vip, bucket, false);
    }

    /** {@link ClusterStops#leave}. */
    ClusterChange leave(InetAddress vip, int bucket, boolean keepIdle) throws KernelException {
        return stops.leave(vip, bucket, keepIdle);
    }

    /**
     * A clone instance stops with a drain ({@link ClusterStops#drain}): {@code bucket} leaves
     * this node's set, its established connections are still answered here for {@code limitMs}
     * (0: {@link #leave}).
     */
    public ClusterChange drain(InetAddress vip, int bucket, long limitMs) throws KernelException {
        return stops.drain(vip, bucket, limitMs);
    }

    /** Removes the VIP's tables when they read as idle ({@link ClusterStops#removeIdle}); anything else is left as read. */
    public ClusterChange removeIdle(InetAddress vip) throws KernelException {
        return stops.removeIdle(vip);
    }

    /** {@link ClusterStops#removeRetired}. */
    ClusterChange removeRetired(ClusterChange idle) throws KernelException {
        return stops.removeRetired(idle);
    }



    /** Removes the VIP's configuration entirely; absent is success. Returns the state found. */
    public ClusterChange remove(InetAddress vip) throws KernelException {
        return t.transact(vip, (inet, arp) -> {
            Batch b = new Batch();
            if (inet != null) b.deleteTable(inet.table());
            if (arp != null) b.deleteTable(arp.table());
            return plan(b, inet == null ? null : t.read(inet, arp), null);
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
        return new DesiredRecorder(t.desired, vip).transact(t.conn, () -> new BucketChangePlanner(t).plan(vip, name, edit)).value();
    }



    /** This node's state for {@code vip}, or null when not configured. */
    public ClusterState state(InetAddress vip) throws KernelException {
        return observe(vip).value();
    }

    /** This node's state for {@code vip} (null when not configured) and the ruleset generation it was read at. */
    public Applied<ClusterState> observe(InetAddress vip) throws KernelException {
        String name = ClusterRuleset.tableName(vip);
        return t.conn.transact(() -> {
            TableContents inet = t.conn.readTable(Family.INET, name);
            return new Plan<>(new Batch(), inet == null ? null : t.read(inet, t.arpTable(vip, name)));
        });
    }

    /** Every cluster IP configured on this node. */
    public List<ClusterState> list() throws KernelException {
        return t.conn.consistent(() -> {
            List<ClusterState> out = new ArrayList<>();
            for (String name : t.conn.listTableNames(Family.INET)) {
                if (!name.startsWith(ClusterRuleset.PREFIX)) continue;
                TableContents inet = t.conn.readTable(Family.INET, name);
                if (inet == null) continue;
                ClusterState st = t.read(inet, t.conn.readTable(Family.ARP, name));
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
