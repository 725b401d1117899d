package io.clonevip.testkit;

import java.security.SecureRandom;

/**
 * A lab's teardown hook: {@link #arm()} registers it as a JVM shutdown hook, so the lab is torn
 * down even when its {@code close()} is never reached; {@code close()} calls {@link #disarm()}
 * first and tears down itself, once. With the run's id ({@link #runId}) and the bring-up that
 * closes what it built when it fails ({@link #upOrClose}), what every lab starts with.
 */
public final class Teardown {
    private static final SecureRandom RANDOM = new SecureRandom();

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

    /**
     * A lab run's id, unique on the host and short enough for interface and namespace names:
     * {@code prefix}, this process's PID and a random number, base 36, at most 12 characters.
     */
    public static String runId(String prefix) {
        String id = prefix + Long.toString(ProcessHandle.current().pid(), 36) + Integer.toString(RANDOM.nextInt(36 * 36 * 36), 36);
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    /**
     * Runs a lab's bring-up; when it fails, runs {@code close} (what was built goes; a failure of
     * the close is added to the bring-up's as suppressed) and rethrows the bring-up's failure.
     */
    public static void upOrClose(Runnable up, Runnable close) {
        try {
            up.run();
        } catch (RuntimeException e) {
            try {
                close.run();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }
}
