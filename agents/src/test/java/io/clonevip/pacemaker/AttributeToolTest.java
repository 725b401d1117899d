package io.clonevip.pacemaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Argument vectors and result parsing, without a cluster (the lab tests run them for real). */
class AttributeToolTest {

    @Test
    void attrdUpdaterArguments() {
        var t = AttributeTool.ATTRD_UPDATER;
        assertEquals(List.of("attrd_updater", "-n", "w", "-U", "1"), t.update("attrd_updater", null, "w", "1", null));
        assertEquals(List.of("attrd_updater", "-n", "w", "-B", "1", "-d", "2500ms", "-N", "node2"),
                t.update("attrd_updater", "node2", "w", "1", Duration.ofMillis(2500)));
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
