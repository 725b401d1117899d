package io.clonevip.netctl.guest;

import io.clonevip.lab.net.NetLab;
import io.clonevip.testkit.Cmd;
import java.time.Duration;
import java.time.Instant;

/**
 * Runs INSIDE the Debian 6.1 guest (started by {@link NetctlGuestTest} through
 * {@code lab/oldkernel/run-guest.sh}): the user-facing CLUSTERIP paths on a kernel that still has
 * CLUSTERIP. {@link GuestMigrateCommand}: {@code netctl migrate --apply --keep-connections} and the
 * plain {@code --apply} on a live three-node CLUSTERIP cluster; {@link GuestClusteripAgent}:
 * {@code ocf:clonevip:IPaddr3} with {@code backend=clusterip} (and {@code auto}) through
 * {@code OcfMain} (first, on the freshly booted kernel). One lab (a bridge, three nodes, a client) for all of it. Exits 0 only when
 * every check passed.
 */
public final class GuestUserPaths {
    private GuestUserPaths() {}

    public static void main(String[] args) {
        GuestReport out = new GuestReport();
        ProcessHandle.current().info().startInstant().ifPresent(t -> System.out.printf(
                "MEASURE: guest JVM start to main = %d ms%n", Duration.between(t, Instant.now()).toMillis()));
        long t0 = System.nanoTime();
        try {
            System.out.println("guest kernel " + Cmd.ok("uname", "-r").strip());
            try (NetLab lab = NetLab.start(3)) {
                // the agent first: on a fresh node nothing has loaded the legacy iptables module yet
                new GuestClusteripAgent(out, lab).run();
                new GuestMigrateCommand(out, lab).run();
            }
        } catch (Throwable t) {
            out.fail("unexpected", t);
        }
        GuestReport.measure("whole guest user-path check", t0);
        System.out.println(out.failures().isEmpty() ? "GUEST-CHECK: all passed" : "GUEST-CHECK: failed: " + out.failures());
        System.out.flush();
        System.exit(out.failures().isEmpty() ? 0 : 1);
    }
}
