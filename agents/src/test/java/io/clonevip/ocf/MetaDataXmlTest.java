package io.clonevip.ocf;

import io.clonevip.ocf.testagent.StateFileAgent;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetaDataXmlTest {
    /** The DTD resource-agents ships (Debian's pacemaker has none of its own); ocf-tester uses it. */
    static final Path DTD = Path.of("/usr/share/resource-agents/ra-api-1.dtd");

    static List<AgentMetaData> allModels() {
        List<AgentMetaData> all = new ArrayList<>();
        all.add(new StateFileAgent().metaData());
        all.add(tricky());
        AgentCatalog.registered().forEach(a -> all.add(a.metaData()));
        return all;
    }

    /** Characters that need escaping, aliases, every type, depth and role. */
    static AgentMetaData tricky() {
        return AgentMetaData.builder("Tricky").version("2.0 <beta>")
                .shortdesc("Quotes \" & <angles>").longdesc("Line one.\nLine two & <three>.")
                .parameter(Parameter.string("ip").required().unique().aliases("vip", "address")
                        .shortdesc("IP").longdesc("The \"address\"."))
                .parameter(Parameter.builder("wait", ParameterType.TIME).defaultValue("5s")
                        .shortdesc("wait").longdesc("wait"))
                .parameter(Parameter.select("mode", "a", "b&c").defaultValue("b&c").shortdesc("mode").longdesc("Mode"))
                .standardActions("20s", "10s", "20s")
                .action(new ActionSpec(OcfAction.MONITOR, "30s", "61s", 10, "Promoted"))
                .action(OcfAction.NOTIFY, "5s")
                .build();
    }

    @Test
    void everyModelIsValidAgainstRaApiDtd() throws Exception {
        assertTrue(Files.isReadable(DTD), DTD + " missing: install resource-agents");
        Path dir = Files.createTempDirectory("clonevip-ocf-xml-");
        try {
            for (AgentMetaData md : allModels()) {
                Path xml = dir.resolve(md.name() + ".xml");
                Files.writeString(xml, MetaDataXml.render(md));
                Process p = new ProcessBuilder("xmllint", "--noout", "--dtdvalid", DTD.toString(), xml.toString())
                        .redirectErrorStream(true).start();
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(p.waitFor(20, TimeUnit.SECONDS));
                assertEquals(0, p.exitValue(), md.name() + ": " + output);
            }
        } finally {
            for (Path f : Files.list(dir).toList()) {
                Files.delete(f);
            }
            Files.delete(dir);
        }
    }

    @Test
    void xmllintRejectsWhatTheDtdForbids() throws IOException, InterruptedException {
        // the check above can fail: an element the DTD does not know is refused
        String bad = MetaDataXml.render(tricky()).replace("<actions>", "<actions><bogus/>");
        Process p = new ProcessBuilder("xmllint", "--noout", "--dtdvalid", DTD.toString(), "-")
                .redirectErrorStream(true).start();
        p.getOutputStream().write(bad.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertNotEquals(0, p.exitValue());
    }

    @Test
    void parsesBackToTheModel() throws Exception {
        for (AgentMetaData md : allModels()) {
            Document doc = parse(MetaDataXml.render(md));
            Element root = doc.getDocumentElement();
            assertEquals("resource-agent", root.getTagName());
            assertEquals(md.name(), root.getAttribute("name"));
            assertEquals(md.version(), root.getAttribute("version"));
            assertEquals(md.shortdesc().strip(), text(root, "shortdesc"));
            NodeList params = root.getElementsByTagName("parameter");
            int expected = md.parameters().stream().mapToInt(p -> 1 + p.aliases().size()).sum();
            assertEquals(expected, params.getLength());
            for (Parameter p : md.parameters()) {
                Element e = find(params, p.name());
                assertEquals(p.required() ? "1" : "0", e.getAttribute("required"));
                assertEquals(p.unique() ? "1" : "0", e.getAttribute("unique"));
                Element content = (Element) e.getElementsByTagName("content").item(0);
                assertEquals(p.type().dtdType(), content.getAttribute("type"));
                assertEquals(p.defaultValue() == null ? "" : p.defaultValue(), content.getAttribute("default"));
                for (String alias : p.aliases()) {
                    assertTrue(text(find(params, alias), "shortdesc").contains(p.name()));
                }
            }
            NodeList actions = root.getElementsByTagName("action");
            assertEquals(md.actions().size(), actions.getLength());
            for (int i = 0; i < actions.getLength(); i++) {
                ActionSpec a = md.actions().get(i);
                Element e = (Element) actions.item(i);
                assertEquals(a.action().ocfName(), e.getAttribute("name"));
                assertEquals(a.timeout(), e.getAttribute("timeout"));
                assertEquals(a.depth() == null ? "" : a.depth().toString(), e.getAttribute("depth"));
            }
        }
    }

    @Test
    void selectNamesItsChoices() throws Exception {
        Element mode = find(parse(MetaDataXml.render(tricky())).getElementsByTagName("parameter"), "mode");
        assertEquals("Mode. Allowed values: a, b&c.", text(mode, "longdesc"));
    }

    @Test
    void modelRefusesInconsistentDeclarations() {
        assertThrows(IllegalArgumentException.class,
                () -> Parameter.string("x").required().defaultValue("1").shortdesc("").longdesc("").build());
        assertThrows(IllegalArgumentException.class,
                () -> Parameter.builder("x", ParameterType.SELECT).shortdesc("").longdesc("").build());
        assertThrows(IllegalArgumentException.class,
                () -> Parameter.select("x", "a").defaultValue("b").shortdesc("").longdesc("").build());
        assertThrows(IllegalArgumentException.class, () -> Parameter.string("bad-name").shortdesc("").longdesc("").build());
        assertThrows(IllegalArgumentException.class, () -> AgentMetaData.builder("A").shortdesc("").longdesc("")
                .parameter(Parameter.string("a").shortdesc("").longdesc(""))
                .parameter(Parameter.string("b").aliases("a").shortdesc("").longdesc(""))
                .standardActions("1s", "1s", "1s").build());
        assertThrows(IllegalArgumentException.class, () -> AgentMetaData.builder("A").shortdesc("").longdesc("")
                .action(OcfAction.START, "1s").build());
    }

    @Test
    void outputDoesNotDependOnTheEnvironment() {
        String xml = MetaDataXml.render(new StateFileAgent().metaData());
        assertTrue(xml.contains("default=\"${HA_RSCTMP}/StateFile-${OCF_RESOURCE_INSTANCE}.state\""), xml);
        assertFalse(xml.contains("/run/"));
    }

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static Element find(NodeList params, String name) {
        for (int i = 0; i < params.getLength(); i++) {
            Element e = (Element) params.item(i);
            if (e.getAttribute("name").equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no parameter " + name);
    }

    private static String text(Element parent, String child) {
        return parent.getElementsByTagName(child).item(0).getTextContent().strip();
    }
}
