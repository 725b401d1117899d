package io.clonevip.cluster;

import io.clonevip.nativ.KernelException;
import io.clonevip.netlink.NetlinkConn;
import io.clonevip.rtnl.AddressOps;
import io.clonevip.rtnl.IfAddr;
import io.clonevip.rtnl.Link;
import io.clonevip.rtnl.MacAddress;
import io.clonevip.rtnl.MulticastMembership;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;

/**
 * What a node holds of a cluster IP besides its tables: the VIP's address on the NIC and the
 * NIC's membership of the cluster MAC. {@link ClusterIpNode} decides when; this class only does it.
 */
final class VipHold {
    private final NetlinkConn rtnl;

    VipHold(NetlinkConn rtnl) { this.rtnl = rtnl; }

    /** The address {@code a} of {@code spec}'s VIP on {@code nic}. */
    static IfAddr ifAddr(ClusterIpSpec spec, VipAddress a, Link nic) {
        IfAddr ia = IfAddr.of(spec.vip(), a.prefix(), nic.index());
        if (!(spec.vip() instanceof Inet4Address)) return ia; // IPv6: no label, no broadcast; added with nodad (AddressOps)
        if (a.label() != null) ia = ia.withLabel(a.label());
        if (a.broadcast() != null) ia = ia.withBroadcast(a.broadcast());
        else if (a.prefix() < 31) ia = ia.withDefaultBroadcast();
        return ia;
    }

    static MacAddress mac(ClusterIpSpec spec) { return MacAddress.of(spec.clusterMac().bytes()); }

    /**
     * {@code ia} (null: no address, only the membership) on the NIC and the NIC in the cluster MAC's
     * group. An IPv6 VIP is held deprecated (preferred lifetime 0, valid forever): never chosen as
     * the source of a connection the node opens itself, whose replies the cluster's hash would
     * send to any node (an IPv4 VIP, a secondary address, is not chosen either); connections to
     * the VIP are answered from it as ever.
     */
    void hold(ClusterIpSpec spec, IfAddr ia, Link nic) throws KernelException {
        if (ia != null && ia.ipv6()) new AddressOps(rtnl).add(ia, 0, IfAddr.FOREVER);
        else if (ia != null) new AddressOps(rtnl).add(ia);
        MulticastMembership.join(nic.name(), mac(spec));
    }

    /**
     * The address and membership as {@code st} needs them: forever while it serves a bucket;
     * while it only drains, until {@code after} past its last drain's end (seconds, rounded up:
     * the address's lifetime is in seconds); idle, as they are.
     */
    void holdFor(ClusterIpSpec spec, IfAddr ia, Link nic, ClusterState st, Duration after) throws KernelException {
        long lastMs = 0;
        boolean endless = false; // a drain without a timeout (not one clonevip wrote): no lifetime
        for (ClusterState.TimedBucket t : st.draining()) {
            endless |= t.expiresMs() == 0;
            lastMs = Math.max(lastMs, t.expiresMs());
        }
        if (!st.local().isEmpty() || endless) {
            hold(spec, ia, nic);
        } else if (lastMs > 0) {
            long seconds = Math.ceilDiv(lastMs, 1000) + after.toSeconds();
            new AddressOps(rtnl).add(ia, ia.ipv6() ? 0 : seconds, seconds);
            MulticastMembership.join(nic.name(), mac(spec));
        }
    }

    /** {@code ia} (null: none on the NIC) and the membership go. */
    void drop(ClusterIpSpec spec, IfAddr ia, Link nic) throws KernelException {
        if (ia != null) new AddressOps(rtnl).delete(ia);
        MulticastMembership.leave(nic.name(), mac(spec));
    }

    /** {@code vip} as {@code nic} has it (its prefix and lifetimes), or null. */
    IfAddr held(Link nic, InetAddress vip) throws KernelException {
        IfAddr held = null;
        for (IfAddr ia : new AddressOps(rtnl).list(nic.index(), 0)) if (ia.address().equals(vip)) held = ia;
        return held;
    }

    /** Whether {@code nic} has joined the cluster MAC of {@code spec}. */
    static boolean joined(ClusterIpSpec spec, Link nic) throws KernelException {
        return MulticastMembership.isJoined(nic.name(), mac(spec));
    }
}
