package io.clonevip.agent.ipaddr;

import io.clonevip.cluster.ClusterChange;
import io.clonevip.cluster.ClusterIpNode;
import io.clonevip.cluster.ClusterIpSpec;
import io.clonevip.cluster.ClusterIpSpecBuilder;
import io.clonevip.cluster.ClusterSpecException;
import io.clonevip.cluster.ClusterState;
import io.clonevip.cluster.DesiredState;
import io.clonevip.cluster.DesiredStates;
import io.clonevip.cluster.NodeStatus;
import io.clonevip.cluster.VipAddress;
import io.clonevip.nativ.KernelException;
import io.clonevip.netlink.NetlinkConn;
import io.clonevip.nft.Applied;
import io.clonevip.ocf.OcfEnv;
import io.clonevip.ocf.OcfException;
import io.clonevip.ocf.OcfExitCode;
import io.clonevip.rtnl.AddressOps;
import io.clonevip.rtnl.IfAddr;
import io.clonevip.rtnl.IpLiteral;
import io.clonevip.rtnl.Link;
import io.clonevip.rtnl.MacAddress;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;

/**
 * One instance of a load-shared clone: bucket k of N on this node through
 * {@link ClusterIpNode} (nftables ruleset + VIP + cluster MAC membership; concurrent instances
 * converge without a lock). Monitor: this bucket, the ruleset (as configured), the address and
 * the membership all in place → running; this bucket not local → not running, whatever other
 * buckets the node serves; bucket local but something missing → ERR_GENERIC naming it.
 * The node's bucket count goes to the clone count attribute after every action.
 */
final class CloneVip implements VipMode {
    private final VipSettings s;
    private final OcfEnv env;
    private final CloneCountPublisher publisher;
    private final NodeOpener nodes;
    private final BucketHandover handover;

    CloneVip(VipSettings s, OcfEnv env, CloneCountPublisher publisher, NodeOpener nodes, DrainNotices drains) {
        this.s = s;
        this.env = env;
        this.publisher = publisher;
        this.nodes = nodes;
        this.handover = new BucketHandover(s, env, drains);
    }

    /** Where this node's desired state of the VIP is recorded (see {@link DesiredStates}). */
    DesiredStates desired() {
        return DesiredStates.at(DesiredStates.root(env.variables()), s.compat().netns());
    }

    /** The recorded desired state, or null when none is recorded or it does not read (the monitor then judges by the kernel alone). */
    private DesiredState readDesired() {
        try {
            return desired().read(s.ip());
        } catch (java.io.IOException | ClusterSpecException e) {
            env.log().warn("desired state of " + IpLiteral.format(s.ip()) + ": " + e.getMessage());
            return null;
        }
    }

    int bucket() {
        return s.bucket().bucket();
    }

    /** The spec every node must agree on; a bad value names the OCF parameter. */
    ClusterIpSpec spec(String nic) {
        try {
            ClusterIpSpecBuilder b = ClusterIpSpec.builder().vip(s.ip()).nic(nic).buckets(s.bucket().total())
                    .hashMode(s.hashMode()).clusterMac(s.mac());
            if (s.seed() != null) {
                b.seed(s.seed());
            }
            return b.build();
        } catch (ClusterSpecException e) {
            String name = switch (e.parameter()) {
                case "vip" -> "ip";
                case "buckets" -> "clone_max";
                case "hashMode" -> "clusterip_hash";
                case "seed" -> "hash_seed";
                case "clusterMac" -> "mac";
                default -> e.parameter();
            };
            throw VipSettings.specError(name, e);
        }
    }

    private VipAddress address(Integer prefix) {
        int p = prefix != null ? prefix : s.ip() instanceof Inet4Address ? 32 : 128;
        return new VipAddress(p, s.broadcast(), s.label());
    }

    /**
     * One nf_tables read and one transaction ({@link ClusterIpNode#join}), whose result says
     * whether the VIP was already served (no announcement then) and gives the clone count.
     */
    @Override
    public void start() throws KernelException {
        try (ClusterIpNode node = nodes.open().recordingTo(desired())) {
            NetlinkConn conn = node.rtnetlink();
            VipPlacement p = VipPlacement.resolve(s, conn);
            Link nic = p.requireNic(s);
            int prefix = p.requirePrefix(s);
            if (s.compat().linkDown(nic)) {
                throw OcfException.generic("cannot start bucket " + bucket() + ": check_link_status: " + nic.name()
                        + " has operational state " + nic.operState());
            }
            ClusterIpSpec spec = spec(nic.name());
            for (String advice : spec.advisories()) {
                env.log().warn(advice);
            }
            boolean addressWas = !p.present().isEmpty();
            boolean joinedWas = node.joined(spec, nic);
            AddressOps ops = new AddressOps(conn);
            for (IfAddr a : p.present()) {
                if (a.prefix() != prefix) {
                    ops.delete(a); // stale entry with another prefix
                }
            }
            long guardMs = handover.guardFor();
            ClusterChange c = node.join(spec, address(prefix), bucket(), guardMs);
            handover.joined(c, guardMs);
            boolean served = c.before() != null && c.before().spec().equals(spec)
                    && ClusterIpNode.status(c.before(), nic, addressWas, joinedWas).whole();
            env.log().info("bucket " + bucket() + "/" + spec.buckets() + " of " + IpLiteral.format(s.ip()) + " on "
                    + nic.name());
            if (!served) {
                new Announcement(env.log()).announce(s, nic, MacAddress.of(spec.clusterMac().bytes()));
            }
            publish(node, c.localCount(), c.generation(), false);
        }
    }

    /** One nf_tables read and one transaction ({@link ClusterIpNode#leave}), whose result says what was running. */
    @Override
    public void stop() throws KernelException {
        try (ClusterIpNode node = nodes.open().recordingTo(desired())) {
            NetlinkConn conn = node.rtnetlink();
            VipPlacement p = VipPlacement.resolve(s, conn);
            ClusterChange c;
            if (p.nicMissing()) {
                env.log().info("stop: interface " + s.nic() + " does not exist here; removing bucket " + bucket()
                        + " from the ruleset only");
                c = node.tables().leave(s.ip(), bucket());
                closeConnections(c);
            } else if ((c = handover.drain(node, spec(p.nic().name()), address(p.prefix()))) != null) {
                publish(node, c.localCount(), c.generation(), false);
                return;
            } else {
                VipAddress a = address(p.prefix());
                c = node.leave(spec(p.nic().name()), a, bucket(), this::closeConnections);
                if (c.removed()) {
                    AddressOps ops = new AddressOps(conn);
                    for (IfAddr x : p.present()) {
                        if (x.prefix() != a.prefix()) {
                            ops.delete(x);
                        }
                    }
                }
            }
            ClusterState before = c.before();
            boolean running = before != null && bucket() <= before.local().total() && before.local().contains(bucket());
            boolean last = c.removed();
            if (last) {
                new Announcement(env.log()).stop(s.ip());
                if (s.flushRoutes()) {
                    SingleVip.flushRouteCache(s.ip() instanceof Inet4Address, env);
                }
            }
            if (!running) {
                env.log().info("stop: bucket " + bucket() + " of " + IpLiteral.format(s.ip()) + " was not running here: "
                        + (last && before != null ? "removed the rest of its ruleset" : "nothing to do"));
            } else if (last) {
                env.log().info("bucket " + bucket() + " was the last of " + IpLiteral.format(s.ip()) + " here: removed it all");
            }
            publish(node, c.localCount(), c.generation(), false);
        }
    }

    /** After the stop's transaction, before the address goes: see {@link StoppedConnections}. */
    private void closeConnections(ClusterChange c) {
        StoppedConnections.close(c, s.ip(), bucket(), env.log());
    }

    /** One nf_tables read; the address from the placement's read, the membership from /proc. */
    @Override
    public OcfExitCode monitor() throws KernelException {
        try (ClusterIpNode node = nodes.open().recordingTo(desired())) { // the end of an orphaned guard is recorded
            VipPlacement p = VipPlacement.resolve(s, node.rtnetlink());
            if (p.nicMissing()) {
                return OcfExitCode.NOT_RUNNING;
            }
            Applied<ClusterState> read = node.tables().observe(s.ip());
            ClusterState cs = read.value();
            publish(node, cs == null ? 0 : cs.local().size(), read.generation(), true);
            if (cs == null) { // only then does the recorded desired state matter: read it only then
                new DesiredCheck(s.ip(), bucket(), readDesired()).withoutTables(!p.present().isEmpty(), p.nic().name()).ifPresent(r -> { throw OcfException.generic(r); });
                return OcfExitCode.NOT_RUNNING;
            }
            if (bucket() > cs.local().total() || !cs.local().contains(bucket())) {
                return OcfExitCode.NOT_RUNNING; // this instance is not here, whatever else the node serves
            }
            if (s.compat().linkDown(p.nic())) {
                env.log().info("check_link_status: " + p.nic().name() + " has operational state " + p.nic().operState()
                        + ", so bucket " + bucket() + " counts as not running");
                return OcfExitCode.NOT_RUNNING;
            }
            NodeStatus st = cs.spec().nic().equals(p.nic().name())
                    ? ClusterIpNode.status(cs, p.nic(), !p.present().isEmpty(), node.joined(cs.spec(), p.nic()))
                    : node.status(s.ip()); // the ruleset names another NIC: look at that one
            if (st == null) {
                return OcfExitCode.NOT_RUNNING;
            }
            List<String> problems = new ArrayList<>(st.problems());
            ClusterIpSpec spec = spec(p.nic().name());
            String differs = RulesetMismatch.between(spec, cs.spec());
            if (!differs.isEmpty()) { // first, whole: what the operator must fix (docs/user/migration.md)
                problems.add(0, differs);
                throw OcfException.generic(String.join("; ", problems));
            }
            if (!problems.isEmpty()) {
                throw OcfException.generic("bucket " + bucket() + " partial: " + String.join("; ", problems));
            }
            handover.endOrphanGuard(node, cs);
            return OcfExitCode.SUCCESS;
        }
    }

    /** Publishes the node's bucket count (see {@link CountLock#publish}). */
    private void publish(ClusterIpNode node, int count, int generation, boolean onlyIfChanged) throws KernelException {
        if (s.attribute() != null) {
            CountLock.publish(node, env, s.ip(), s.attribute(), publisher, count, generation, onlyIfChanged);
        }
    }

    @Override
    public void check(String nic) {
        spec(nic);
    }
}
