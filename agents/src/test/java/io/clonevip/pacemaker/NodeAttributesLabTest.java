package io.clonevip.pacemaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.testkit.pacemaker.PacemakerLab;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link NodeAttributes} against a real one-node Pacemaker cluster: every command runs
 * inside the lab node, the results are checked with attrd_updater -Q and crm_mon's XML.
 */
class NodeAttributesLabTest {

    private static final Duration CIB_DEADLINE = Duration.ofSeconds(15);
    private static PacemakerLab lab;

    @BeforeAll
    static void startLab() {
        lab = PacemakerLab.start(1);
        System.out.printf("TIMING 1-node lab up: %d ms%n", lab.upTime().toMillis());
    }

    @AfterAll
    static void stopLab() {
        if (lab != null) {
            lab.close();
        }
    }

    private static NodeAttributes inNode(AttributeTool tool) {
        return NodeAttributes.using(tool, LabView.runnerIn(lab, 1));
    }

    private static Optional<String> attrdValue(String name) {
        var r = lab.exec(1, "attrd_updater", "-Q", "-n", name, "-N", "node1");
        if (!r.ok()) {
            return Optional.empty();
        }
        String out = r.out();
        int v = out.indexOf("value=\"");
        String value = out.substring(v + 7, out.indexOf('"', v + 7));
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    private static void awaitCib(String name, Optional<String> expected) {
        lab.waitFor(name + " = " + expected + " in the CIB", CIB_DEADLINE,
                () -> LabView.nodeAttribute(lab, 1, name).equals(expected));
    }

    @ParameterizedTest
    @EnumSource(AttributeTool.class)
    void setReadAndDeleteAreSeenByTheCluster(AttributeTool tool) {
        NodeAttributes attributes = inNode(tool);
        String name = "t_" + tool.name().toLowerCase();
        assertEquals(Optional.empty(), attributes.get(name));

        attributes.set(name, "1");
        awaitCib(name, Optional.of("1"));
        assertEquals(Optional.of("1"), attrdValue(name));
        assertEquals(Optional.of("1"), attributes.get(name));

        attributes.forNode("node1").set(name, "two");
        awaitCib(name, Optional.of("two"));
        assertEquals(Optional.of("two"), attributes.forNode("node1").get(name));

        attributes.delete(name);
        awaitCib(name, Optional.empty());
        assertEquals(Optional.empty(), attrdValue(name));
        lab.waitFor(name + " unset for " + tool, CIB_DEADLINE, () -> attributes.get(name).isEmpty());
        attributes.delete(name);   // deleting an unset attribute is fine
    }

    @Test
    void allReadsTheValueOfEveryNode() {
        NodeAttributes attributes = inNode(AttributeTool.ATTRD_UPDATER);
        assertEquals(Map.of(), attributes.all("t_all"), "never set: no node has it");
        attributes.set("t_all", "42");
        lab.waitFor("attrd holds t_all=42", CIB_DEADLINE, () -> attributes.get("t_all").equals(Optional.of("42")));
        assertEquals(Map.of("node1", "42"), attributes.all("t_all"));
        attributes.delete("t_all");
        lab.waitFor("t_all unset", CIB_DEADLINE, () -> attributes.get("t_all").isEmpty());
        assertEquals(Map.of(), attributes.all("t_all"), "deleted values are left out");
        NodeAttributeException e = assertThrows(NodeAttributeException.class,
                () -> inNode(AttributeTool.CRM_ATTRIBUTE).all("t_all"));
        assertTrue(e.getMessage().contains("crm_attribute cannot list nodes"), e.getMessage());
    }

    @Test
    void localNodeNameIsLookedUpInTheNode() {
        assertEquals("node1", inNode(AttributeTool.ATTRD_UPDATER).nodeName());
    }

    @Test
    void setIfChangedWritesOnlyOnChange() {
        List<List<String>> commands = Collections.synchronizedList(new ArrayList<>());
        CommandRunner recording = (argv, timeout) -> {
            commands.add(argv);
            return LabView.runnerIn(lab, 1).run(argv, timeout);
        };
        NodeAttributes attributes = NodeAttributes.using(AttributeTool.ATTRD_UPDATER, recording);
        assertTrue(attributes.setIfChanged("t_changed", "1"));
        // attrd_updater -U returns once attrd has the request; attrd takes the value when its own
        // cluster message comes back: wait for that before asking again
        lab.waitFor("attrd holds t_changed=1", CIB_DEADLINE, () -> attributes.get("t_changed").equals(Optional.of("1")));
        assertFalse(attributes.setIfChanged("t_changed", "1"));
        assertTrue(attributes.setIfChanged("t_changed", "0"));
        long writes = commands.stream().filter(c -> c.contains("-U")).count();
        assertEquals(2, writes, "updates sent: " + commands);
        awaitCib("t_changed", Optional.of("0"));
    }

    @Test
    void dampenedWriteReachesTheCibAfterTheDelay() {
        NodeAttributes attributes = inNode(AttributeTool.ATTRD_UPDATER);
        long t0 = System.nanoTime();
        attributes.set("t_damped", "1", Duration.ofSeconds(2));
        // polled from the moment attrd_updater returned: the first sight of the value in the CIB is
        // the proof that dampening held it back (a one-off "not yet" read would fail on a loaded
        // machine that reads it after the 2 s)
        awaitCib("t_damped", Optional.of("1"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("TIMING dampened (2 s) attribute in the CIB after %d ms%n", ms);
        assertTrue(ms >= 1500, "written after " + ms + " ms, before the 2 s dampening");
        assertEquals(Optional.of("1"), attributes.get("t_damped"), "attrd holds the value");
    }

    @ParameterizedTest
    @EnumSource(AttributeTool.class)
    void unreachableAttrdIsAClearFailure(AttributeTool tool) {
        // a fresh network namespace has no pacemaker-attrd socket: the tool itself fails
        CommandRunner isolated = (argv, timeout) -> {
            List<String> wrapped = new ArrayList<>(List.of("unshare", "-n"));
            wrapped.addAll(argv);
            return CommandRunner.local().run(wrapped, timeout);
        };
        NodeAttributes attributes = NodeAttributes.using(tool, isolated).forNode("node1");
        NodeAttributeException e = assertThrows(NodeAttributeException.class,
                () -> attributes.set("writable_monit", "1"));
        assertEquals("writable_monit", e.attribute());
        assertEquals(102, e.exitCode(), e.getMessage());
        assertTrue(e.getMessage().startsWith("cannot set node attribute 'writable_monit' on node node1: "
                + tool.program() + " exited 102"), e.getMessage());
        assertEquals(0, e.getStackTrace().length, "no stack trace for users");
        assertThrows(NodeAttributeException.class, () -> attributes.get("writable_monit"));
    }

    @Test
    void missingToolIsAClearFailure() {
        NodeAttributes attributes = NodeAttributes.using(AttributeTool.ATTRD_UPDATER, (argv, timeout) -> {
            List<String> renamed = new ArrayList<>(argv);
            renamed.set(0, "/nonexistent/attrd_updater");
            return CommandRunner.local().run(renamed, timeout);
        });
        NodeAttributeException e = assertThrows(NodeAttributeException.class,
                () -> attributes.delete("readable_monit"));
        assertEquals(NodeAttributeException.NOT_RUN, e.exitCode());
        assertTrue(e.getMessage().contains("'readable_monit'"), e.getMessage());
    }

    @Test
    void javaProgramInsideTheNodeUsesTheLocalTools() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = Path.of(NodeAttributes.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                + ":" + Path.of(NodeAttributesProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> probe = List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classpath,
                NodeAttributesProbe.class.getName());
        long t0 = System.nanoTime();
        assertEquals("set via attrd_updater", run(probe, "set", "t_jvm", "42"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("TIMING JVM in node: start + attrd_updater -U: %d ms%n", ms);
        awaitCib("t_jvm", Optional.of("42"));
        assertEquals("42", run(probe, "get", "t_jvm"));
        assertEquals("unchanged", run(probe, "set-if-changed", "t_jvm", "42"));
        assertEquals("node1", run(probe, "node"));
        List<String> asAgent = new ArrayList<>(List.of("env", "OCF_RESKEY_CRM_meta_on_node=other"));
        asAgent.addAll(probe);
        assertEquals("other", run(asAgent, "node"), "Pacemaker's on_node for agents wins over crm_node -n");
        assertEquals("deleted", run(probe, "delete", "t_jvm"));
        awaitCib("t_jvm", Optional.empty());
    }

    private static String run(List<String> probe, String... args) {
        List<String> cmd = new ArrayList<>(probe);
        cmd.addAll(List.of(args));
        var r = lab.exec(1, cmd, Duration.ofSeconds(60));
        assertEquals(0, r.exit(), r.err());
        return r.out().strip();
    }
}
