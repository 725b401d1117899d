package io.clonevip.cluster;

import io.clonevip.nativ.KernelException;
import io.clonevip.nft.Applied;
import io.clonevip.nft.Batch;
import io.clonevip.nft.Family;
import io.clonevip.nft.NftConn;
import io.clonevip.nft.Plan;
import io.clonevip.nft.TableContents;
import io.clonevip.cluster.RulesetBatches.Buckets;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Instant;

/**
 * What every {@link ClusterIpTables} change shares: the connection, the desired-state store it
 * records to, how an IPv6 VIP's NIC MAC is found, the one read of a VIP's two tables and its
 * checked transaction, and the plans a change is made of.
 */
final class VipTables {
    final NftConn conn;
    final DesiredStates desired;
    final NicMacs macs;

    VipTables(NftConn conn, DesiredStates desired, NicMacs macs) {
        this.conn = conn;
        this.desired = desired;
        this.macs = macs;
    }

    /** The ruleset this build writes for {@code spec}; for an IPv6 VIP, built for its NIC's MAC as it is now. */
    ClusterRuleset ruleset(ClusterIpSpec spec) throws KernelException {
        return ClusterRuleset.of(spec, spec.vip() instanceof Inet4Address ? null : macs.of(spec.nic()));
    }

    ClusterState read(TableContents inet, TableContents arp) {
        return ClusterStateReader.read(inet, arp, macs);
    }

    /** The arp table of an IPv4 VIP (null: absent); an IPv6 VIP has none. */
    TableContents arpTable(InetAddress vip, String name) throws KernelException {
        return vip instanceof Inet4Address ? conn.readTable(Family.ARP, name) : null;
    }

    /** A change computed from the VIP's two tables as read (null: absent). */
    @FunctionalInterface
    interface Change {
        Plan<ClusterChange> compute(TableContents inet, TableContents arp) throws KernelException;
    }

    /** Reads both tables, plans the change from them and applies it in one checked transaction. */
    ClusterChange transact(InetAddress vip, Change change) throws KernelException {
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
    static Plan<ClusterChange> unchanged(ClusterState st) {
        return new Plan<>(new Batch(), new ClusterChange(st, st, 0));
    }

    /** {@code b} takes the tables from {@code before} to {@code after}. */
    static Plan<ClusterChange> plan(Batch b, ClusterState before, ClusterState after) {
        return new Plan<>(b, new ClusterChange(before, after, 0));
    }

    /** The change from {@code st} (current layout) to {@code after}; nothing to apply when equal. */
    static Plan<ClusterChange> converge(ClusterRuleset rs, ClusterState st, Buckets after) {
        Buckets before = Buckets.of(st);
        if (before.equals(after)) return unchanged(st);
        return plan(RulesetBatches.delta(rs, before, after), st, after.applyTo(st));
    }

    /** Both tables replaced by the current layout holding {@code target} (older layout, damaged or other spec). */
    static Plan<ClusterChange> replaced(TableContents inet, TableContents arp, ClusterRuleset rs, ClusterState st, Buckets target) {
        return plan(RulesetBatches.replace(inet, arp, rs, target), st, target.applyTo(ClusterState.fresh(rs.spec(), target.local())));
    }

    static Batch deleteBoth(TableContents inet, TableContents arp) {
        Batch b = new Batch().deleteTable(inet.table());
        if (arp != null) b.deleteTable(arp.table());
        return b;
    }

    static void checkTime(String what, long ms) {
        if (ms < 0) throw new ClusterSpecException(what, ms + "ms", "0 or more milliseconds");
    }
}
