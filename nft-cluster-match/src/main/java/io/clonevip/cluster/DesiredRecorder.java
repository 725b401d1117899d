package io.clonevip.cluster;

import io.clonevip.nativ.KernelException;
import io.clonevip.nft.Applied;
import io.clonevip.nft.Batch;
import io.clonevip.nft.NftConn;
import io.clonevip.nft.Plan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Instant;

/**
 * Runs one {@link ClusterIpTables} change so that the node's {@link DesiredState} of the VIP
 * changes with it: under the VIP's lock, each attempt records the state its plan leads to (local
 * buckets, drains and guards, as the kernel will hold them) before the transaction is applied (an attempt that loses the race to another writer records
 * again from what it reads next), and a change that fails puts the previous record back. A change
 * planned on tables that are missing or damaged (a firewall reload before the daemon's repair)
 * keeps the previous record's drains and guards that have time left ({@link DesiredState#keeping}):
 * the daemon then puts them back.
 * Without a store ({@code null}) the change runs as it is.
 */
final class DesiredRecorder {
    private final DesiredStates store;
    private final InetAddress vip;

    DesiredRecorder(DesiredStates store, InetAddress vip) {
        this.store = store;
        this.vip = vip;
    }

    /** A plan and the desired state it leads to (null: nothing desired any more). */
    record Intent<T>(Plan<T> plan, DesiredState desired, boolean tablesLost) {
        Intent(Plan<T> plan, DesiredState desired) { this(plan, desired, false); }
    }

    @FunctionalInterface
    interface IntentPlanner<T> {
        Intent<T> plan() throws KernelException;
    }

    <T> Applied<T> transact(NftConn conn, IntentPlanner<T> planner) throws KernelException {
        if (store == null) return conn.transact(() -> planner.plan().plan());
        try (DesiredStates.Held held = store.lock(vip)) {
            DesiredState previous = store.read(vip);
            try {
                return conn.transact(() -> {
                    Intent<T> i = planner.plan();
                    // planned on tables someone removed or damaged: the drains and guards they lost are still wanted
                    write(i.tablesLost() && i.desired() != null ? i.desired().keeping(previous, Instant.now()) : i.desired());
                    return i.plan();
                });
            } catch (KernelException | RuntimeException e) {
                write(previous);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("desired state of " + vip.getHostAddress() + " in " + store.dir() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Applies {@code batch} only while the ruleset is still generation {@code genId} (else
     * KernelException ERESTART and nothing applied), recording {@code desired} (null: nothing
     * desired any more) with it: a change planned on what an earlier transaction left, without
     * reading the tables again.
     */
    void apply(NftConn conn, Batch batch, int genId, DesiredState desired) throws KernelException {
        if (store == null) {
            conn.apply(batch, genId);
            return;
        }
        try (DesiredStates.Held held = store.lock(vip)) {
            DesiredState previous = store.read(vip);
            try {
                write(desired);
                conn.apply(batch, genId);
            } catch (KernelException | RuntimeException e) {
                write(previous);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("desired state of " + vip.getHostAddress() + " in " + store.dir() + ": " + e.getMessage(), e);
        }
    }

    private void write(DesiredState s) {
        try {
            if (s == null) store.forget(vip);
            else store.record(s);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the desired state of " + vip.getHostAddress() + " in " + store.dir()
                    + ": " + e.getMessage(), e);
        }
    }
}
