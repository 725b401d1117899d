package io.clonevip.ocf;

import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * Whether this JVM outlives the actions it runs. clonevip-agentd's does ({@link #enable} when
 * it starts); a JVM started for one action does not: it exits when the action is done, so it
 * cannot leave work behind. Work an action hands on for later (IPaddr3's announcement rounds
 * after the first) runs on {@link #scheduler()} when there is one; without one the action does
 * that work before it returns.
 */
public final class Resident {
    private static volatile ScheduledThreadPoolExecutor scheduler;

    private Resident() {
    }

    /** Makes this JVM resident: one daemon thread runs what actions leave for later. Idempotent. */
    public static synchronized void enable() {
        if (scheduler == null) {
            ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "clonevip-later");
                t.setDaemon(true);
                return t;
            });
            s.setRemoveOnCancelPolicy(true);
            scheduler = s;
        }
    }

    /** The resident process's scheduler; empty in a JVM that ends with its action. */
    public static Optional<ScheduledExecutorService> scheduler() {
        return Optional.ofNullable(scheduler);
    }
}
