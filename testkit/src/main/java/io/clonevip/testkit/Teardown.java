package io.clonevip.testkit;

/**
 * A lab's teardown hook: {@link #arm()} registers it as a JVM shutdown hook, so the lab is torn
 * down even when its {@code close()} is never reached; {@code close()} calls {@link #disarm()}
 * first and tears down itself, once.
 */
public final class Teardown {
    private final Thread hook;
    private boolean disarmed;

    public Teardown(Runnable down) {
        this.hook = Thread.ofPlatform().unstarted(down);
    }

    /** From now on the JVM's shutdown runs the teardown. */
    public void arm() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Removes the shutdown hook; true the first time only (close is idempotent). */
    public synchronized boolean disarm() {
        if (disarmed) {
            return false;
        }
        disarmed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        return true;
    }
}
