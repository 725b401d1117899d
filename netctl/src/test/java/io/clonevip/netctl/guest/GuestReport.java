package io.clonevip.netctl.guest;

import java.util.ArrayList;
import java.util.List;

/** The guest's verdict lines: {@code PASS:}/{@code FAIL:}/{@code MEASURE:}, read by {@link NetctlGuestTest}. */
final class GuestReport {
    private final List<String> failures = new ArrayList<>();
    private final long start = System.nanoTime();

    void check(String what, boolean ok, Object detail) {
        System.out.printf("[%6.1f s] %s%s%s%n", (System.nanoTime() - start) / 1e9, ok ? "PASS: " : "FAIL: ", what, ok ? "" : " -- " + detail);
        System.out.flush();
        if (!ok) failures.add(what);
    }

    void fail(String what, Throwable t) {
        failures.add(what + ": " + t);
        System.out.println("FAIL: " + what + " -- " + t);
        t.printStackTrace(System.out);
    }

    List<String> failures() { return List.copyOf(failures); }

    static void measure(String what, long startNanos) {
        System.out.printf("MEASURE: %s = %.1f ms%n", what, (System.nanoTime() - startNanos) / 1e6);
    }
}
