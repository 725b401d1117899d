package io.clonevip.ocf.agentd;

import io.clonevip.ocf.OcfExitCode;
import io.clonevip.ocf.OcfMain;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Serves one request: opens the client's reply pipe (only if the client still reads it),
 * checks it may serve it, claims it, runs the action in this process with the client's
 * environment and its own captured stdout/stderr, and sends output and exit status.
 *
 * <p>Refused (nothing ran, the client runs the action itself, with its own credentials): another
 * build, an agent not allowed, a client that is not root, lacks any of the daemon's effective
 * capabilities (the daemon never lends them), is in another network or user namespace, sees
 * another root directory or {@code HA_RSCTMP} than the daemon (another mount namespace), or whose
 * identity or environment cannot be read, an action or an environment {@link ResidentPolicy} does
 * not serve (a secret parameter in it); all read through one handle on its {@code /proc/<pid>}
 * ({@link ClientProcess}). The action runs with the fixed {@link #CHILD_PATH}, and is interrupted
 * when its client dies ({@link ClientWatch}). Claiming is removing the reply pipe's name: the client removes it
 * to give up, so exactly one side wins and an action never runs twice. Environment values are
 * never logged; the log names pid, agent, action, result.
 */
final class RequestHandler {
    /**
     * The {@code PATH} of every action, whatever the client's: the tools an action runs
     * (attrd_updater, modprobe) are looked up there, and the daemon's launcher gives its
     * children the same.
     */
    static final String CHILD_PATH = "/usr/sbin:/usr/bin:/sbin:/bin";
    /** Namespaces a client must share with the daemon, with the name a refusal gives them. */
    private static final Map<String, String> NAMESPACES = Map.of("net", "network", "user", "user");
    /**
     * How often the watch of a running action looks for its client's end: one poll(2) slice. The
     * answer waits for the slice in progress when the action ends (ClientWatch.finish), so this
     * is added to every served action's wall time: 100 ms made a 3 ms monitor take 108 ms.
     */
    static final int WATCH_MS = 5;

    private final RunDir runDir;
    private final String build;
    private final Set<String> allowed;
    private final DaemonLog log;
    private final ProcStatus self;

    RequestHandler(RunDir runDir, String build, Set<String> allowed, ProcStatus self, DaemonLog log) {
        this.runDir = runDir;
        this.build = build;
        this.allowed = allowed;
        this.self = self;
        this.log = log;
    }

    /** Serves {@code req}; a non-null {@code forcedRefusal} refuses it with that reason. */
    void serve(Request req, String forcedRefusal) {
        Optional<Fifo> opened;
        try {
            opened = Fifo.openWriter(runDir.replyPipe(req.pid()));
        } catch (IOException e) {
            log.info("request of pid " + req.pid() + ": reply pipe: " + e.getMessage());
            return;
        }
        if (opened.isEmpty()) {
            log.debug("request of pid " + req.pid() + ": client gone");
            return;
        }
        try (Fifo reply = opened.get()) {
            Map<String, String> env = null;
            String refusal = forcedRefusal;
            Optional<ClientProcess> handle = refusal == null ? ClientProcess.open(req.pid()) : Optional.empty();
            if (refusal == null && handle.isEmpty()) {
                refusal = "client identity not confirmed";
            }
            if (refusal == null) {
                try (ClientProcess client = handle.get()) {
                    refusal = refusal(req, client, reply);
                    if (refusal == null) {
                        env = client.environment();
                        refusal = ResidentPolicy.refusal(req.agentClass(), req.action(), env.keySet());
                    }
                    if (refusal == null) {
                        refusal = otherFiles(client, env);
                    }
                    if (refusal == null) {
                        refusal = ResidentPolicy.otherFiles(req.agentClass(), client, env);
                    }
                } catch (IOException e) {
                    refusal = "cannot read the client's credentials or environment";
                }
            }
            if (refusal != null) {
                if (env != null) {
                    env.clear(); // a refused environment is dropped at once, secrets and all
                }
                log.info("refused pid " + req.pid() + " " + simpleName(req.agentClass()) + " " + req.action() + ": " + refusal);
                send(reply, ReplyFrames.refused(refusal), req);
                unclaim(req);
                return;
            }
            env.put("PATH", CHILD_PATH);
            if (!claim(req)) {
                log.debug("request of pid " + req.pid() + ": the client gave up");
                return;
            }
            if (!send(reply, ReplyFrames.accepted(), req)) {
                return; // nothing ran: the client is gone
            }
            run(req, env, reply);
        }
    }

    /** Why {@code client} may not have {@code req} served; null when it may. Reads through one handle. */
    private String refusal(Request req, ClientProcess client, Fifo reply) throws IOException {
        if (!build.equals(req.build())) {
            return "daemon runs build " + build + ", client is " + req.build();
        }
        if (!allowed.contains(req.agentClass())) {
            return "agent " + req.agentClass() + " not served";
        }
        if (!client.holds(reply)) {
            return "client identity not confirmed";
        }
        ProcStatus status = client.status();
        if (!status.root()) {
            return "client is not root";
        }
        long lacking = status.lacking(self);
        if (lacking != 0) {
            return "client lacks capabilities the daemon has (CapEff " + ProcStatus.hex(status.effectiveCaps())
                    + ", missing " + ProcStatus.hex(lacking) + ")";
        }
        for (var ns : NAMESPACES.entrySet()) {
            if (!client.sharesNamespace(ns.getKey())) {
                return "client in another " + ns.getValue() + " namespace";
            }
        }
        return null;
    }

    private void run(Request req, Map<String, String> env, Fifo reply) {
        long t0 = System.nanoTime();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String what = "pid " + req.pid() + " " + simpleName(req.agentClass()) + " " + req.action();
        ClientWatch watch = ClientWatch.start(reply, Thread.currentThread(), WATCH_MS,
                () -> log.info(what + ": client gone during the action; interrupting it"));
        int rc;
        try (PrintStream o = new PrintStream(out, false, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, false, StandardCharsets.UTF_8)) {
            rc = OcfMain.run(req.agentClass(), new String[] {req.action()}, env, o, e);
        } catch (Throwable t) { // OcfMain.run never throws; an Error (OOM) still gets an answer
            rc = OcfExitCode.ERR_GENERIC.code();
            err.writeBytes(("ocf-exit-reason:clonevip-agentd: " + t.getClass().getSimpleName() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        boolean interrupted = watch.finish();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (interrupted) {
            log.info(what + " interrupted: ended with exit " + rc + " after " + ms + " ms; result dropped (client gone)");
            return;
        }
        boolean delivered = send(reply, ReplyFrames.result(out.toByteArray(), err.toByteArray(), rc), req);
        log.debug("served " + what + " rc=" + rc + " in " + ms + " ms" + (delivered ? "" : " (client gone)"));
    }

    /** Takes the reply pipe's name: false when the client removed it first (it gave up). */
    private boolean claim(Request req) {
        try {
            Files.delete(runDir.replyPipe(req.pid()));
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            log.info("request of pid " + req.pid() + ": cannot claim the reply pipe: " + e.getMessage());
            return false;
        }
    }

    private void unclaim(Request req) {
        try {
            Files.deleteIfExists(runDir.replyPipe(req.pid()));
        } catch (IOException e) {
            // the sweep removes it once the client is gone
        }
    }

    private boolean send(Fifo reply, byte[] frames, Request req) {
        try {
            reply.write(frames);
            return true;
        } catch (IOException e) {
            log.debug("reply to pid " + req.pid() + " not delivered: " + e.getMessage());
            return false;
        }
    }

    /**
     * Why the files the action uses would not be the client's; null when they are. A client in
     * another mount namespace is served only if its root directory and its {@code HA_RSCTMP} are
     * the very directories the daemon sees (the unit's sandbox gives the daemon a mount namespace
     * of its own, with the same files); otherwise the start records and locks would be others.
     */
    private static String otherFiles(ClientProcess client, Map<String, String> env) {
        if (!client.sees(Path.of("/"))) {
            return "client has another root directory (chroot or mount namespace)";
        }
        String rscTmp = env.get("HA_RSCTMP");
        if (rscTmp != null && !rscTmp.isEmpty() && !client.sees(Path.of(rscTmp))) {
            return "client's HA_RSCTMP is not the directory the daemon sees there (another mount namespace)";
        }
        return null;
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
