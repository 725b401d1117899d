package io.clonevip.agent.ipaddr;

import io.clonevip.ocf.OcfLog;
import io.clonevip.pacemaker.NodeAttributeException;
import io.clonevip.pacemaker.NodeAttributes;

/**
 * {@link CloneCountPublisher} through the local node's transient attributes
 * ({@link NodeAttributes}: attrd_updater, else crm_attribute). Outside a cluster (ocf-tester,
 * crm_resource --force-*) pacemaker-attrd is not reachable: logged, the action goes on.
 */
final class NodeAttributePublisher implements CloneCountPublisher {

    @Override
    public void publish(String attribute, int count, boolean onlyIfChanged, OcfLog log) {
        String value = Integer.toString(count);
        try {
            NodeAttributes attrs = NodeAttributes.local();
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
