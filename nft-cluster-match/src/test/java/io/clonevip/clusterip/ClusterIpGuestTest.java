package io.clonevip.clusterip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clonevip.nativ.Syscalls;
import io.clonevip.testkit.guest.GuestRun;
import io.clonevip.testkit.guest.OldKernelGuest;
import io.clonevip.testkit.net.TestNetns;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * CLUSTERIP on a kernel that still has it: runs {@link GuestClusterIpCheck} in the old-kernel
 * guest ({@link OldKernelGuest}) with this build's classes, in ONE boot: the backend checks,
 * CLUSTERIP traffic, CLUSTERIP vs the clusterip-compatible nft ruleset
 * ({@link GuestCompatEquivalence}) and the rolling migration ({@link GuestRollingMigration}).
 * Skipped only when the machine has no {@code /dev/kvm} at all.
 */
class ClusterIpGuestTest {

    @Test
    void clusterIpOnDebian61Kernel() throws Exception {
        Assumptions.assumeTrue(OldKernelGuest.available(), OldKernelGuest.UNAVAILABLE);
        List<String> cp = List.of(location(GuestClusterIpCheck.class), location(ClusterIpLegacyBackend.class),
                location(Syscalls.class), location(TestNetns.class));
        GuestRun run = OldKernelGuest.run("guest-clusterip.log", cp, GuestClusterIpCheck.class.getName(), "--traffic", "--compat");
        assertEquals(List.of(), run.problems("PASS: equivalence: ", "PASS: rolling migration: "));
    }

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
