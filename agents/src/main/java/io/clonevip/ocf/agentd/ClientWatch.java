package io.clonevip.ocf.agentd;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Watches the client of a running action: when the client's read end of its reply pipe is gone
 * (Pacemaker's timeout killed the entry script, or anyone else did), the action's thread is
 * interrupted once, so that it stops at its next interruptible wait (a pause between ARP
 * rounds, a lock wait, a child process it waits for) instead of running on after Pacemaker
 * began recovery. What the action did before that point stays done, as when a JVM of its own
 * is killed.
 */
final class ClientWatch {
    private final AtomicBoolean done = new AtomicBoolean();
    private final AtomicBoolean fired = new AtomicBoolean();
    private Thread thread;

    private ClientWatch() {
    }

    /** Starts watching {@code reply} every {@code everyMs}; {@code onGone} runs before {@code action} is interrupted. */
    static ClientWatch start(Fifo reply, Thread action, int everyMs, Runnable onGone) {
        ClientWatch w = new ClientWatch();
        w.thread = Thread.ofPlatform().daemon().name("agentd-watch-" + action.getName()).start(() -> {
            while (!w.done.get()) {
                if (reply.readerGone(everyMs)) {
                    synchronized (w) {
                        if (!w.done.get()) {
                            w.fired.set(true);
                            onGone.run();
                            action.interrupt();
                        }
                    }
                    return;
                }
            }
        });
        return w;
    }

    /**
     * Ends the watch (the action returned) and says whether it interrupted the action. Waits for
     * the watching thread, so the reply pipe is not closed under its poll; clears an interrupt
     * that came after the action returned.
     */
    boolean finish() {
        synchronized (this) {
            done.set(true);
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            // the watch interrupted us: join again, it ends right after
            try {
                thread.join();
            } catch (InterruptedException again) {
                Thread.currentThread().interrupt();
            }
        }
        Thread.interrupted();
        return fired.get();
    }
}
