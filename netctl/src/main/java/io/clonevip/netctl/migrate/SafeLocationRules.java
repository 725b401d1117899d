package io.clonevip.netctl.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Rewrites the blog's location rule {@code -inf: writable_monit eq 0} to
 * {@code -inf: not_defined writable_monit or writable_monit eq 0}, for every attribute a
 * mysql_monitor primitive of the CIB publishes. A node that has just joined the cluster (after a
 * crash, a reboot, a fence) has no such attribute until its monitor wrote one; the old rule does
 * not match it, so Pacemaker put VIP buckets on it before its database was up: in the end-to-end
 * lab its clients got refused connections for several seconds (docs/user/mysql-monitor.md).
 *
 * <p>The rule gains {@code boolean-op="or"} and a {@code not_defined} expression on a line of
 * its own before the existing one; nothing else of the constraint changes. Rules already in the
 * safe form, positive scores and rules with more than one expression are left as they are.
 */
final class SafeLocationRules {
    private SafeLocationRules() {}

    /** Why the rule is rewritten (said in the report). */
    static final String WHY = "a node that has just joined has no %s until its monitor writes it, and the old rule let it"
            + " take VIP buckets before its database was up";

    static void rewrite(String xml, Element constraints, Set<String> attributes, Set<String> ids,
                        Map<Element, XmlStartTags.Tag> tagOf, List<CibRewriter.Edit> edits, List<CibChange> changes) {
        if (constraints == null || attributes.isEmpty()) return;
        for (Element location : children(constraints, "rsc_location")) {
            for (Element rule : children(location, "rule")) {
                if (!minusInfinity(rule.getAttribute("score"))) continue;
                List<Element> inner = children(rule, null);
                if (inner.size() != 1 || !inner.getFirst().getTagName().equals("expression")) continue;
                Element e = inner.getFirst();
                String attribute = e.getAttribute("attribute");
                if (!"eq".equals(e.getAttribute("operation")) || !"0".equals(e.getAttribute("value"))
                        || !attributes.contains(attribute)
                        || !(e.getAttribute("value-source").isEmpty() || "literal".equals(e.getAttribute("value-source")))) {
                    continue;
                }
                XmlStartTags.Tag ruleTag = tagOf.get(rule);
                XmlStartTags.Span op = ruleTag.attributes().get("boolean-op");
                if (op != null) {
                    edits.add(new CibRewriter.Edit(op.start(), op.end(), "or"));
                } else {
                    int close = ruleTag.end() - 1;     // the '>' (a rule with a child is not an empty tag)
                    edits.add(new CibRewriter.Edit(close, close, " boolean-op=\"or\""));
                }
                String id = unique(rule.getAttribute("id") + "-not-defined", ids);
                String added = "<expression attribute=\"" + escape(attribute) + "\" operation=\"not_defined\" id=\""
                        + escape(id) + "\"/>";
                XmlStartTags.Tag exprTag = tagOf.get(e);
                int lineStart = xml.lastIndexOf('\n', exprTag.start() - 1) + 1;
                String indent = xml.substring(lineStart, exprTag.start());
                if (indent.isBlank()) {
                    edits.add(new CibRewriter.Edit(lineStart, lineStart, indent + added + "\n"));
                } else {
                    edits.add(new CibRewriter.Edit(exprTag.start(), exprTag.start(), added));
                }
                changes.add(new CibChange("rule", location.getAttribute("id"), rule.getAttribute("id"),
                        "-inf: " + attribute + " eq 0", "-inf: not_defined " + attribute + " or " + attribute + " eq 0",
                        WHY.formatted(attribute)));
            }
        }
    }

    /** The attributes the CIB's mysql_monitor primitives publish (their reader and writer attributes, or the defaults). */
    static Set<String> monitorAttributes(List<Element> primitives) {
        Set<String> out = new java.util.TreeSet<>();
        for (Element p : primitives) {
            if (!"ocf".equals(p.getAttribute("class")) || !"mysql_monitor".equals(p.getAttribute("type"))) continue;
            String reader = "readable";
            String writer = "writable";
            for (Element set : children(p, "instance_attributes")) {
                for (Element nv : children(set, "nvpair")) {
                    if (nv.getAttribute("name").equals("reader_attribute")) reader = nv.getAttribute("value");
                    if (nv.getAttribute("name").equals("writer_attribute")) writer = nv.getAttribute("value");
                }
            }
            out.add(reader);
            out.add(writer);
        }
        return out;
    }

    private static boolean minusInfinity(String score) {
        String s = score.strip().toLowerCase(Locale.ROOT);
        return s.equals("-infinity") || s.equals("-inf");
    }

    private static String unique(String id, Set<String> ids) {
        String candidate = id;
        for (int i = 1; ids.contains(candidate); i++) candidate = id + "-" + i;
        ids.add(candidate);
        return candidate;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
    }

    /** Child elements named {@code name}, or all child elements when it is null. */
    private static List<Element> children(Element e, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && (name == null || c.getTagName().equals(name))) out.add(c);
        }
        return out;
    }
}
