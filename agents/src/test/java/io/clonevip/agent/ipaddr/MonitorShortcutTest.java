package io.clonevip.agent.ipaddr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clonevip.cluster.ClusterRuleset;
import io.clonevip.testing.Cmd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The monitor shortcut {@code IPaddr3-monitor.sh} (real sh, ip and nft in the namespace)
 * against the JVM's monitor in the same kernel states: where it answers, it answers as the
 * JVM does; where it is unsure (no start record, changed parameters, partial state) it leaves
 * the answer to the JVM (here: exit 99 after sourcing).
 */
class MonitorShortcutTest {
    private static final int FELL_BACK = 99;
    private VipNetns lab;
    private Path rscTmp;
    private IPaddr3 agent;

    @BeforeEach
    void lab() throws Exception {
        lab = VipNetns.create("ip3fast");
        rscTmp = Files.createTempDirectory("clonevip-ipaddr3-fast-");
        agent = new IPaddr3(env -> new RecordingPublisher());
    }

    @AfterEach
    void teardown() throws Exception {
        lab.close();
        try (Stream<Path> all = Files.walk(rscTmp)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private int shortcut(Map<String, String> env) throws Exception {
        Path script = Path.of(IPaddr3.class.getResource("IPaddr3-monitor.sh").toURI());
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", lab.name(), "env", "-i",
                "PATH=/usr/sbin:/usr/bin:/sbin:/bin"));
        env.forEach((k, v) -> argv.add(k + "=" + v));
        argv.addAll(List.of("sh", "-c", ". \"$0\"; exit " + FELL_BACK, script.toString()));
        Cmd c = Cmd.run(30, argv.toArray(String[]::new));
        assertEquals("", c.err(), "the shortcut prints nothing");
        return c.exit();
    }

    private int jvm(Map<String, String> env) throws Exception {
        return AgentRun.in(lab.name(), agent, env, "monitor").rc();
    }

    /** The shortcut answers {@code expected}, and so does the JVM. */
    private void answers(int expected, Map<String, String> env) throws Exception {
        assertEquals(expected, shortcut(env), "shortcut");
        assertEquals(expected, jvm(env), "JVM");
    }

    private void fallsBack(int jvmAnswer, Map<String, String> env) throws Exception {
        assertEquals(FELL_BACK, shortcut(env), "shortcut must leave it to the JVM");
        assertEquals(jvmAnswer, jvm(env), "JVM");
    }

    @Test
    void singleVip() throws Exception {
        Map<String, String> env = VipNetns.single("fs", rscTmp.toString());
        fallsBack(7, env); // never started here: no record
        assertEquals(0, AgentRun.in(lab.name(), agent, env, "start").rc());
        answers(0, env);
        lab.ns.ip("addr", "del", VipNetns.VIP + "/24", "dev", VipNetns.NIC);
        answers(7, env);
        env.put("OCF_RESKEY_arp_count", "2"); // parameters changed since start
        fallsBack(7, env);
        env.put("OCF_RESKEY_arp_count", "1");
        assertEquals(0, AgentRun.in(lab.name(), agent, env, "start").rc());
        assertEquals(0, AgentRun.in(lab.name(), agent, env, "stop").rc());
        fallsBack(7, env); // stop removed the record
    }

    @Test
    void cloneInstances() throws Exception {
        Map<String, String> i0 = VipNetns.clone("fc", rscTmp.toString(), 0, 3);
        Map<String, String> i1 = VipNetns.clone("fc", rscTmp.toString(), 1, 3);
        Map<String, String> i2 = VipNetns.clone("fc", rscTmp.toString(), 2, 3);
        assertEquals(0, AgentRun.in(lab.name(), agent, i0, "start").rc());
        assertEquals(0, AgentRun.in(lab.name(), agent, i1, "start").rc());
        answers(0, i0);
        answers(0, i1);
        fallsBack(7, i2); // never started here
        lab.ns.execOk("nft", "delete", "element", "inet", "clonevip_198_51_100_100", ClusterRuleset.SET_LOCAL, "{ 2 }");
        answers(7, i1); // bucket gone while the node serves bucket 1
        answers(0, i0);
        assertEquals(0, AgentRun.in(lab.name(), agent, i1, "start").rc());
        answers(0, i1);
        lab.ns.ip("maddr", "del", "01:00:5e:33:64:64", "dev", VipNetns.NIC);
        fallsBack(1, i0); // partial: the JVM names what is missing
        assertEquals(0, AgentRun.in(lab.name(), agent, i0, "start").rc());
        answers(0, i0);
        lab.ns.execOk("nft", "delete", "table", "arp", "clonevip_198_51_100_100");
        fallsBack(1, i0);
        assertEquals(0, AgentRun.in(lab.name(), agent, i0, "start").rc());
        lab.ns.ip("addr", "del", VipNetns.VIP + "/24", "dev", VipNetns.NIC);
        fallsBack(1, i1);
        assertEquals(0, AgentRun.in(lab.name(), agent, i1, "start").rc());
        answers(0, i1);
        i0.put("OCF_RESKEY_clusterip_hash", "sourceip");
        fallsBack(1, i0); // changed configuration: the JVM compares the spec
        i0.remove("OCF_RESKEY_clusterip_hash");
        lab.ns.execOk("nft", "delete", "table", "inet", "clonevip_198_51_100_100");
        answers(7, i0); // no ruleset at all
        assertEquals(0, AgentRun.in(lab.name(), agent, i0, "stop").rc());
        assertEquals(0, AgentRun.in(lab.name(), agent, i1, "stop").rc());
        fallsBack(7, i0);
    }
}
