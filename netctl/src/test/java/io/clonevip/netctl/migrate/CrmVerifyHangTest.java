package io.clonevip.netctl.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.netctl.Cli;
import io.clonevip.netctl.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code netctl migrate --cib} with a crm_verify that hangs (a stand-in first on PATH, in a child
 * JVM): it is stopped at --verify-timeout with what it started, and nothing is written.
 */
class CrmVerifyHangTest {
    @TempDir
    Path dir;

    @Test
    void hungCrmVerifyIsStoppedAndNothingIsWritten() throws Exception {
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Path fake = bin.resolve("crm_verify");
        // it starts a child that keeps its output open, as a hung crm_verify's helpers would
        Files.writeString(fake, "#!/bin/sh\necho $$ > " + dir + "/crm_verify.pid\n"
                + "sleep 30 &\necho $! > " + dir + "/sleep.pid\nwait\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path work = Files.createDirectory(dir.resolve("work"));
        Path in = MigrateRun.copy("blog-ipaddr3.cib.xml", work);

        long t0 = System.nanoTime();
        Cli r = Cli.child(List.of("env", "PATH=" + bin + ":" + System.getenv("PATH")),
                "migrate", "--cib", in.toString(), "--verify-timeout", "1");
        long seconds = Duration.ofNanos(System.nanoTime() - t0).toSeconds();

        assertEquals(ExitCodes.FAILURE, r.exit(), r.toString());
        assertEquals("netctl: crm_verify -x did not finish within 1 s and was stopped (--verify-timeout sets the limit);"
                + " nothing written\n", r.err(), r.toString());
        assertEquals("", r.out(), r.toString());
        assertTrue(seconds < 20, "returned after " + seconds + " s, not when the hung crm_verify ended");
        assertEquals(List.of("blog-ipaddr3.cib.xml"), MigrateRun.list(work), "nothing written, no temporary left");
        for (String f : List.of("crm_verify.pid", "sleep.pid")) {
            long pid = Long.parseLong(Files.readString(dir.resolve(f)).strip());
            Optional<ProcessHandle> left = ProcessHandle.of(pid);
            if (left.isPresent()) left.get().onExit().get(5, TimeUnit.SECONDS); // else it is gone already
        }
    }

    @Test
    void verifyTimeoutIsCheckedAndGoesWithCib() {
        Cli zero = Cli.run("migrate", "--cib", MigrateRun.fixture("blog-ipaddr3.cib.xml"), "--verify-timeout", "0");
        assertEquals(ExitCodes.USAGE, zero.exit(), zero.err());
        assertTrue(zero.err().contains("--verify-timeout 0 is outside 1..3600"), zero.err());
        Cli iptables = Cli.run("migrate", "--from-iptables-save",
                MigrateRun.fixture("two-vips-counters.iptables-save"), "--verify-timeout", "5");
        assertEquals(ExitCodes.USAGE, iptables.exit(), iptables.err());
        assertTrue(iptables.err().contains("--verify-timeout go with --cib"), iptables.err());
    }
}
