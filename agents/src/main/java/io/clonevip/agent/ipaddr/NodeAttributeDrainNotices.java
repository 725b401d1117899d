package io.clonevip.agent.ipaddr;

import io.clonevip.ocf.OcfLog;
import io.clonevip.pacemaker.NodeAttributeException;
import io.clonevip.pacemaker.NodeAttributes;
import java.net.InetAddress;
import java.util.Map;
import java.util.OptionalLong;

/**
 * {@link DrainNotices} as transient node attributes, one per VIP and bucket:
 * {@code clonevip-drain-<vip>-<bucket>} holds the drain's end in epoch milliseconds on the
 * node that drains (written with attrd_updater, read from every node with {@code
 * attrd_updater -Q -A}). pacemaker-attrd (2.1.5) acks the update, then broadcasts it over CPG
 * (queued when corosync is busy); every attrd, this node's too, applies it on delivery. So the
 * value usually reaches the new owner's attrd long before its start, which the DC orders after
 * the stop (a few ms in the labs), but attrd_updater returning does not guarantee it
 * (docs/developer/early-reset.md).
 * A node that leaves the membership loses its values. Clocks of the nodes are assumed in
 * step (NTP): the new owner's guard uses the old owner's end time.
 */
final class NodeAttributeDrainNotices implements DrainNotices {
    private final Map<String, String> env;

    /** {@code env}: the action's environment (PATH, OCF_RESKEY_CRM_meta_on_node), see {@link NodeAttributes#local(Map)}. */
    NodeAttributeDrainNotices(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The attribute of {@code vip}'s bucket {@code bucket}. */
    static String attribute(InetAddress vip, int bucket) {
        return "clonevip-drain-" + vip.getHostAddress().replace(':', '.') + "-" + bucket;
    }

    @Override
    public void announce(InetAddress vip, int bucket, long endMs, OcfLog log) {
        String name = attribute(vip, bucket);
        try {
            NodeAttributes.local(env).set(name, Long.toString(endMs));
            log.info("node attribute " + name + " = " + endMs + " (drain end)");
        } catch (NodeAttributeException e) {
            log.warn("drain of bucket " + bucket + " not announced (its next owner will reset its connections): "
                    + e.getMessage());
        }
    }

    @Override
    public void withdraw(InetAddress vip, int bucket, OcfLog log) {
        String name = attribute(vip, bucket);
        try {
            NodeAttributes.local(env).delete(name);
        } catch (NodeAttributeException e) {
            log.info("node attribute " + name + " not withdrawn: " + e.getMessage());
        }
    }

    @Override
    public OptionalLong othersUntil(InetAddress vip, int bucket, long nowMs, OcfLog log) {
        String name = attribute(vip, bucket);
        try {
            NodeAttributes attrs = NodeAttributes.local(env);
            Map<String, String> all = attrs.all(name);
            String self = all.isEmpty() ? null : attrs.nodeName();
            long until = 0;
            for (Map.Entry<String, String> e : all.entrySet()) {
                if (e.getKey().equals(self)) {
                    continue;
                }
                try {
                    long end = Long.parseLong(e.getValue());
                    if (end > nowMs) {
                        until = Math.max(until, end);
                    }
                } catch (NumberFormatException x) {
                    log.warn("node attribute " + name + " on " + e.getKey() + " is not a time: '" + e.getValue() + "'; ignored");
                }
            }
            return OptionalLong.of(until);
        } catch (NodeAttributeException e) {
            log.info("drains of bucket " + bucket + " not known: " + e.getMessage());
            return OptionalLong.empty();
        }
    }
}
