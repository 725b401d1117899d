package io.clonevip.clusterip.save;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Reads what the installed iptables-save really prints (quoting, counters, user chains), in a
 * network namespace this test creates and deletes. The kernel here (6.18) has no CLUSTERIP any
 * more, so the CLUSTERIP line (in the format libipt_CLUSTERIP's save function prints) is inserted
 * into the real output.
 */
class RealIptablesSaveTest {
    private static final String CLUSTERIP = "[5:300] -A INPUT -d 198.51.100.100/32 -i eth0 -j CLUSTERIP --new --hashmode"
            + " sourceip-sourceport --clustermac 01:00:5E:91:18:86 --total-nodes 3 --local-node 2 --hash-init 0";

    @Test
    void parsesRealIptablesSaveOutput() throws Exception {
        String ns = "cvmig-" + ProcessHandle.current().pid() + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt());
        sh("ip", "netns", "add", ns);
        try {
            String rules = """
                    *mangle
                    -A PREROUTING -i lo -p tcp --dport 3306 -j MARK --set-mark 16
                    COMMIT
                    *filter
                    :f2b-sshd - [0:0]
                    -A INPUT -p tcp --dport 3306 -m comment --comment "mysql \\"clients\\" here" -j ACCEPT
                    -A INPUT -m comment --comment "galera group" -s 198.51.100.0/24 -j f2b-sshd
                    -A f2b-sshd -s 203.0.113.66 -j REJECT
                    COMMIT
                    """;
            run(rules, "ip", "netns", "exec", ns, "iptables-restore");
            String saved = run(null, "ip", "netns", "exec", ns, "iptables-save", "-c");
            assertTrue(saved.contains("--comment \"mysql \\\"clients\\\" here\""), saved);
            String withCip = saved.replace(":f2b-sshd - [0:0]\n", ":f2b-sshd - [0:0]\n" + CLUSTERIP + "\n");
            IptablesSave s = IptablesSaveParser.parse("real", withCip);
            assertEquals(List.of("mangle", "filter"), s.tables());
            assertEquals(4, s.otherRules());
            assertEquals(1, s.rules().size());
            assertEquals(List.of(2), s.rules().get(0).rule().target().localNodes());
            assertEquals("01:00:5E:91:18:86", s.rules().get(0).rule().target().clusterMac());
        } finally {
            sh("ip", "netns", "del", ns);
        }
    }

    private static void sh(String... cmd) throws IOException, InterruptedException {
        run(null, cmd);
    }

    private static String run(String stdin, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", cmd) + ": timed out");
        }
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + out);
        return out;
    }
}
