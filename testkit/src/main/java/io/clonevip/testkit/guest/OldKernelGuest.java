package io.clonevip.testkit.guest;

import io.clonevip.testkit.Repo;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The old-kernel guest: boots Debian's 6.1 kernel (which still has CLUSTERIP) under qemu
 * ({@code lab/oldkernel/run-guest.sh}, TCG) with the host root as the guest's root, read-only,
 * and runs ONE Java main class in it with the given class path; the guest powers off when it
 * ends. The guest program reports {@code PASS: ...} / {@code FAIL: ...} lines and
 * {@code GUEST-CHECK: all passed}; {@link GuestRun#problems} turns the log into the test's verdict.
 * Runs only where the machine has {@code /dev/kvm} ({@link #available()}).
 */
public final class OldKernelGuest {
    /** Time limit of one guest run, boot included. */
    public static final Duration LIMIT = Duration.ofSeconds(600);
    /** Why a test is skipped when {@link #available()} is false. */
    public static final String UNAVAILABLE = "no /dev/kvm on this machine: the old-kernel guest (lab/oldkernel) is not run";

    private OldKernelGuest() {
    }

    /** Whether this machine can run the guest. */
    public static boolean available() {
        return Files.exists(Path.of("/dev/kvm"));
    }

    /** The class path of the running test JVM (surefire's), every entry absolute: the guest's cwd differs. */
    public static List<String> testClassPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> entries = new ArrayList<>();
        for (String e : cp.split(File.pathSeparator)) {
            entries.add(Path.of(e).toAbsolutePath().toString());
        }
        return entries;
    }

    /**
     * Boots the guest and runs {@code mainClass args...} with {@code classPath} in it; the guest's
     * console goes to {@code target/<logName>} (and is echoed to stdout when the run ends).
     */
    public static GuestRun run(String logName, List<String> classPath, String mainClass, String... args)
            throws IOException, InterruptedException {
        Path script = Repo.file("lab/oldkernel/run-guest.sh");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = Path.of("target", logName).toAbsolutePath();
        Files.createDirectories(log.getParent());
        List<String> argv = new ArrayList<>(List.of(script.toString(), java.toString(), "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Xmx256m", "-Xshare:auto", "--enable-native-access=ALL-UNNAMED",
                "-cp", String.join(File.pathSeparator, classPath), mainClass));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().put("CLONEVIP_GUEST_TIMEOUT", Long.toString(LIMIT.toSeconds() - 30));
        long t0 = System.nanoTime();
        Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        boolean done = p.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        String out = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(out);
        System.out.printf("%s in the old-kernel guest: %.1f s including the boot%n", mainClass, took.toMillis() / 1e3);
        return new GuestRun(done, done ? p.exitValue() : -1, out, log, took);
    }
}
