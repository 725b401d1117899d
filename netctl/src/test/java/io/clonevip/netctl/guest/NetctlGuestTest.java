package io.clonevip.netctl.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clonevip.testkit.guest.GuestRun;
import io.clonevip.testkit.guest.OldKernelGuest;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The user-facing CLUSTERIP paths on a kernel that still has CLUSTERIP: runs {@link GuestUserPaths}
 * in the old-kernel guest ({@link OldKernelGuest}, ONE boot) with this module's test class path
 * (netctl, lab, agents, nft-cluster-match and the Maven dependencies): {@code netctl migrate
 * --apply [--keep-connections]} on a live CLUSTERIP cluster and {@code IPaddr3 backend=clusterip}.
 * Skipped only when the machine has no {@code /dev/kvm} at all.
 */
class NetctlGuestTest {

    @Test
    void userPathsOnDebian61Kernel() throws Exception {
        Assumptions.assumeTrue(OldKernelGuest.available(), OldKernelGuest.UNAVAILABLE);
        GuestRun run = OldKernelGuest.run("guest-netctl.log", OldKernelGuest.testClassPath(), GuestUserPaths.class.getName());
        assertEquals(List.of(), run.problems("PASS: keep-connections: ", "PASS: plain: all nodes on nft's own hash: ",
                "PASS: IPaddr3 backend=clusterip, buckets 1,2 on node 1 and 3 on node 2: ", "PASS: backend=auto on "));
    }
}
