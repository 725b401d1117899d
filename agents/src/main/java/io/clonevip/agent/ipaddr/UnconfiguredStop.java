package io.clonevip.agent.ipaddr;

import io.clonevip.cluster.ClusterChange;
import io.clonevip.cluster.ClusterIpNode;
import io.clonevip.cluster.ClusterIpSpec;
import io.clonevip.cluster.ClusterState;
import io.clonevip.cluster.DesiredStates;
import io.clonevip.cluster.VipAddress;
import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.ocf.OcfEnv;
import io.clonevip.ocf.OcfException;
import io.clonevip.rtnl.AddressOps;
import io.clonevip.rtnl.IfAddr;
import io.clonevip.rtnl.IpLiteral;
import io.clonevip.rtnl.Link;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Stop when the parameters do not validate. Start refuses them, so they started nothing; what
 * is there was started by an earlier, valid configuration. A single VIP is left where it is
 * (which NIC and prefix a broken configuration means cannot be told, and the address may be
 * anyone's: IPaddr2 leaves it too). A load-shared instance is identified by what Pacemaker and
 * the parameters that do validate name exactly: ip and bucket (clone number + 1). If clonevip's
 * ruleset for that ip holds that bucket here, the bucket leaves, and with the last one the
 * ruleset, the address and the membership go as the ruleset records them (NIC, cluster MAC),
 * never as the broken parameters say: the same as a valid stop, so the bucket cannot be served
 * twice once the configuration is repaired and the instance starts elsewhere.
 *
 * @param ip     the VIP, as ip gives it
 * @param bucket the instance's bucket (1..clone-max)
 */
record UnconfiguredStop(InetAddress ip, int bucket) {

    /** The load-shared instance these parameters name, if they name one exactly. */
    static Optional<UnconfiguredStop> instance(OcfEnv env) {
        try {
            InetAddress ip = VipLiteral.address("ip", env.string("ip"));
            int max = env.cloneMax().orElse(1);
            int clone = env.cloneNumber().orElse(-1);
            boolean cloned = ip instanceof Inet4Address && max > 1 && clone >= 0 && clone < max
                    && !env.bool("unique_clone_address") && !env.choice("backend").equals("clusterip")
                    && env.optional("network_namespace").filter(n -> !n.isBlank()).isEmpty();
            return cloned ? Optional.of(new UnconfiguredStop(ip, clone + 1)) : Optional.empty();
        } catch (OcfException e) {
            return Optional.empty();
        }
    }

    /** Takes the bucket out as the kernel records it; returns what it did, for the log. */
    String leave(CloneCountPublisher publisher, OcfEnv env) throws KernelException {
        try (ClusterIpNode node = ClusterIpNode.open().recordingTo(DesiredStates.at(DesiredStates.root(env.variables()), null))) {
            ClusterState st = node.tables().state(ip);
            if (st == null || bucket > st.local().total() || !st.local().contains(bucket)) {
                return "bucket " + bucket + " of " + IpLiteral.format(ip) + " is not running here: nothing to stop";
            }
            ClusterIpSpec spec = st.spec();
            ClusterChange c;
            try {
                Link nic = node.nic(spec.nic());
                int prefix = 32;
                for (IfAddr a : addresses(node, nic)) {
                    prefix = a.prefix();
                }
                c = node.leave(spec, new VipAddress(prefix, null, null), bucket, x -> StoppedConnections.close(x, ip, bucket, env.log()));
            } catch (KernelException e) {
                if (!e.is(Errno.ENODEV)) {
                    throw e;
                }
                c = node.tables().leave(ip, bucket);
                StoppedConnections.close(c, ip, bucket, env.log());
            }
            boolean last = c.removed();
            if (last) {
                new Announcement(env.log()).stop(ip);
            }
            publish(node, publisher, env, c);
            return "bucket " + bucket + " of " + IpLiteral.format(ip) + " left as the ruleset records it (" + spec.nic()
                    + ", " + spec.clusterMac() + ")" + (last ? "; it was the last here: ruleset, address and "
                    + "membership removed" : "");
        }
    }

    private List<IfAddr> addresses(ClusterIpNode node, Link nic) throws KernelException {
        return new AddressOps(node.rtnetlink()).list(nic.index(), 2).stream().filter(a -> a.address().equals(ip)).toList();
    }

    /** The clone count, when the attribute name itself is valid (it may be the broken parameter). */
    private void publish(ClusterIpNode node, CloneCountPublisher publisher, OcfEnv env, ClusterChange c) throws KernelException {
        String attribute;
        try {
            attribute = VipSettings.attribute(env);
        } catch (OcfException e) {
            return;
        }
        if (attribute != null) {
            CountLock.publish(node, env, ip, attribute, publisher, c.localCount(), c.generation(), false);
        }
    }
}
