package io.clonevip.cluster;

import io.clonevip.cluster.ClusterState.TimedBucket;
import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.NetNs;
import io.clonevip.rtnl.IpLiteral;
import java.net.InetAddress;
import java.nio.file.Files;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What the drains of one network namespace leave behind once the kernel ended them, and its
 * removal: the resident daemon's part in drains (docs/developer/drain.md). The kernel removes a
 * drain's set elements at its limit and notifies nobody, so the {@link RulesetGuard} of the
 * namespace {@link #look}s at every clonevip table when it starts, after every notification
 * about one, and when the earliest drain a look saw has ended ({@link #WAKE_AFTER_MS} later);
 * a look returns when that is. A look
 * <ul>
 *   <li>closes this node's TCP connections on a VIP whose bucket is neither served nor drained
 *       here ({@link VipConnections#closeOrphans}) when a drain the previous look saw has ended
 *       by its time (a drain ended by a transaction was ended by netctl or an agent, which close
 *       its connections themselves), and at the first look at a VIP (a daemon started after a
 *       drain ended);</li>
 *   <li>removes the tables, the address and the cluster MAC membership of a VIP that reads as
 *       idle ({@link ClusterIpNode#removeIdle}: whole, a layout that drains, nothing served
 *       or drained) and for which nothing is desired any more (no desired state, or one that only
 *       drained and whose drains ended, {@link DesiredState#over}, which is forgotten with the
 *       tables; {@code netctl buckets del} of the last bucket records an empty one, which is kept),
 *       after closing its connections while their resets can still leave from the VIP.</li>
 * </ul>
 * Only clonevip's own tables are read, only whole ones of a layout that drains are acted on, and only
 * in a namespace where clonevip's agents or netctl record desired states (the store's directory
 * exists). Each VIP is handled under its lock ({@link DesiredStates#lock}), so no recorded change
 * of an agent or netctl is taken for an idle VIP. Everything done, and every failure, is logged.
 */
final class DrainLeftovers {
    /** How long after a drain's end the next look comes: the kernel's timer and the reported time left are a few ms apart. */
    static final long WAKE_AFTER_MS = 250;

    private final DesiredStates store;
    private final RulesetGuard.Log log;
    /** Per VIP, the drains the previous look saw: bucket and the nanoTime it ends. */
    private final Map<InetAddress, Map<Integer, Long>> drainEnds = new HashMap<>();

    DrainLeftovers(DesiredStates store, RulesetGuard.Log log) {
        this.store = store;
        this.log = log;
    }

    /**
     * Reads every clonevip table over {@code tables} (a connection in the store's namespace), acts
     * as the class says, and returns the nanoTime of the next look a drain asks for, or
     * {@code null} when nothing drains.
     */
    Long look(ClusterIpTables tables) throws KernelException {
        if (!Files.isDirectory(store.dir())) {
            drainEnds.clear();
            return null;
        }
        long now = System.nanoTime();
        Long next = null;
        Set<InetAddress> seen = new HashSet<>();
        for (ClusterState st : tables.list()) {
            if (!st.whole() || !st.layout().drains()) continue; // V3 (an older build's drains) and the current layout
            InetAddress vip = st.spec().vip();
            seen.add(vip);
            Map<Integer, Long> ends = new HashMap<>();
            for (TimedBucket t : st.draining()) {
                if (t.expiresMs() == 0) continue; // no timeout: the kernel never ends it
                long end = now + TimeUnit.MILLISECONDS.toNanos(t.expiresMs());
                ends.put(t.bucket(), end);
                long wake = end + TimeUnit.MILLISECONDS.toNanos(WAKE_AFTER_MS);
                if (next == null || wake - next < 0) next = wake;
            }
            Map<Integer, Long> before = drainEnds.get(vip);
            boolean due = before == null || endedByTime(before, st, now);
            if (!due || clear(vip, st.idle())) drainEnds.put(vip, ends); // a failed clear is tried again at the next look
        }
        drainEnds.keySet().retainAll(seen);
        return next;
    }

    /** Whether a drain of {@code before} is neither served nor drained in {@code st} and was due to end by now. */
    private static boolean endedByTime(Map<Integer, Long> before, ClusterState st, long now) {
        long slack = TimeUnit.MILLISECONDS.toNanos(WAKE_AFTER_MS);
        for (Map.Entry<Integer, Long> e : before.entrySet()) {
            int b = e.getKey();
            if (st.local().contains(b) || st.drainingBuckets().contains(b)) continue;
            if (e.getValue() - now <= slack) return true;
        }
        return false;
    }

    /**
     * Closes the VIP's orphaned connections and, when {@code idle} and nothing is desired, removes
     * the VIP; logs what it did. False when it failed (logged).
     */
    private boolean clear(InetAddress vip, boolean idle) {
        String where = IpLiteral.format(vip) + (store.netns() == null ? "" : " in netns " + store.netns());
        try (DesiredStates.Held held = store.lock(vip)) {
            DesiredState recorded = store.read(vip);
            // a node that only drained wants nothing once its drains ended
            DesiredState desired = recorded == null || recorded.over(Instant.now()) ? null : recorded;
            NetNs.run(store.netns(), () -> {
                try (ClusterIpNode node = ClusterIpNode.open(); VipConnections connections = VipConnections.open()) {
                    ConnectionsClosed r = connections.closeOrphans(node.tables(), vip, desired == null ? null : desired.wanted(Instant.now()));
                    if (r.closed() + r.gone() + r.notClosed() > 0) {
                        log.info(r.summary("on " + where + " whose buckets are neither served nor drained here"));
                    }
                    if (idle && desired == null) {
                        ClusterChange c = node.removeIdle(vip);
                        if (recorded != null && (c.removed() || c.before() == null)) store.forget(vip);
                        if (c.removed() && c.before() != null) {
                            log.info(where + ": no bucket served or drained here any more (the last drain ended): removed its tables, "
                                    + "its address and the cluster MAC membership of " + c.before().spec().nic());
                        }
                    }
                }
            });
            return true;
        } catch (Exception e) {
            log.info("drains of " + where + ": " + e.getMessage());
            return false;
        }
    }
}
