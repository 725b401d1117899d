package io.clonevip.pacemaker;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * One node's view of the cluster, read from {@code crm_mon -1 --output-as=xml} (Pacemaker 2.1's
 * schema): what the Pacemaker labs of the tests and the end-to-end demo watch. Read-only; the
 * agents themselves never need it.
 *
 * @param dc         the DC's name, if any
 * @param quorum     whether the viewer's partition has quorum
 * @param online     nodes seen online
 * @param running    resource or clone instance id ({@code p_cluster_vip:0}) to the nodes where it is
 *                   Started (or Promoted/Unpromoted), not failed, and not starting or stopping
 * @param attributes node name to its node attributes
 * @param failures   number of failed resource actions in the history
 */
public record CrmMonView(Optional<String> dc, boolean quorum, Set<String> online, Map<String, List<String>> running,
                     Map<String, Map<String, String>> attributes, int failures) {

    /**
     * Pending actions after which an instance is not (or no longer) where crm_mon says: a start
     * in flight is shown as role Started with {@code pending="Starting"} (record-pending), but the
     * agent has not finished setting it up; a stop in flight is taking it down.
     */
    private static final Set<String> MOVING = Set.of("Starting", "Stopping", "Migrating");

    /** How the message of {@link #parse}'s IllegalArgumentException starts. */
    public static final String NOT_CRM_MON = "not crm_mon XML: ";

    /** Parses crm_mon's XML output; text that is not XML is an IllegalArgumentException starting with {@link #NOT_CRM_MON}. */
    public static CrmMonView parse(String xml) {
        Element root;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            root = f.newDocumentBuilder().parse(new InputSource(new StringReader(xml))).getDocumentElement();
        } catch (Exception e) {
            throw new IllegalArgumentException(NOT_CRM_MON + e.getMessage(), e);
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
            boolean active = "Started".equals(role) || "Promoted".equals(role) || "Unpromoted".equals(role);
            if (!active || "true".equals(r.getAttribute("failed")) || MOVING.contains(r.getAttribute("pending"))) {
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
            Map<String, String> values = new TreeMap<>();
            for (Element a : children(n, "attribute")) {
                values.put(a.getAttribute("name"), a.getAttribute("value"));
            }
            attributes.put(n.getAttribute("name"), Map.copyOf(values));
        }
        int failures = children(first(root, "failures"), "failure").size();
        return new CrmMonView(dc, quorum, Set.copyOf(online), Map.copyOf(running), Map.copyOf(attributes), failures);
    }

    /**
     * Where each instance of the clone of {@code primitive} runs, by bucket: instance
     * {@code primitive:k} is bucket k+1 (as IPaddr3 numbers them). Buckets not running are absent.
     */
    public Map<Integer, String> buckets(String primitive) {
        Map<Integer, String> owners = new TreeMap<>();
        running.forEach((id, nodes) -> {
            String instance = id.startsWith(primitive + ":") ? id.substring(primitive.length() + 1) : "";
            boolean number = !instance.isEmpty() && instance.length() < 5 && instance.chars().allMatch(c -> c >= '0' && c <= '9');
            if (number && nodes.size() == 1) { // an id such as p:x is no instance of the clone
                owners.put(Integer.parseInt(instance) + 1, nodes.getFirst());
            }
        });
        return owners;
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

    /** How many instances of the clone of {@code primitive} ({@code id:0}, {@code id:1}, ...) run on each node. */
    public Map<String, Integer> instancesPerNode(String primitive) {
        Map<String, Integer> count = new TreeMap<>();
        running.forEach((id, nodes) -> {
            if (id.startsWith(primitive + ":")) {
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
