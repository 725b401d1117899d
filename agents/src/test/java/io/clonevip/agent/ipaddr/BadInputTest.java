package io.clonevip.agent.ipaddr;

import io.clonevip.testkit.net.VipNetns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every parameter with invalid values (table {@code bad-inputs.tsv}): validate-all and start
 * exit 6 (ERR_CONFIGURED) with exactly one exit reason naming the parameter, the same one for
 * both, stop succeeds (0, no exit reason: Pacemaker would otherwise block the resource or fence
 * the node over a typo), a probe says 7, and the namespace's kernel state (addresses, ruleset,
 * multicast) is unchanged.
 */
class BadInputTest {
    private static VipNetns lab;

    record Row(int line, String mode, Map<String, String> settings, int rc, String named) {
    }

    @BeforeAll
    static void lab() throws IOException {
        lab = VipNetns.create("ip3bad");
    }

    @AfterAll
    static void teardown() throws IOException {
        lab.close();
    }

    static List<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        try (InputStream in = BadInputTest.class.getResourceAsStream("bad-inputs.tsv")) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i);
                if (l.isBlank() || l.startsWith("#")) {
                    continue;
                }
                String[] f = l.split("\t");
                Map<String, String> settings = new java.util.LinkedHashMap<>();
                for (String kv : f[1].split(";")) {
                    int eq = kv.indexOf('=');
                    settings.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
                rows.add(new Row(i + 1, f[0], settings, Integer.parseInt(f[2]), f[3]));
            }
        }
        return rows;
    }

    @Test
    void everyBadValueIsRefusedNamingItsParameterAndChangesNothing() throws Exception {
        List<Row> rows = rows();
        assertTrue(rows.size() >= 50, "table read: " + rows.size());
        IPaddr3 agent = new IPaddr3(env -> new RecordingPublisher());
        KernelSnapshot before = KernelSnapshot.of(lab.ns);
        List<String> failures = new ArrayList<>();
        for (Row row : rows) {
            Map<String, String> env = row.mode().equals("clone")
                    ? VipNetns.clone("bad", lab.rscTmp().toString(), 0, 3) : VipNetns.single("bad", lab.rscTmp().toString());
            row.settings().forEach((k, v) -> env.put("OCF_RESKEY_" + k, v));
            List<String> reasons = new ArrayList<>();
            for (String action : List.of("validate-all", "start")) {
                AgentRun r = AgentRun.in(lab.name(), agent, env, action);
                String where = "line " + row.line() + " " + row.settings() + " " + action + ": ";
                if (r.rc() != row.rc()) {
                    failures.add(where + "rc " + r.rc() + " " + r.err());
                } else if (r.exitReasons().size() != 1 || !r.exitReasons().getFirst().contains("'" + row.named() + "'")) {
                    failures.add(where + "reason " + r.exitReasons());
                }
                reasons.add(String.join("|", r.exitReasons()));
            }
            if (!reasons.get(0).equals(reasons.get(1))) {
                failures.add("line " + row.line() + " validate-all and start word it differently: " + reasons);
            }
            AgentRun stop = AgentRun.in(lab.name(), agent, env, "stop");
            if (stop.rc() != 0 || !stop.exitReasons().isEmpty()) {
                failures.add("line " + row.line() + " " + row.settings() + " stop: " + stop);
            }
            AgentRun probe = AgentRun.in(lab.name(), agent, VipNetns.probe(env), "monitor");
            if (probe.rc() != 7) {
                failures.add("line " + row.line() + " probe: " + probe);
            }
            KernelSnapshot after = KernelSnapshot.of(lab.ns);
            if (!after.equals(before)) {
                failures.add("line " + row.line() + " changed the kernel state:\n" + before + "\n->\n" + after);
                before = after;
            }
        }
        assertEquals(List.of(), failures);
    }
}
