package io.clonevip.ocf.agentd;

import io.clonevip.cluster.DesiredStates;
import io.clonevip.cluster.RulesetGuard;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The daemon's part in coexisting with the host's firewall: one {@link RulesetGuard} per network
 * namespace that has desired states under the root ({@code /run/clonevip/desired}, or
 * CLONEVIP_STATE_DIR), its own namespace's from the start, each subscribed to that namespace's nf_tables notifications and putting
 * back what a firewall reload, a stale restore or a hand edit took from clonevip's tables. The
 * directory is listed every {@link #RESCAN_MS} ms to start a guard for another namespace whose
 * first VIP was just started (the kernel is never polled); a guard whose namespace is gone is closed.
 * Repairs and fights go to the daemon's log.
 */
final class RulesetKeeper implements AutoCloseable {
    static final long RESCAN_MS = 2000;

    private final Path root;
    private final DaemonLog log;
    private final String by;
    private final Map<String, RulesetGuard> guards = new HashMap<>();
    private final Set<String> failed = new HashSet<>();
    private final Thread thread;
    private volatile boolean closed;

    private RulesetKeeper(Path root, DaemonLog log) {
        this.root = root;
        this.log = log;
        this.by = "clonevip-agentd pid " + ProcessHandle.current().pid();
        this.thread = Thread.ofPlatform().daemon().name("ruleset-keeper").unstarted(this::loop);
    }

    /** Starts keeping the desired states under {@code root}. */
    static RulesetKeeper start(Path root, DaemonLog log) {
        RulesetKeeper k = new RulesetKeeper(root, log);
        k.rescan();
        k.thread.start();
        return k;
    }

    private void loop() {
        while (!closed) {
            try {
                Thread.sleep(RESCAN_MS);
            } catch (InterruptedException e) {
                return;
            }
            rescan();
        }
    }

    private static String key(String netns) { return Objects.requireNonNullElse(netns, ""); }

    private synchronized void rescan() {
        if (closed) return;
        Set<String> seen = new HashSet<>();
        seen.add(key(null));
        if (!guards.containsKey(key(null))) { // its own namespace from the start: the first VIP started here is kept at once
            start(DesiredStates.at(root, null));
        }
        try {
            for (DesiredStates s : DesiredStates.all(root)) {
                String k = key(s.netns());
                seen.add(k);
                if (!guards.containsKey(k)) start(s);
            }
        } catch (IOException e) {
            log.info("cannot list " + root + ": " + e.getMessage());
            return;
        }
        guards.keySet().removeIf(k -> {
            if (seen.contains(k)) return false;
            guards.get(k).close();
            return true;
        });
    }

    private void start(DesiredStates s) {
        String k = key(s.netns());
        try {
            guards.put(k, RulesetGuard.start(s, by, log::info));
            failed.remove(k);
            log.info("keeping the clonevip tables of " + where(s.netns()) + " (desired states in " + s.dir() + ")");
        } catch (Exception e) {
            if (failed.add(k)) log.info("cannot keep the tables of " + where(s.netns()) + ": " + e.getMessage());
        }
    }

    private static String where(String netns) { return netns == null ? "this network namespace" : "network namespace " + netns; }

    @Override
    public synchronized void close() {
        closed = true;
        thread.interrupt();
        guards.values().forEach(RulesetGuard::close);
        guards.clear();
    }
}
