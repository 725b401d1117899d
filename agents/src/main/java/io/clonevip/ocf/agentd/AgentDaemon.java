package io.clonevip.ocf.agentd;

import io.clonevip.cluster.DesiredStates;
import io.clonevip.ocf.OcfMain;
import io.clonevip.ocf.Resident;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code clonevip-agentd}: the resident per-node helper of the OCF entry scripts. One JVM per
 * node (root) runs the actions of allowed agents (IPaddr3 by default; never mysql_monitor) in
 * process, each in a thread of its own with the client's environment and captured output, so
 * that an action costs the work of the action and not a JVM start. The entry script talks to it
 * through named pipes in {@code --run-dir} and runs the action in a JVM of its own whenever the
 * daemon is absent, dead, of another build, or refuses (see docs/developer/ocf-framework.md, "agentd").
 *
 * <p>It serves the network, user and mount namespaces it runs in, and only root clients that
 * hold at least its own effective capabilities; other clients are refused. An action whose
 * client dies is interrupted ({@link ClientWatch}). Stop it
 * with SIGTERM: it withdraws (clients then run in-process), finishes the actions it accepted,
 * refuses what is still queued, and exits.
 */
public final class AgentDaemon {
    /** How long a stop waits for accepted actions to finish. */
    private static final long DRAIN_SECONDS = 60;
    private static final long SWEEP_EVERY_MS = 60_000;

    private AgentDaemon() {
    }

    public static void main(String[] args) {
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int rc;
        try {
            DaemonOptions options = DaemonOptions.parse(args);
            rc = run(options, new DaemonLog(err, options.verbose()));
        } catch (DaemonException e) {
            err.println("clonevip-agentd: " + e.getMessage());
            rc = e.exitCode();
        }
        System.exit(rc);
    }

    /** Serves until the request pipe fails or the JVM stops; returns the exit status. */
    static int run(DaemonOptions options, DaemonLog log) {
        String build;
        try {
            build = BuildId.of(options.libDir());
        } catch (IOException e) {
            throw new DaemonException("cannot fingerprint " + options.libDir() + "/lib: " + e.getMessage(), 5);
        }
        Resident.enable(); // what actions leave for later runs here, not in a JVM of its own
        ProcStatus self;
        try {
            self = ProcStatus.self();
        } catch (IOException e) {
            throw new DaemonException("cannot read its own credentials: " + e.getMessage(), 5);
        }
        for (String agent : options.allowed()) {
            warmUp(agent);
        }
        RunDir runDir;
        RequestPipe pipe;
        try {
            runDir = RunDir.claim(options.runDir());
        } catch (IOException e) {
            throw new DaemonException("cannot use " + options.runDir() + ": " + e.getMessage(), 1);
        }
        AtomicBoolean stopping = new AtomicBoolean();
        AtomicInteger inFlight = new AtomicInteger();
        try {
            pipe = RequestPipe.open(runDir.requestPipe());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(runDir, stopping, inFlight, log)));
            runDir.publish(ProcessHandle.current().pid(), build);
        } catch (IOException e) {
            runDir.close();
            throw new DaemonException("cannot start: " + e.getMessage(), 1);
        }
        log.info("serving " + String.join(", ", options.allowed()) + " on " + options.runDir() + ", build " + build
                + ", pid " + ProcessHandle.current().pid() + ", " + netns() + ", capabilities " + ProcStatus.hex(self.effectiveCaps()));
        RulesetKeeper keeper = RulesetKeeper.start(DesiredStates.root(System.getenv()), log); // coexisting with the host's firewall
        RequestHandler handler = new RequestHandler(runDir, build, options.allowed(), self, log);
        long[] lastSweep = {System.currentTimeMillis()};
        try (pipe) {
            pipe.readLines(line -> {
                var req = Request.parse(line);
                if (req.isEmpty()) {
                    log.info("ignored a malformed request line");
                    return;
                }
                inFlight.incrementAndGet();
                boolean refuse = stopping.get();
                Thread.ofPlatform().name("agentd-" + req.get().pid()).start(() -> {
                    try {
                        handler.serve(req.get(), refuse ? "daemon stopping" : null);
                    } finally {
                        inFlight.decrementAndGet();
                    }
                });
                long now = System.currentTimeMillis();
                if (now - lastSweep[0] > SWEEP_EVERY_MS) {
                    lastSweep[0] = now;
                    runDir.sweep();
                }
            });
        } catch (IOException e) {
            log.info("request pipe failed: " + e.getMessage());
            return 1;
        } finally {
            keeper.close();
        }
        return 0;
    }

    /** Shutdown hook: no new clients, queued ones refused, accepted ones finished. */
    private static void stop(RunDir runDir, AtomicBoolean stopping, AtomicInteger inFlight, DaemonLog log) {
        runDir.withdraw();
        stopping.set(true);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DRAIN_SECONDS);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                break;
            }
        }
        runDir.close();
        log.info("stopped" + (inFlight.get() > 0 ? " with " + inFlight.get() + " actions unfinished" : ""));
    }

    /** Loads the agent's classes and the dispatcher before the first client waits for them. */
    private static void warmUp(String agentClass) {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        int rc = OcfMain.run(agentClass, new String[] {"meta-data"}, Map.of(), sink, sink);
        if (rc != 0) {
            throw new DaemonException("cannot load agent " + agentClass + " (meta-data exit " + rc + ")", 5);
        }
        OcfMain.run(agentClass, new String[] {"validate-all"}, Map.of(), sink, sink); // fails: no parameters
    }

    private static String netns() {
        try {
            return "netns " + Files.readSymbolicLink(Path.of("/proc/self/ns/net"));
        } catch (IOException e) {
            return "netns unknown";
        }
    }
}
