package io.clonevip.agent.mysql;

import io.clonevip.pacemaker.ChildEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Writes attributes with {@code attrd_updater -n NAME -U VALUE [-N NODE]}, or with dampening
 * {@code attrd_updater -n NAME -B VALUE -d DAMPEN [-N NODE]} ({@code -U} would ignore {@code -d}), i.e.
 * transient attributes through pacemaker-attrd. Only attribute names and values are on the
 * command line (never a secret), and the child's environment is {@link ChildEnvironment}'s: not the
 * daemon's, which holds the resource's parameters and its password.
 */
public final class AttrdUpdaterSink implements AttributeSink {
    private static final long TIMEOUT_SECONDS = 10;
    private final String command;
    private final Duration dampen;

    public AttrdUpdaterSink(String command, Duration dampen) {
        this.command = command;
        this.dampen = dampen;
    }

    public AttrdUpdaterSink(Duration dampen) {
        this("attrd_updater", dampen);
    }

    @Override
    public void write(String node, String name, String value) throws IOException {
        // -U ignores -d (Pacemaker 2.1.5 writes the CIB at once); -B applies the dampening
        List<String> argv = new ArrayList<>(List.of(command, "-n", name, dampen.isZero() ? "-U" : "-B", value));
        if (!dampen.isZero()) {
            argv.add("-d");
            argv.add(DurationParameter.show(dampen));
        }
        if (node != null) {
            argv.add("-N");
            argv.add(node);
        }
        Process p = ChildEnvironment.apply(new ProcessBuilder(argv)).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(command + " interrupted");
        }
        if (p.exitValue() != 0) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            throw new IOException(command + " -n " + name + " exited " + p.exitValue() + (out.isEmpty() ? "" : ": " + out));
        }
    }
}
