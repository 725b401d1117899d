package io.clonevip.agent.ipaddr;

import io.clonevip.ocf.OcfLog;
import io.clonevip.pacemaker.NodeAttributeException;
import io.clonevip.pacemaker.NodeAttributes;
import java.util.Map;

/**
 * {@link CloneCountPublisher} through the local node's transient attributes
 * ({@link NodeAttributes}: attrd_updater, else crm_attribute). Outside a cluster (ocf-tester,
 * crm_resource --force-*) pacemaker-attrd is not reachable: logged, the action goes on.
 */
final class NodeAttributePublisher implements CloneCountPublisher {
    private final Map<String, String> env;

    /** {@code env}: the action's environment (PATH, OCF_RESKEY_CRM_meta_on_node), see {@link NodeAttributes#local(Map)}. */
    NodeAttributePublisher(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public void publish(String attribute, int count, boolean onlyIfChanged, OcfLog log) {
        String value = Integer.toString(count);
        try {
            NodeAttributes attrs = NodeAttributes.local(env);
            boolean wrote = true;
            if (onlyIfChanged) {
                wrote = attrs.setIfChanged(attribute, value);
            } else {
                attrs.set(attribute, value);
            }
            if (wrote) {
                log.info("node attribute " + attribute + " = " + value);
            }
        } catch (NodeAttributeException e) {
            log.info("node attribute " + attribute + " = " + value + " not published: " + e.getMessage());
        }
    }
}
