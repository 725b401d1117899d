package io.clonevip.cluster;

import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.NetNs;
import io.clonevip.netlink.NetlinkConn;
import io.clonevip.nft.Applied;
import io.clonevip.nft.Batch;
import io.clonevip.nft.NftConn;
import io.clonevip.nft.NftEvent;
import io.clonevip.nft.NftEvents;
import io.clonevip.nft.OwnPorts;
import io.clonevip.rtnl.IpLiteral;
import io.clonevip.rtnl.MacAddress;
import io.clonevip.rtnl.Rtnetlink;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps the kernel at the node's {@link DesiredState}s of one network namespace: subscribed to
 * nf_tables notifications ({@link NftEvents}, no polling), it wakes when a transaction of another
 * socket touched a {@code clonevip_} table (or events were lost), compares each VIP's tables with
 * its desired state under the VIP's lock, and puts back what departed (tables deleted or flushed,
 * a stale ruleset restored, elements added or removed by hand, a foreign rule in our chain, a
 * drain or guard lost with its tables) with {@link ClusterIpTables#apply(DesiredState, Instant)}:
 * one transaction checked against the generation it read, drains and guards with the time they
 * have left then. The
 * transactions of this process (its own repairs, and the agents' actions the daemon runs) are
 * skipped by port id ({@link OwnPorts}) without reading anything; the agents' and netctl's changes
 * from other processes match the desired state they recorded first, so they cause a comparison
 * but no repair. When someone undoes repairs over and over, repairs
 * are spaced by {@link RepairBackoff} and reported. Every repair is logged and noted with the
 * VIP's state ({@link DesiredStates#noteRepair}), where {@code netctl status} shows it.
 *
 * <p>It also follows the node's drains to their end ({@link DrainLeftovers}), which the kernel
 * ends without a notification: it looks at every clonevip table at the start, after every
 * notification about one (its own process's too: the agents it serves drain), and when the
 * earliest drain it saw has ended; it then closes the ended drains' remaining connections and
 * removes what is left of a VIP the node neither serves nor drains any more.
 */
public final class RulesetGuard implements AutoCloseable {
    /** Where repairs and failures are reported (the daemon's log). */
    @FunctionalInterface
    public interface Log {
        void info(String message);
    }

    private static final Duration IDLE = Duration.ofMillis(500);
    private static final int WARM_UP = 300;

    private final DesiredStates store;
    private final String by;
    private final Log log;
    private final NftConn conn;
    private final NftEvents events;
    /** NETLINK_ROUTE in the guarded namespace: an IPv6 VIP's NIC MAC ({@link NicMacs}). */
    private final NetlinkConn rtnl;
    private final ClusterIpTables tables;
    private final Map<InetAddress, RepairBackoff> backoff = new HashMap<>();
    private final Map<InetAddress, Long> repairs = new HashMap<>();
    /** VIPs whose repair waits for their backoff. */
    private final Set<InetAddress> deferred = new HashSet<>();
    private final Thread thread;
    private volatile boolean closed;
    private long pendingSince;
    private int failures;
    private String lastFailure = "";
    private final DrainLeftovers leftovers;
    /** Whether {@link DrainLeftovers#look} is due now: at the start, after a notification about a clonevip table. */
    private boolean lookNow = true;
    /** The nanoTime of the look the earliest drain asks for; null: none. */
    private Long lookAt;
    private final AtomicLong checks = new AtomicLong();
    private final AtomicLong othersTransactions = new AtomicLong();

    private RulesetGuard(DesiredStates store, String by, Log log, NftConn conn, NftEvents events, NetlinkConn rtnl) {
        this.store = store;
        this.by = by;
        this.log = log;
        this.conn = conn;
        this.events = events;
        this.rtnl = rtnl;
        this.tables = new ClusterIpTables(conn).withNicMacs(NicMacs.over(rtnl));
        this.leftovers = new DrainLeftovers(store, log);
        this.thread = Thread.ofPlatform().daemon().name("ruleset-guard-" + (store.netns() == null ? "host" : store.netns()))
                .unstarted(this::loop);
    }

    /**
     * Subscribes in the namespace of {@code store} (before the first check, so no change is
     * missed), checks every VIP once and keeps them from then on in a thread of its own.
     * {@code by} names the repairer in the notes (e.g. {@code clonevip-agentd pid 1234}).
     */
    public static RulesetGuard start(DesiredStates store, String by, Log log) throws Exception {
        RulesetGuard g = NetNs.call(store.netns(), () -> {
            NftEvents ev = NftEvents.open(IDLE);
            NetlinkConn rt = null;
            try {
                rt = Rtnetlink.open();
                return new RulesetGuard(store, by, log, NftConn.open(), ev, rt);
            } catch (KernelException | RuntimeException e) {
                ev.close();
                if (rt != null) rt.close();
                throw e;
            }
        });
        g.prepare();
        g.pendingSince = System.nanoTime();
        g.thread.start();
        return g;
    }

    public DesiredStates store() { return store; }

    /** How many times the guard has compared the kernel with the desired states (at start, after notifications, for retries). */
    public long checks() { return checks.get(); }

    /** How many transactions of other processes (any table) the guard has been notified of. */
    public long othersTransactions() { return othersTransactions.get(); }

    /**
     * Encodes each VIP's whole ruleset and reads its tables a number of times before the first
     * notification, so the first repair after a start runs compiled code (measured: ~90 ms for
     * the first repair of a cold JVM, 5-30 ms once warm); costs some tens of milliseconds once.
     */
    private void prepare() {
        try {
            for (DesiredState d : store.list(new ArrayList<>())) {
                for (int i = 0; i < WARM_UP; i++) {
                    RulesetBatches.add(new Batch(), ClusterRuleset.of(d.spec(), MacAddress.ZERO), d.local()).build(0);
                    if (i % 10 == 0) d.departures(tables.observe(d.vip()).value());
                }
            }
        } catch (IOException | KernelException | RuntimeException e) {
            // the first check reports what does not read
        }
    }

    private void loop() {
        while (!closed) {
            try {
                if (pendingSince != 0) {
                    long since = pendingSince;
                    pendingSince = 0;
                    check(since);
                }
                if (lookNow || lookAt != null && System.nanoTime() - lookAt >= 0) {
                    lookAt = leftovers.look(tables);
                    lookNow = false;
                }
                NftEvents.Batch b = events.next(untilRetry());
                long now = System.nanoTime();
                lookNow |= touchesClonevip(b);
                if (relevant(b) && pendingSince == 0) pendingSince = now;
                if (pendingSince == 0 && retryDue(now)) pendingSince = now;
                failures = 0;
                lastFailure = "";
            } catch (KernelException | RuntimeException e) {
                if (closed) return;
                long wait = Math.min(10_000, 100L << Math.min(failures++, 7));
                String m = e.getMessage();
                if (!m.equals(lastFailure)) log.info("ruleset guard" + where() + ": " + m + "; checking again in " + wait + " ms");
                lastFailure = m;
                pendingSince = System.nanoTime();
                pause(wait);
            }
        }
    }

    private boolean relevant(NftEvents.Batch b) {
        boolean relevant = b.overrun();
        for (NftEvent e : b.events()) {
            if (OwnPorts.ours(e.portId())) continue; // its own repairs and the actions this process serves
            if (e.endOfTransaction()) othersTransactions.incrementAndGet();
            if (e.concernsTable(ClusterRuleset.PREFIX)) relevant = true;
        }
        return relevant;
    }

    /** Whether any process (this one too: the agents it serves drain) changed a clonevip table, or events were lost. */
    private static boolean touchesClonevip(NftEvents.Batch b) {
        boolean touches = b.overrun();
        for (NftEvent e : b.events()) touches |= e.concernsTable(ClusterRuleset.PREFIX);
        return touches;
    }

    private Duration untilRetry() {
        long now = System.nanoTime();
        long soonest = Long.MAX_VALUE;
        if (lookAt != null) soonest = Math.max(0, lookAt - now);
        for (RepairBackoff b : backoff.values()) if (!b.allows(now)) soonest = Math.min(soonest, b.notBefore() - now);
        if (soonest == Long.MAX_VALUE) return IDLE;
        return Duration.ofNanos(Math.max(1_000_000L, Math.min(soonest, IDLE.toNanos())));
    }

    private boolean retryDue(long now) {
        for (var e : backoff.entrySet()) if (e.getValue().fighting() && e.getValue().allows(now) && deferred.contains(e.getKey())) return true;
        return false;
    }

    /** Compares every desired VIP with the kernel and repairs those that departed; {@code since}: when the change was seen. */
    private void check(long since) throws KernelException {
        checks.incrementAndGet();
        List<String> unreadable = new ArrayList<>();
        List<DesiredState> wanted;
        try {
            wanted = store.list(unreadable);
        } catch (IOException e) {
            log.info("ruleset guard" + where() + ": cannot read " + store.dir() + ": " + e.getMessage());
            return;
        }
        for (String u : unreadable) log.info("ruleset guard" + where() + ": skipped " + u);
        for (DesiredState d : wanted) checkOne(d.vip(), since);
    }

    private void checkOne(InetAddress vip, long since) throws KernelException {
        RepairBackoff bo = backoff.computeIfAbsent(vip, k -> new RepairBackoff());
        long now = System.nanoTime();
        if (!bo.allows(now)) {
            deferred.add(vip);
            return;
        }
        deferred.remove(vip);
        try (DesiredStates.Held held = store.lock(vip)) {
            DesiredState d = store.read(vip);
            if (d == null) return; // forgotten meanwhile
            Applied<ClusterState> seen = tables.observe(vip);
            Instant at = Instant.now();
            if (d.over(at)) { // its last drain ended: nothing to put back (DrainLeftovers removes idle tables)
                if (seen.value() == null) store.forget(vip);
                return;
            }
            List<String> departed = d.departures(seen.value(), at);
            if (departed.isEmpty()) return;
            tables.apply(d, Instant.now());
            long healed = System.nanoTime();
            long count = repairs.merge(vip, 1L, Long::sum);
            Repair r = new Repair(Instant.now(), by, String.join("; ", departed), (healed - since) / 1000, count);
            store.noteRepair(vip, r);
            log.info("repaired " + IpLiteral.format(vip) + where() + " " + (healed - since) / 1_000_000 + " ms after the change: "
                    + r.found());
            long wait = bo.repaired(healed);
            if (wait > 0) {
                log.info(IpLiteral.format(vip) + where() + ": its tables were changed again " + RepairBackoff.FREE
                        + "+ times within a second; someone is undoing the repairs: next repair in " + wait / 1_000_000 + " ms");
            }
        } catch (IOException | ClusterSpecException e) {
            log.info("ruleset guard" + where() + ": desired state of " + IpLiteral.format(vip) + ": " + e.getMessage());
        }
    }

    private String where() { return store.netns() == null ? "" : " in netns " + store.netns(); }

    /** After a failed check: 100 ms, doubling per failure in a row up to 10 s (a kernel that refuses is not asked in a loop). */
    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the thread (within the idle wait, half a second) and closes both sockets. */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        events.close();
        conn.close();
        rtnl.close();
    }
}
