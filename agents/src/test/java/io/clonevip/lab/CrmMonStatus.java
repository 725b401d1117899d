package io.clonevip.lab;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * One node's view of the cluster, read from {@code crm_mon -1 --output-as=xml}.
 *
 * @param dc         the DC's node name, if there is one
 * @param quorum     whether the viewing partition has quorum
 * @param online     names of the nodes seen online
 * @param running    resource (or clone instance, e.g. {@code gd:0}) id to the nodes where it
 *                   is Started (also Promoted/Unpromoted)
 * @param attributes node name to its transient and permanent node attributes
 */
public record CrmMonStatus(Optional<String> dc, boolean quorum, Set<String> online,
                           Map<String, List<String>> running,
                           Map<String, Map<String, String>> attributes) {

    /** Parses crm_mon's XML. */
    public static CrmMonStatus parse(String xml) {
        Element root;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            root = factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml))).getDocumentElement();
        } catch (Exception e) {
            throw new IllegalArgumentException("not crm_mon XML: " + e.getMessage(), e);
        }
        Optional<String> dc = Optional.empty();
        boolean quorum = false;
        for (Element e : children(first(root, "summary"), "current_dc")) {
            if ("true".equals(e.getAttribute("present"))) {
                dc = Optional.of(e.getAttribute("name"));
                quorum = "true".equals(e.getAttribute("with_quorum"));
            }
        }
        Set<String> online = new LinkedHashSet<>();
        for (Element e : children(first(root, "nodes"), "node")) {
            if ("true".equals(e.getAttribute("online"))) {
                online.add(e.getAttribute("name"));
            }
        }
        Map<String, List<String>> running = new LinkedHashMap<>();
        NodeList resources = root.getElementsByTagName("resource");
        for (int i = 0; i < resources.getLength(); i++) {
            Element r = (Element) resources.item(i);
            String role = r.getAttribute("role");
            if (!("Started".equals(role) || "Promoted".equals(role) || "Unpromoted".equals(role))) {
                continue;
            }
            List<String> where = new ArrayList<>();
            for (Element n : children(r, "node")) {
                where.add(n.getAttribute("name"));
            }
            running.put(r.getAttribute("id"), List.copyOf(where));
        }
        Map<String, Map<String, String>> attributes = new LinkedHashMap<>();
        for (Element n : children(first(root, "node_attributes"), "node")) {
            Map<String, String> values = new LinkedHashMap<>();
            for (Element a : children(n, "attribute")) {
                values.put(a.getAttribute("name"), a.getAttribute("value"));
            }
            attributes.put(n.getAttribute("name"), Map.copyOf(values));
        }
        return new CrmMonStatus(dc, quorum, Set.copyOf(online), Map.copyOf(running), Map.copyOf(attributes));
    }

    /** Nodes where resource {@code id} is running (empty when stopped or unknown). */
    public List<String> runningOn(String id) {
        return running.getOrDefault(id, List.of());
    }

    /** The single node where {@code id} runs, if it runs on exactly one. */
    public Optional<String> locate(String id) {
        List<String> nodes = runningOn(id);
        return nodes.size() == 1 ? Optional.of(nodes.getFirst()) : Optional.empty();
    }

    /** How many instances of the clone {@code primitiveId} ({@code id:0}, {@code id:1}, ...) run on each node. */
    public Map<String, Integer> instancesPerNode(String primitiveId) {
        Map<String, Integer> count = new java.util.TreeMap<>();
        running.forEach((id, nodes) -> {
            if (id.startsWith(primitiveId + ":")) {
                nodes.forEach(n -> count.merge(n, 1, Integer::sum));
            }
        });
        return count;
    }

    /** Node attribute {@code name} of {@code node}, if set. */
    public Optional<String> attribute(String node, String name) {
        return Optional.ofNullable(attributes.getOrDefault(node, Map.of()).get(name));
    }

    private static Element first(Element parent, String tag) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                return e;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> list = new ArrayList<>();
        if (parent != null) {
            for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && e.getTagName().equals(tag)) {
                    list.add(e);
                }
            }
        }
        return list;
    }
}
