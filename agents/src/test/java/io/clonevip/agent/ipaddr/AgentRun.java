package io.clonevip.agent.ipaddr;

import io.clonevip.nativ.NetNs;
import io.clonevip.ocf.OcfAgent;
import io.clonevip.ocf.OcfMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** One in-process action of an agent through {@link OcfMain#run}, inside a network namespace. */
record AgentRun(int rc, String out, String err) {

    static AgentRun in(String netns, OcfAgent agent, Map<String, String> env, String action) throws Exception {
        return NetNs.call(netns, () -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int rc;
            try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                 PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                rc = OcfMain.run(agent, new String[] {action}, env, o, e);
            }
            return new AgentRun(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        });
    }

    List<String> exitReasons() {
        return err.lines().filter(l -> l.startsWith("ocf-exit-reason:")).map(l -> l.substring(16)).toList();
    }

    @Override
    public String toString() {
        return "rc=" + rc + " stderr:\n" + err;
    }
}
