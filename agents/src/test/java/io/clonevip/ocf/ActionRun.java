package io.clonevip.ocf;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** One in-process run of {@link OcfMain}: exit status, stdout and stderr. */
record ActionRun(int rc, String out, String err) {

    static ActionRun of(OcfAgent agent, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            rc = OcfMain.run(agent, args, env, o, e);
        }
        return new ActionRun(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The lines of stderr that carry an exit reason. */
    List<String> exitReasons() {
        return err.lines().filter(l -> l.contains(OcfMain.EXIT_REASON)).toList();
    }

    /** The single exit reason's text; fails unless there is exactly one. */
    String exitReason() {
        List<String> r = exitReasons();
        if (r.size() != 1 || !r.getFirst().startsWith(OcfMain.EXIT_REASON)) {
            throw new AssertionError("expected exactly one exit reason line, stderr was:\n" + err);
        }
        return r.getFirst().substring(OcfMain.EXIT_REASON.length());
    }
}
