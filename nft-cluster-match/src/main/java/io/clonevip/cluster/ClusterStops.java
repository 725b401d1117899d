package io.clonevip.cluster;

import static io.clonevip.cluster.VipTables.checkTime;
import static io.clonevip.cluster.VipTables.converge;
import static io.clonevip.cluster.VipTables.deleteBoth;
import static io.clonevip.cluster.VipTables.plan;
import static io.clonevip.cluster.VipTables.replaced;
import static io.clonevip.cluster.VipTables.unchanged;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.nft.Batch;
import io.clonevip.nft.Family;
import io.clonevip.nft.GenerationRetry;
import io.clonevip.nft.Plan;
import io.clonevip.nft.Table;
import io.clonevip.nft.TableContents;
import io.clonevip.cluster.RulesetBatches.Buckets;
import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * How a bucket, and with the last one the VIP, leaves this node's tables: a stop without a drain
 * ({@link #leave}), a stop with one ({@link #drain}), a drain's end ({@link #endDrain}), and the
 * removal of tables left idle ({@link #removeIdle}, {@link #removeRetired}). {@link ClusterIpTables}
 * offers them; {@link ClusterIpNode} orders them with the VIP's address.
 */
final class ClusterStops {
    private final VipTables t;

    ClusterStops(VipTables t) { this.t = t; }

    /**
     * A clone instance stops with a drain: {@code bucket} leaves this node's set but the node
     * keeps answering the bucket's established connections (only those) for {@code limitMs},
     * when the kernel ends the drain by itself; new connections of the bucket go to its new owner.
     * A bucket already draining keeps its deadline. The VIP's tables stay while anything drains,
     * even with no bucket left ({@link ClusterState#idle} once the drain ended: {@link #endDrain}
     * or {@link #leave} remove them). {@code limitMs} 0 is {@link #leave}.
     */
    ClusterChange drain(InetAddress vip, int bucket, long limitMs) throws KernelException {
        checkTime("drain limit", limitMs);
        if (limitMs == 0) return leave(vip, bucket, false);
        return t.transact(vip, (inet, arp) -> {
            if (inet == null) return plan(new Batch(), null, null);
            ClusterState st = t.read(inet, arp);
            if (st == null) return plan(new Batch(), null, null);
            if (!st.local().contains(bucket)) return unchanged(st);
            Buckets target = Buckets.of(st).draining(bucket, limitMs);
            ClusterRuleset rs = t.ruleset(st.spec());
            return st.current() ? converge(rs, st, target) : replaced(inet, arp, rs, st, target);
        });
    }

    /** As {@link ClusterIpTables#endDrain(InetAddress, int)}; with {@code keepIdle}, tables left with nothing served or drained stay, idle ({@link #idleAfter}). */
    ClusterChange endDrain(InetAddress vip, int bucket, boolean keepIdle) throws KernelException {
        return t.transact(vip, (inet, arp) -> {
            if (inet == null) return plan(new Batch(), null, null);
            ClusterState st = t.read(inet, arp);
            if (st == null) return plan(new Batch(), null, null);
            boolean older = st.whole() && st.layout() != RulesetLayout.CURRENT;
            if (!st.current() && !(older && st.drainingBuckets().contains(bucket))) return unchanged(st);
            Buckets after = Buckets.of(st).undrained(bucket);
            if (after.idle()) return keepIdle ? idleAfter(inet, arp, st, after) : plan(deleteBoth(inet, arp), st, null);
            ClusterRuleset rs = t.ruleset(st.spec());
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
    ClusterChange removeIdle(InetAddress vip) throws KernelException {
        return t.transact(vip, (inet, arp) -> {
            ClusterState st = inet == null ? null : t.read(inet, arp);
            if (!removable(st)) return unchanged(st);
            return plan(deleteBoth(inet, arp), st, null);
        });
    }

    /** Whether {@link #removeIdle} removes tables read as {@code st}: whole, of a layout that drains, no bucket served or drained. */
    static boolean removable(ClusterState st) {
        return st != null && st.whole() && st.layout().drains() && st.idle();
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
            new DesiredRecorder(t.desired, vip).apply(t.conn, b, idle.generation(), null);
            return new ClusterChange(idle.after(), null, GenerationRetry.next(idle.generation()));
        } catch (KernelException e) {
            if (!e.is(Errno.ERESTART)) throw e;
            return removeIdle(vip);
        }
    }

    /**
     * As {@link ClusterIpTables#leave(InetAddress, int)}; with {@code keepIdle}, whole tables that keep no bucket
     * stay, idle ({@link #idleAfter}), for {@link #removeIdle} once the address is gone.
     */
    ClusterChange leave(InetAddress vip, int bucket, boolean keepIdle) throws KernelException {
        return t.transact(vip, (inet, arp) -> {
            if (inet == null) return plan(arp == null ? new Batch() : new Batch().deleteTable(arp.table()), null, null);
            ClusterState st = t.read(inet, arp);
            if (st == null) return plan(deleteBoth(inet, arp), null, null);
            Buckets after = Buckets.of(st).without(bucket);
            if (after.idle()) return keepIdle && st.whole() ? idleAfter(inet, arp, st, after) : plan(deleteBoth(inet, arp), st, null);
            ClusterRuleset rs = t.ruleset(st.spec());
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
    Plan<ClusterChange> idleAfter(TableContents inet, TableContents arp, ClusterState st, Buckets after) throws KernelException {
        ClusterRuleset rs = t.ruleset(st.spec());
        return st.layout() == RulesetLayout.CURRENT ? converge(rs, st, after) : replaced(inet, arp, rs, st, after);
    }
}
