package io.clonevip.ocf;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The workload of an AOT cache's training run (JDK 25, {@code -XX:AOTCacheOutput=}):
 * {@code java ... io.clonevip.ocf.AotTraining <agent class> <action>[=<exit code>]...} runs the
 * actions one after the other in this JVM through {@link OcfMain#run(String, String[], Map, PrintStream, PrintStream)},
 * as the entry script's JVM runs one of them, so that the cache holds what start, monitor and stop
 * load and link, not only what validate-all does. A JDK 25 cache records one run; this is how
 * one run sees several actions. Exits 0 when every action ended with its expected code (0 unless
 * given): packaging/build.sh fails on anything else, so a cache is never trained on failures alone.
 * Only {@link #main} exits.
 */
public final class AotTraining {

    private AotTraining() {
    }

    /** One action to run and the exit code it must end with. */
    record Step(String action, int expected) {
        static Step parse(String arg) {
            int eq = arg.indexOf('=');
            if (eq < 0) {
                return new Step(arg, OcfExitCode.SUCCESS.code());
            }
            String code = arg.substring(eq + 1);
            if (!code.matches("[0-9]{1,3}")) {
                throw new IllegalArgumentException("bad exit code in '" + arg + "': expected <action>=<0-255>");
            }
            return new Step(arg.substring(0, eq), Integer.parseInt(code));
        }
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int rc;
        try {
            rc = train(args, System.getenv(), out, err);
        } catch (IllegalArgumentException e) {
            err.println("AotTraining: " + e.getMessage());
            rc = 2;
        }
        out.flush();
        System.exit(rc);
    }

    /** Runs the steps; returns 0 when each ended as expected, else 1 (each difference told on {@code err}). */
    static int train(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: AotTraining <agent class> <action>[=<exit code>]...");
        }
        List<Step> steps = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            steps.add(Step.parse(args[i]));
        }
        int failed = 0;
        for (Step s : steps) {
            int rc = OcfMain.run(args[0], new String[] {s.action()}, env, out, err);
            if (rc != s.expected()) {
                err.println("AotTraining: " + s.action() + " ended with " + rc + ", expected " + s.expected());
                failed++;
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
