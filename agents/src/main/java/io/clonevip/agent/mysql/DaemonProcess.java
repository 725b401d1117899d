package io.clonevip.agent.mysql;

import io.clonevip.pacemaker.ChildEnvironment;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The resident {@link MonitorDaemon} of one instance, as the actions see it from outside: found
 * through its pid file and confirmed in {@code /proc} (alive, no zombie, its command line names
 * the daemon's main class: a reused PID is not it), launched detached, ended.
 */
final class DaemonProcess {
    static final String MAIN_CLASS = MonitorDaemon.class.getName();
    /** A small resident footprint: the daemon keeps one connection and checks once per poll_interval. */
    private static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
            "-Xmx32m", "-XX:MaxMetaspaceSize=48m", "-XX:-UsePerfData", "-Xlog:disable", "-Xlog:all=warning:stderr",
            "--enable-native-access=ALL-UNNAMED");
    private static final long POLL_MS = 100;

    private DaemonProcess() {
    }

    /** The PID of this instance's daemon, if it runs. */
    static Optional<Long> running(MonitorFiles files) {
        return files.recordedPid().filter(DaemonProcess::isDaemon);
    }

    /** Whether PID {@code pid} is a daemon of ours: alive, not a zombie, running the daemon's main class. */
    static boolean isDaemon(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.ISO_8859_1);
            int close = stat.lastIndexOf(')');
            if (close < 0 || close + 2 >= stat.length() || stat.charAt(close + 2) == 'Z') {
                return false;
            }
            byte[] cmdline = Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"));
            return new String(cmdline, StandardCharsets.ISO_8859_1).contains(MAIN_CLASS);
        } catch (IOException e) {
            return false; // gone
        }
    }

    /**
     * Starts the daemon detached (its own session: {@code setsid}) with the JVM and class path of
     * this process, stdin from /dev/null, stdout and stderr appended to the instance's log. The
     * environment is the action's ({@code env}, the password with it): the daemon's only way to
     * get its parameters, never its command line.
     */
    static Process launch(Map<String, String> env, MonitorFiles files) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        List<String> argv = new ArrayList<>(List.of(tool("setsid"), java));
        argv.addAll(JVM_OPTIONS);
        argv.addAll(List.of("-cp", System.getProperty("java.class.path"), MAIN_CLASS));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(new File("/dev/null"))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(files.log().toFile())).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().putIfAbsent("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        return pb.start();
    }

    /**
     * Ends daemon {@code pid}: SIGTERM, and SIGCONT so that a stopped (SIGSTOPped) one handles
     * it (its shutdown hook sets both attributes to 0 and removes its files); waits up to
     * {@code grace} for the process itself, then SIGKILL and up to 2 s more. False when it is
     * still there.
     */
    static boolean end(long pid, Duration grace) throws InterruptedException {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty()) {
            return true;
        }
        handle.get().destroy();
        signal("-CONT", pid);
        if (gone(pid, grace)) {
            return true;
        }
        handle.get().destroyForcibly();
        return gone(pid, Duration.ofSeconds(2));
    }

    /** Polls until {@code pid} is no daemon of ours any more; false when it still is after {@code within}. */
    private static boolean gone(long pid, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (isDaemon(pid)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(POLL_MS); // the process's end has no event to wait on for a non-child
        }
        return true;
    }

    /** util-linux's or procps' {@code name} by its absolute path (the child's PATH is not searched). */
    private static String tool(String name) {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return name;
    }

    /** kill(1) with {@code signal}: Java signals only TERM and KILL. Its result is not needed. */
    private static void signal(String signal, long pid) throws InterruptedException {
        try {
            ChildEnvironment.apply(new ProcessBuilder(tool("kill"), signal, Long.toString(pid)))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException e) {
            // no kill(1): a stopped daemon gets SIGKILL after the grace period
        }
    }
}
