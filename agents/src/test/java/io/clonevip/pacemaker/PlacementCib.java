package io.clonevip.pacemaker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A CIB for crm_simulate: nodes node1..nodeP online with quorum, the VIP as a globally-unique
 * clone of {@code buckets} IPaddr3 instances (clone-node-max = buckets, resource-stickiness 0),
 * the location rules of docs/user/load-aware-placement.md, each node's transient attributes and
 * the instances already started where {@link #place} says. Nothing here is a live cluster:
 * crm_simulate never runs an agent.
 */
final class PlacementCib {

    /** The load rule's threshold: a node whose {@code load_headroom} is below it sheds its buckets. */
    static final int SHED_BELOW = 20;

    private final int nodes;
    private final int buckets;
    private final int[] place;
    private final List<Map<String, String>> attributes = new ArrayList<>();
    private final Map<Integer, Integer> capacity = new LinkedHashMap<>();
    private String opDigest = "";
    private boolean enableRule = true;

    /** {@code nodes} nodes, every bucket stopped, no attribute. */
    PlacementCib(int nodes, int buckets) {
        this.nodes = nodes;
        this.buckets = buckets;
        this.place = new int[buckets];
        for (int n = 0; n < nodes; n++) {
            attributes.add(new LinkedHashMap<>());
        }
    }

    int nodes() {
        return nodes;
    }

    int buckets() {
        return buckets;
    }

    /** Bucket {@code b} (0-based instance number) runs on node {@code node} (1-based; 0 = stopped). */
    PlacementCib place(int b, int node) {
        place[b] = node;
        return this;
    }

    /** Where each bucket runs (0 = stopped), a copy. */
    int[] placement() {
        return place.clone();
    }

    /** Sets node {@code node}'s transient attribute ("" is what attrd keeps after {@code attrd_updater -D}). */
    PlacementCib attribute(int node, String name, Object value) {
        attributes.get(node - 1).put(name, String.valueOf(value));
        return this;
    }

    /**
     * Turns on {@code placement-strategy=balanced} with utilization {@code vip_slots=1} per bucket
     * and node {@code node}'s capacity {@code slots} (the candidate the design rejects).
     */
    PlacementCib capacity(int node, int slots) {
        capacity.put(node, slots);
        return this;
    }

    /** Leaves out {@code loc-enable-cluster-vip} (the +2 for writable nodes). */
    PlacementCib withoutEnableRule() {
        enableRule = false;
        return this;
    }

    /** The op-digest Pacemaker computes for a start of this primitive (without it, every instance restarts). */
    PlacementCib opDigest(String digest) {
        this.opDigest = digest;
        return this;
    }

    String xml() {
        StringBuilder x = new StringBuilder();
        x.append("<cib crm_feature_set=\"3.16.1\" validate-with=\"pacemaker-3.9\" epoch=\"1\" num_updates=\"0\"")
                .append(" admin_epoch=\"0\" have-quorum=\"1\">\n<configuration>\n<crm_config>")
                .append("<cluster_property_set id=\"cib-bootstrap-options\">")
                .append(nvpair("cib-bootstrap-options-stonith-enabled", "stonith-enabled", "false"));
        if (!capacity.isEmpty()) {
            x.append(nvpair("cib-bootstrap-options-placement-strategy", "placement-strategy", "balanced"));
        }
        x.append("</cluster_property_set></crm_config>\n<nodes>\n");
        for (int n = 1; n <= nodes; n++) {
            x.append("<node id=\"").append(n).append("\" uname=\"node").append(n).append("\">");
            if (capacity.containsKey(n)) {
                x.append("<utilization id=\"node").append(n).append("-utilization\">")
                        .append(nvpair("node" + n + "-utilization-vip_slots", "vip_slots", capacity.get(n).toString()))
                        .append("</utilization>");
            }
            x.append("</node>\n");
        }
        x.append("</nodes>\n<resources>\n").append(vipClone()).append("</resources>\n<constraints>\n")
                .append(enableRule ? CONSTRAINTS : CONSTRAINTS.substring(CONSTRAINTS.indexOf("<rsc_location id=\"loc-no")))
                .append("</constraints>\n</configuration>\n<status>\n");
        for (int n = 1; n <= nodes; n++) {
            x.append(nodeState(n));
        }
        return x.append("</status>\n</cib>\n").toString();
    }

    private String vipClone() {
        String utilization = capacity.isEmpty() ? "" : "<utilization id=\"p_cluster_vip-utilization\">"
                + nvpair("p_cluster_vip-utilization-vip_slots", "vip_slots", "1") + "</utilization>";
        return "<clone id=\"cl_cluster_vip\"><meta_attributes id=\"cl_cluster_vip-meta_attributes\">"
                + nvpair("cl_cluster_vip-meta_attributes-clone-max", "clone-max", Integer.toString(buckets))
                + nvpair("cl_cluster_vip-meta_attributes-clone-node-max", "clone-node-max", Integer.toString(buckets))
                + nvpair("cl_cluster_vip-meta_attributes-globally-unique", "globally-unique", "true")
                + "</meta_attributes>\n<primitive id=\"p_cluster_vip\" class=\"ocf\" provider=\"clonevip\" type=\"IPaddr3\">"
                + "<instance_attributes id=\"p_cluster_vip-instance_attributes\">"
                + nvpair("p_cluster_vip-instance_attributes-ip", "ip", "198.51.100.100")
                + nvpair("p_cluster_vip-instance_attributes-nic", "nic", "eth0")
                + "</instance_attributes><meta_attributes id=\"p_cluster_vip-meta_attributes\">"
                + nvpair("p_cluster_vip-meta_attributes-resource-stickiness", "resource-stickiness", "0")
                + "</meta_attributes>" + utilization + "</primitive></clone>\n";
    }

    /**
     * The rules of docs/user/load-aware-placement.md, as crmsh 4.4 writes them (crm configure
     * load update): {@code load-aware-placement-constraints.xml} beside this class.
     */
    static final String CONSTRAINTS = resource("load-aware-placement-constraints.xml");

    private static String resource(String name) {
        try (InputStream in = PlacementCib.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("test resource " + name + " missing");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String nodeState(int n) {
        StringBuilder s = new StringBuilder();
        s.append("<node_state id=\"").append(n).append("\" uname=\"node").append(n)
                .append("\" in_ccm=\"true\" crmd=\"online\" join=\"member\" expected=\"member\">")
                .append("<transient_attributes id=\"").append(n).append("\"><instance_attributes id=\"status-")
                .append(n).append("\">");
        attributes.get(n - 1).forEach((k, v) -> s.append(nvpair("status-" + n + "-" + k, k, v)));
        s.append("</instance_attributes></transient_attributes>\n<lrm id=\"").append(n).append("\"><lrm_resources>\n");
        for (int b = 0; b < buckets; b++) {
            boolean here = place[b] == n;
            String op = here ? "start" : "monitor";
            int rc = here ? 0 : 7;
            String key = "1:1:0:00000000-0000-0000-0000-000000000000";
            s.append("<lrm_resource id=\"p_cluster_vip:").append(b)
                    .append("\" class=\"ocf\" provider=\"clonevip\" type=\"IPaddr3\"><lrm_rsc_op id=\"p_cluster_vip:")
                    .append(b).append("_last_0\" operation_key=\"p_cluster_vip:").append(b).append('_').append(op)
                    .append("_0\" operation=\"").append(op)
                    .append("\" crm-debug-origin=\"clonevip-test\" crm_feature_set=\"3.16.1\" transition-key=\"")
                    .append(key).append("\" transition-magic=\"0:").append(rc).append(';').append(key)
                    .append("\" exit-reason=\"\" call-id=\"").append(b + 1).append("\" rc-code=\"").append(rc)
                    .append("\" op-status=\"0\" interval=\"0\" last-rc-change=\"1700000000\" exec-time=\"0\"")
                    .append(" queue-time=\"0\" op-digest=\"").append(opDigest).append("\"/></lrm_resource>\n");
        }
        return s.append("</lrm_resources></lrm></node_state>\n").toString();
    }

    private static String nvpair(String id, String name, String value) {
        return "<nvpair id=\"" + id + "\" name=\"" + name + "\" value=\"" + value + "\"/>";
    }
}
