package io.clonevip.testkit;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Polling with a deadline, the lab's only way to wait: a condition is checked again every
 * {@link #INTERVAL} until it holds or the deadline passes; then an {@link AssertionError}
 * says what was awaited and what was last seen.
 */
public final class Poll {

    /** Pause between two checks. */
    public static final Duration INTERVAL = Duration.ofMillis(20);

    private Poll() {
    }

    /** Waits until {@code probe} yields a value and returns it. */
    public static <T> T until(String what, Duration timeout, Supplier<Optional<T>> probe) {
        return until(what, timeout, probe, () -> "");
    }

    /**
     * Waits until {@code probe} yields a value; on timeout the error also shows
     * {@code lastSeen} (e.g. the cluster status).
     */
    public static <T> T until(String what, Duration timeout, Supplier<Optional<T>> probe,
                              Supplier<String> lastSeen) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException lastFailure = null;
        while (true) {
            try {
                Optional<T> value = probe.get();
                if (value.isPresent()) {
                    return value.get();
                }
                lastFailure = null;
            } catch (RuntimeException e) {
                lastFailure = e;          // e.g. a node that is still starting: try again
            }
            if (System.nanoTime() - deadline > 0) {
                String seen = lastSeen.get();
                AssertionError error = new AssertionError("timed out after " + timeout.toMillis()
                        + " ms waiting for " + what + (seen.isEmpty() ? "" : "; last seen: " + seen));
                if (lastFailure != null) {
                    error.initCause(lastFailure);
                }
                throw error;
            }
            try {
                Thread.sleep(INTERVAL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    /** Waits until {@code condition} holds. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        until(what, timeout, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty());
    }
}
