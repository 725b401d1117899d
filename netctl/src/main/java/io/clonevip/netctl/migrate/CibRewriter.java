package io.clonevip.netctl.migrate;

import io.clonevip.netctl.ExitCodes;
import io.clonevip.netctl.NetctlException;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Rewrites a Pacemaker CIB (as {@code cibadmin -Q} prints it) from Percona's IPaddr3 and
 * mysql_monitor and ClusterLabs' IPaddr2 clones to clonevip's agents. Only attribute values in
 * the configuration section change (and dropped parameters lose their nvpair), and the blog's
 * {@code -inf: writable eq 0} location rules become {@code -inf: not_defined writable or writable
 * eq 0} ({@link SafeLocationRules}): every other id, meta attribute, operation, constraint and the
 * status section stay byte for byte, so the diff shows exactly what changed.
 */
public final class CibRewriter {
    private CibRewriter() {}

    /** A text edit: replace [start, end) with text. */
    record Edit(int start, int end, String text) {}

    /**
     * @param file the input's name, for messages
     * @param xml  the CIB text
     * @throws NetctlException with {@link ExitCodes#BAD_INPUT_FILE} when the text is not a CIB
     */
    public static CibRewrite rewrite(String file, String xml) {
        Document doc = parse(file, xml);
        Element cib = doc.getDocumentElement();
        if (!cib.getTagName().equals("cib")) {
            throw bad(file, "the root element is <" + cib.getTagName() + ">, not <cib>: not a CIB as cibadmin -Q prints it");
        }
        Element configuration = child(cib, "configuration");
        if (configuration == null) throw bad(file, "no <configuration> section in <cib>");
        Element resources = child(configuration, "resources");
        if (resources == null) throw bad(file, "no <resources> section in <configuration>");

        List<Element> elements = new ArrayList<>();
        preorder(cib, elements);
        List<XmlStartTags.Tag> tags = XmlStartTags.scan(xml);
        if (tags.size() != elements.size()) {
            throw new IllegalStateException("start tags (" + tags.size() + ") and elements (" + elements.size() + ") differ");
        }
        Map<Element, XmlStartTags.Tag> tagOf = new IdentityHashMap<>();
        for (int i = 0; i < elements.size(); i++) tagOf.put(elements.get(i), tags.get(i));

        List<Edit> edits = new ArrayList<>();
        List<CibChange> changes = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<Element> primitives = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Element e : elements) {
            if (!e.getAttribute("id").isEmpty()) ids.add(e.getAttribute("id"));
            if (e.getTagName().equals("primitive") && inside(e, resources)) primitives.add(e);
        }
        for (Element e : elements) {
            if (!e.getTagName().equals("primitive") || !inside(e, resources)) continue;
            if (!e.getAttribute("template").isEmpty() && e.getAttribute("class").isEmpty()) {
                warnings.add(e.getAttribute("id") + ": uses template " + e.getAttribute("template")
                        + "; templates are not migrated, check it by hand");
                continue;
            }
            if (!"ocf".equals(e.getAttribute("class"))) continue;
            String provider = e.getAttribute("provider");
            String type = e.getAttribute("type");
            boolean inClone = hasAncestor(e, "clone", resources);
            String target = AgentMap.target(provider, type, inClone);
            if (target == null) {
                if ("heartbeat".equals(provider) && "IPaddr2".equals(type)) {
                    warnings.add(e.getAttribute("id") + ": ocf:heartbeat:IPaddr2 outside a clone is a single VIP;"
                            + " left unchanged");
                }
                continue;
            }
            migratePrimitive(file, xml, e, target, tagOf, edits, changes, warnings);
        }
        SafeLocationRules.rewrite(xml, child(configuration, "constraints"), SafeLocationRules.monitorAttributes(primitives),
                ids, tagOf, edits, changes);
        edits.sort(Comparator.comparingInt(Edit::start).reversed());
        StringBuilder out = new StringBuilder(xml);
        for (Edit ed : edits) out.replace(ed.start(), ed.end(), ed.text());
        return new CibRewrite(xml, out.toString(), changes, warnings);
    }

    private static void migratePrimitive(String file, String xml, Element p, String target,
                                         Map<Element, XmlStartTags.Tag> tagOf, List<Edit> edits,
                                         List<CibChange> changes, List<String> warnings) {
        String id = p.getAttribute("id");
        XmlStartTags.Tag tag = tagOf.get(p);
        String from = "ocf:" + p.getAttribute("provider") + ":" + p.getAttribute("type");
        replaceValue(tag, "provider", AgentMap.CLONEVIP, edits);
        if (!p.getAttribute("type").equals(target)) replaceValue(tag, "type", target, edits);
        changes.add(new CibChange("agent", id, id, from, "ocf:" + AgentMap.CLONEVIP + ":" + target, null));

        boolean hasMac = false;
        for (Element set : children(p, "instance_attributes")) {
            Set<String> names = new HashSet<>();
            for (Element nv : children(set, "nvpair")) names.add(nv.getAttribute("name"));
            for (Element nv : children(set, "nvpair")) {
                String name = nv.getAttribute("name");
                String nvId = nv.getAttribute("id");
                if (name.equals("mac")) hasMac = true;
                if (target.equals("IPaddr3") && AgentMap.RENAMED.containsKey(name)) {
                    String to = AgentMap.RENAMED.get(name);
                    if (names.contains(to)) {
                        throw bad(file, id + ": both " + name + " and " + to + " are set in " + set.getAttribute("id")
                                + "; keep one of them");
                    }
                    replaceValue(tagOf.get(nv), "name", to, edits);
                    changes.add(new CibChange("renamed", id, nvId, name, to, null));
                } else if (target.equals("IPaddr3") && AgentMap.DROPPED.containsKey(name)) {
                    edits.add(removal(xml, nv, tagOf.get(nv)));
                    changes.add(new CibChange("dropped", id, nvId, name, null, AgentMap.DROPPED.get(name)));
                } else if (!AgentMap.known(target).contains(name)) {
                    warnings.add(id + ": parameter " + name + " is not known to ocf:clonevip:" + target
                            + "; kept, check it");
                }
            }
        }
        if (target.equals("IPaddr3") && !hasMac && hasAncestor(p, "clone", null)) {
            warnings.add(id + ": no mac parameter; clonevip derives a different default cluster MAC than the old"
                    + " agent: to keep the current one, add mac=<the --clustermac of the CLUSTERIP rule>");
        }
    }

    private static void replaceValue(XmlStartTags.Tag tag, String attr, String value, List<Edit> edits) {
        XmlStartTags.Span s = tag.attributes().get(attr);
        edits.add(new Edit(s.start(), s.end(), value));
    }

    /** Removes an nvpair element; the whole line when it is alone on its line. */
    private static Edit removal(String xml, Element nv, XmlStartTags.Tag tag) {
        int start = tag.start();
        int end = tag.end();
        if (!tag.empty()) {
            int close = xml.indexOf("</" + tag.name(), end);
            end = xml.indexOf('>', close) + 1;
        }
        int lineStart = xml.lastIndexOf('\n', start - 1) + 1;
        int lineEnd = xml.indexOf('\n', end);
        if (xml.substring(lineStart, start).isBlank() && lineEnd >= 0 && xml.substring(end, lineEnd).isBlank()) {
            return new Edit(lineStart, lineEnd + 1, "");
        }
        return new Edit(start, end, "");
    }

    private static Document parse(String file, String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new org.xml.sax.ErrorHandler() {
                @Override public void warning(SAXParseException e) { }
                @Override public void error(SAXParseException e) throws SAXException { throw e; }
                @Override public void fatalError(SAXParseException e) throws SAXException { throw e; }
            });
            return b.parse(new InputSource(new StringReader(xml)));
        } catch (SAXParseException e) {
            throw new NetctlException(ExitCodes.BAD_INPUT_FILE, file + ":" + e.getLineNumber() + ": not well-formed XML: "
                    + e.getMessage());
        } catch (SAXException | IOException e) {
            throw bad(file, "not well-formed XML: " + e.getMessage());
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static NetctlException bad(String file, String reason) {
        return new NetctlException(ExitCodes.BAD_INPUT_FILE, file + ": " + reason);
    }

    private static void preorder(Element e, List<Element> out) {
        out.add(e);
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) preorder(c, out);
        }
    }

    private static Element child(Element e, String name) {
        List<Element> c = children(e, name);
        return c.isEmpty() ? null : c.get(0);
    }

    private static List<Element> children(Element e, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && c.getTagName().equals(name)) out.add(c);
        }
        return out;
    }

    private static boolean inside(Element e, Element ancestor) {
        for (Node n = e.getParentNode(); n != null; n = n.getParentNode()) {
            if (n == ancestor) return true;
        }
        return false;
    }

    /** Whether an ancestor below {@code stop} (exclusive; null = the document) has this tag name. */
    private static boolean hasAncestor(Element e, String name, Element stop) {
        for (Node n = e.getParentNode(); n instanceof Element a && a != stop; n = n.getParentNode()) {
            if (a.getTagName().equals(name)) return true;
        }
        return false;
    }
}
