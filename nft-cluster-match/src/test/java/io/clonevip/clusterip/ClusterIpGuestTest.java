package io.clonevip.clusterip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.nativ.Syscalls;
import io.clonevip.testing.TestNetns;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * CLUSTERIP on a kernel that still has it: boots Debian's 6.1 kernel under qemu
 * ({@code lab/oldkernel/run-guest.sh}, TCG) and runs {@link GuestClusterIpCheck} inside it with
 * this build's classes (the host root is the guest's root, read-only). Skipped only when the
 * machine has no {@code /dev/kvm} at all.
 */
class ClusterIpGuestTest {
    private static final long LIMIT_SECONDS = 480;

    @Test
    void clusterIpOnDebian61Kernel() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/kvm")),
                "no /dev/kvm on this machine: the old-kernel guest (lab/oldkernel) is not run");
        Path script = repoRoot().resolve("lab/oldkernel/run-guest.sh");
        String cp = String.join(File.pathSeparator, List.of(
                location(GuestClusterIpCheck.class), location(ClusterIpLegacyBackend.class),
                location(Syscalls.class), location(TestNetns.class)));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = Path.of("target", "guest-clusterip.log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(List.of(script.toString(),
                java.toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                "--enable-native-access=ALL-UNNAMED", "-cp", cp, GuestClusterIpCheck.class.getName(), "--traffic"));
        pb.environment().put("CLONEVIP_GUEST_TIMEOUT", Long.toString(LIMIT_SECONDS - 30));
        Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        boolean done = p.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(out);
        assertTrue(done, "guest run did not end within " + LIMIT_SECONDS + " s; log: " + log);
        assertFalse(out.contains("FAIL: "), "failed checks in the guest; log: " + log);
        assertTrue(out.contains("GUEST-CHECK: all passed"), "guest check did not report success; log: " + log);
        assertEquals(0, p.exitValue(), "guest exit status; log: " + log);
    }

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static Path repoRoot() {
        Path d = Path.of("").toAbsolutePath();
        while (d != null && !Files.exists(d.resolve("lab/oldkernel/run-guest.sh"))) d = d.getParent();
        if (d == null) throw new IllegalStateException("lab/oldkernel/run-guest.sh not found above " + Path.of("").toAbsolutePath());
        return d;
    }
}
