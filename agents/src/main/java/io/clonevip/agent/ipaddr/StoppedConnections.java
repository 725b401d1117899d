package io.clonevip.agent.ipaddr;

import io.clonevip.cluster.BucketSet;
import io.clonevip.cluster.ClusterChange;
import io.clonevip.cluster.ClusterIpSpec;
import io.clonevip.cluster.ClusterState;
import io.clonevip.cluster.ConnectionsClosed;
import io.clonevip.cluster.VipConnections;
import io.clonevip.nativ.KernelException;
import io.clonevip.ocf.OcfLog;
import io.clonevip.rtnl.IpLiteral;
import java.net.InetAddress;

/**
 * After a stop's transaction: closes this node's TCP connections of what the stop took away,
 * so that the server's sessions end now instead of at its timeouts (the new owner of the
 * bucket would only reset the clients on their next packet). The bucket left: its connections,
 * by the hash of the ruleset that was in force; the VIP left (its last bucket here): every
 * connection on the VIP. One log line with the count. Never fails the stop: a failure
 * (EOPNOTSUPP on a kernel without CONFIG_INET_DIAG_DESTROY, EPERM, anything) is logged.
 */
final class StoppedConnections {
    private StoppedConnections() {}

    /**
     * How many TCP connections of {@code bucket} this node holds on the spec's VIP (in the
     * action's network namespace); -1 when sock_diag cannot tell (logged).
     */
    static int held(ClusterIpSpec spec, int bucket, OcfLog log) {
        try (VipConnections connections = VipConnections.open()) {
            return connections.count(spec, BucketSet.of(spec.buckets(), bucket));
        } catch (KernelException | RuntimeException e) {
            log.warn("connections of bucket " + bucket + " on " + IpLiteral.format(spec.vip()) + " not counted: " + e.getMessage());
            return -1;
        }
    }

    /** Runs in the action's network namespace, after {@code c}, the stop's change of {@code vip}'s bucket {@code bucket}. */
    static void close(ClusterChange c, InetAddress vip, int bucket, OcfLog log) {
        ClusterState before = c.before();
        boolean left = before != null && bucket <= before.local().total() && before.local().contains(bucket);
        if (!c.removed() && !left) {
            return; // the bucket was not served here: none of its connections can be here
        }
        String what = c.removed() ? "on " + IpLiteral.format(vip) : "of bucket " + bucket + " on " + IpLiteral.format(vip);
        try (VipConnections connections = VipConnections.open()) {
            ConnectionsClosed r = c.removed() ? connections.closeAll(vip)
                    : connections.close(before.spec(), BucketSet.of(before.spec().buckets(), bucket));
            if (!left && r.closed() + r.gone() + r.notClosed() == 0) {
                return; // the stop of an instance that was not running here, and nothing on the VIP: nothing to say
            }
            String line = "stop: " + r.summary(what);
            if (r.notClosed() == 0) {
                log.info(line);
            } else {
                log.warn(line + (r.unsupported() ? "; their clients find out on their next packet" : ""));
            }
        } catch (KernelException | RuntimeException e) {
            log.warn("stop: could not close the TCP connections " + what + ": " + e.getMessage());
        }
    }
}
