package io.clonevip.ocf.agentd;

import io.clonevip.ocf.OcfExitCode;
import io.clonevip.ocf.OcfMain;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Serves one request: opens the client's reply pipe (only if the client still reads it),
 * checks it may serve it, claims it, runs the action in this process with the client's
 * environment and its own captured stdout/stderr, and sends output and exit status.
 *
 * <p>Refused (nothing ran, the client runs the action itself): another build, an agent
 * not allowed, a client that is not root, not in this network namespace, or whose identity or
 * environment cannot be read. Claiming is removing the reply pipe's name: the client removes it
 * to give up, so exactly one side wins and an action never runs twice. Environment values are
 * never logged; the log names pid, agent, action, result.
 */
final class RequestHandler {
    private final RunDir runDir;
    private final String build;
    private final Set<String> allowed;
    private final DaemonLog log;

    RequestHandler(RunDir runDir, String build, Set<String> allowed, DaemonLog log) {
        this.runDir = runDir;
        this.build = build;
        this.allowed = allowed;
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
            ClientProcess client = new ClientProcess(req.pid());
            String refusal = forcedRefusal != null ? forcedRefusal : refusal(req, client, reply);
            Map<String, String> env = null;
            if (refusal == null) {
                try {
                    env = client.environment();
                } catch (IOException e) {
                    refusal = "cannot read the client's environment";
                }
            }
            if (refusal != null) {
                log.info("refused pid " + req.pid() + " " + req.action() + ": " + refusal);
                send(reply, ReplyFrames.refused(refusal), req);
                unclaim(req);
                return;
            }
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

    private String refusal(Request req, ClientProcess client, Fifo reply) {
        if (!build.equals(req.build())) {
            return "daemon runs build " + build + ", client is " + req.build();
        }
        if (!allowed.contains(req.agentClass())) {
            return "agent " + req.agentClass() + " not served";
        }
        if (!client.holds(reply)) {
            return "client identity not confirmed";
        }
        if (!client.isRoot()) {
            return "client is not root";
        }
        if (!client.sharesNetns()) {
            return "client in another network namespace";
        }
        return null;
    }

    private void run(Request req, Map<String, String> env, Fifo reply) {
        long t0 = System.nanoTime();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc;
        try (PrintStream o = new PrintStream(out, false, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, false, StandardCharsets.UTF_8)) {
            rc = OcfMain.run(req.agentClass(), new String[] {req.action()}, env, o, e);
        } catch (Throwable t) { // OcfMain.run never throws; an Error (OOM) still gets an answer
            rc = OcfExitCode.ERR_GENERIC.code();
            err.writeBytes(("ocf-exit-reason:clonevip-agentd: " + t.getClass().getSimpleName() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        boolean delivered = send(reply, ReplyFrames.result(out.toByteArray(), err.toByteArray(), rc), req);
        log.debug("served pid " + req.pid() + " " + simpleName(req.agentClass()) + " " + req.action() + " rc=" + rc
                + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms" + (delivered ? "" : " (client gone)"));
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

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
