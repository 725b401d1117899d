package io.clonevip.pacemaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Argument vectors and result parsing, without a cluster (the lab tests run them for real). */
class AttributeToolTest {

    @Test
    void attrdUpdaterArguments() {
        var t = AttributeTool.ATTRD_UPDATER;
        assertEquals(List.of("attrd_updater", "-n", "w", "-U", "1"), t.update("attrd_updater", null, "w", "1", null));
        assertEquals(List.of("attrd_updater", "-n", "w", "-B", "1", "-d", "2500ms", "-N", "node2"),
                t.update("attrd_updater", "node2", "w", "1", Duration.ofMillis(2500)));
        assertEquals(List.of("attrd_updater", "-n", "w", "-B", "0", "-d", "5s"),
                t.update("attrd_updater", null, "w", "0", Duration.ofSeconds(5)));
        assertEquals(List.of("attrd_updater", "-Q", "-n", "w", "-N", "node1", "--output-as=xml"),
                t.query("attrd_updater", "node1", "w"));
        assertEquals(List.of("attrd_updater", "-D", "-n", "w"), t.delete("attrd_updater", null, "w"));
    }

    @Test
    void crmAttributeArgumentsAreTransient() {
        var t = AttributeTool.CRM_ATTRIBUTE;
        assertEquals(List.of("crm_attribute", "-l", "reboot", "-n", "w", "-v", "0", "-N", "node3"),
                t.update("crm_attribute", "node3", "w", "0", null));
        assertEquals(List.of("crm_attribute", "-l", "reboot", "-n", "w", "--query", "--output-as=xml"),
                t.query("crm_attribute", null, "w"));
        assertEquals(List.of("crm_attribute", "-l", "reboot", "-n", "w", "-D"), t.delete("crm_attribute", null, "w"));
    }

    @Test
    void zeroDampeningIsAnImmediateWrite() throws IOException {
        List<List<String>> run = new ArrayList<>();
        NodeAttributes attributes = NodeAttributes.using(AttributeTool.ATTRD_UPDATER, (argv, timeout) -> {
            run.add(argv);
            return new CommandResult(0, "", "");
        });
        attributes.set("w", "1", Duration.ZERO);
        attributes.set("w", "0", Duration.ofMillis(1));
        assertEquals(List.of(List.of("attrd_updater", "-n", "w", "-U", "1"),
                List.of("attrd_updater", "-n", "w", "-B", "0", "-d", "1ms")), run);
    }

    @Test
    void localToolsGetOnlyTheChildEnvironment(@TempDir Path dir) throws IOException {
        List<String> withheld = System.getenv().keySet().stream().filter(n -> !ChildEnvironment.passes(n)).toList();
        assumeFalse(withheld.isEmpty(), "this JVM's environment has only variables a tool gets");
        Path tool = dir.resolve("attrd_updater");
        Files.writeString(tool, "#!/bin/sh\nenv > '" + dir.resolve("env") + "'\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwx------"));
        NodeAttributes.local(Map.of("PATH", dir.toString())).set("w", "1");
        List<String> names = Files.readAllLines(dir.resolve("env")).stream().map(l -> l.substring(0, l.indexOf('=')))
                .filter(n -> !n.equals("PWD") && !n.equals("SHLVL") && !n.equals("_")).toList(); // the shell's own
        assertTrue(names.contains("PATH") || !System.getenv().containsKey("PATH"), names.toString());
        assertTrue(names.stream().allMatch(ChildEnvironment::passes), "withheld " + withheld + ", child had " + names);
    }

    @Test
    void readsValueForTheRightHost() throws IOException {
        String xml = """
                <pacemaker-result api-version="2.25" request="attrd_updater -Q -A -n w --output-as=xml">
                  <attribute name="w" value="1" host="node1"/>
                  <attribute name="w" value="a&quot;b" host="node2"/>
                  <status code="0" message="OK"/>
                </pacemaker-result>""";
        assertEquals(Optional.of("a\"b"), PacemakerResultXml.attributeValue(xml, "w", "node2"));
        assertEquals(Optional.of("1"), PacemakerResultXml.attributeValue(xml, "w", "node1"));
        assertEquals(Optional.empty(), PacemakerResultXml.attributeValue(xml, "w", "node3"));
        assertThrows(IOException.class, () -> PacemakerResultXml.attributeValue("<cib/>", "w", null));
    }

    @Test
    void rejectsNamesAndValuesTheToolsWouldMangle() {
        NodeAttributes attributes = NodeAttributes.using(AttributeTool.ATTRD_UPDATER,
                (argv, timeout) -> { throw new AssertionError("must not run " + argv); });
        assertThrows(IllegalArgumentException.class, () -> attributes.set("a b", "1"));
        assertThrows(IllegalArgumentException.class, () -> attributes.set("w", ""));
        assertThrows(IllegalArgumentException.class, () -> attributes.set("w", "1\n2"));
        assertThrows(IllegalArgumentException.class, () -> attributes.forNode("").get("w"));
    }
}
