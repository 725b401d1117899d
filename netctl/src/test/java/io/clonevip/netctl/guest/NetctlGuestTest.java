package io.clonevip.netctl.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The user-facing CLUSTERIP paths on a kernel that still has CLUSTERIP: boots Debian's 6.1 kernel
 * under qemu ({@code lab/oldkernel/run-guest.sh}, TCG) ONCE and runs {@link GuestUserPaths} in it
 * with this module's test class path (netctl, lab, agents, nft-cluster-match and the Maven
 * dependencies; the host root is the guest's root, read-only): {@code netctl migrate --apply
 * [--keep-connections]} on a live CLUSTERIP cluster and {@code IPaddr3 backend=clusterip}.
 * Skipped only when the machine has no {@code /dev/kvm} at all (as nft-cluster-match's ClusterIpGuestTest).
 */
class NetctlGuestTest {
    private static final long LIMIT_SECONDS = 600;

    @Test
    void userPathsOnDebian61Kernel() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/kvm")),
                "no /dev/kvm on this machine: the old-kernel guest (lab/oldkernel) is not run");
        Path script = repoRoot().resolve("lab/oldkernel/run-guest.sh");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String e : cp.split(File.pathSeparator)) {
            assertTrue(Path.of(e).isAbsolute(), "class path entries must be absolute (the guest's cwd differs): " + e);
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = Path.of("target", "guest-netctl.log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(List.of(script.toString(),
                java.toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-Xshare:auto",
                "--enable-native-access=ALL-UNNAMED", "-cp", cp, GuestUserPaths.class.getName()));
        pb.environment().put("CLONEVIP_GUEST_TIMEOUT", Long.toString(LIMIT_SECONDS - 30));
        long t0 = System.nanoTime();
        Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        boolean done = p.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(out);
        System.out.printf("NetctlGuestTest: %.1f s including the boot%n", (System.nanoTime() - t0) / 1e9);
        assertTrue(done, "guest run did not end within " + LIMIT_SECONDS + " s; log: " + log);
        assertFalse(out.contains("FAIL: "), "failed checks in the guest; log: " + log);
        assertTrue(out.contains("GUEST-CHECK: all passed"), "guest check did not report success; log: " + log);
        for (String part : List.of("PASS: keep-connections: ", "PASS: plain: all nodes on nft's own hash: ",
                "PASS: IPaddr3 backend=clusterip, buckets 1,2 on node 1 and 3 on node 2: ", "PASS: backend=auto on ")) {
            assertTrue(out.contains(part), "part did not run: " + part + "; log: " + log);
        }
        assertEquals(0, p.exitValue(), "guest exit status; log: " + log);
    }

    private static Path repoRoot() {
        Path d = Path.of("").toAbsolutePath();
        while (d != null && !Files.exists(d.resolve("lab/oldkernel/run-guest.sh"))) d = d.getParent();
        if (d == null) throw new IllegalStateException("lab/oldkernel/run-guest.sh not found above " + Path.of("").toAbsolutePath());
        return d;
    }
}
