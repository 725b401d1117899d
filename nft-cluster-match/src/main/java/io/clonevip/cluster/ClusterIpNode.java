package io.clonevip.cluster;

import io.clonevip.nativ.KernelException;
import io.clonevip.netlink.NetlinkConn;
import io.clonevip.nft.NftConn;
import io.clonevip.packet.ArpMode;
import io.clonevip.packet.GratuitousArp;
import io.clonevip.packet.UnsolicitedNa;
import io.clonevip.rtnl.AddressOps;
import io.clonevip.rtnl.IfAddr;
import io.clonevip.rtnl.IpLiteral;
import io.clonevip.rtnl.Link;
import io.clonevip.rtnl.Links;
import io.clonevip.rtnl.MacAddress;
import io.clonevip.rtnl.MulticastMembership;
import io.clonevip.rtnl.Rtnetlink;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A whole cluster IP on this node: the nf_tables ruleset ({@link ClusterIpTables}), the VIP on
 * the NIC and the NIC's membership of the cluster MAC. What the agents and netctl use. Every
 * operation checks the NIC first, so an unknown NIC changes nothing. Works in the calling
 * thread's network namespace (use {@code NetNs} for another).
 */
public final class ClusterIpNode implements AutoCloseable {
    /**
     * How much longer than the node's last drain the VIP's address lives when the node serves
     * nothing: the resident daemon closes the drain's remaining connections in that time, while
     * their resets can still leave from the VIP, and removes the rest ({@link #removeIdle}).
     */
    public static final Duration ADDRESS_AFTER_DRAINS = Duration.ofSeconds(3);

    private final NftConn nft;
    private final NetlinkConn rtnl;
    private ClusterIpTables tables;

    private ClusterIpNode(NftConn nft, NetlinkConn rtnl) {
        this.nft = nft;
        this.rtnl = rtnl;
        this.tables = new ClusterIpTables(nft).withNicMacs(NicMacs.over(rtnl));
    }

    public static ClusterIpNode open() throws KernelException {
        NftConn nft = NftConn.open();
        try {
            return over(nft, Rtnetlink.open());
        } catch (KernelException | RuntimeException e) {
            nft.close();
            throw e;
        }
    }

    /** Over connections the caller opened (e.g. over transports a test counts); closing the node closes them. */
    public static ClusterIpNode over(NftConn nft, NetlinkConn rtnl) { return new ClusterIpNode(nft, rtnl); }

    public ClusterIpTables tables() { return tables; }

    /**
     * From now on every change of this node's tables also records the node's desired state in
     * {@code desired} ({@link ClusterIpTables#recordingTo}): what IPaddr3 and netctl do, so that
     * the resident daemon keeps the kernel at it. Returns this node.
     */
    public ClusterIpNode recordingTo(DesiredStates desired) {
        tables = tables.recordingTo(desired);
        return this;
    }

    /** The NETLINK_ROUTE connection this node works over, for the caller's own link and address reads. */
    public NetlinkConn rtnetlink() { return rtnl; }

    /** The nf_tables connection, e.g. for {@link NftConn#getGenId()} against {@link ClusterChange#generation()}. */
    public NftConn nft() { return nft; }

    /** The NIC, or ENODEV naming it. */
    public Link nic(String name) throws KernelException { return new Links(rtnl).byName(name); }

    private IfAddr ifAddr(ClusterIpSpec spec, VipAddress a, Link nic) {
        IfAddr ia = IfAddr.of(spec.vip(), a.prefix(), nic.index());
        if (!(spec.vip() instanceof Inet4Address)) return ia; // IPv6: no label, no broadcast; added with nodad (AddressOps)
        if (a.label() != null) ia = ia.withLabel(a.label());
        if (a.broadcast() != null) ia = ia.withBroadcast(a.broadcast());
        else if (a.prefix() < 31) ia = ia.withDefaultBroadcast();
        return ia;
    }

    private static MacAddress mac(ClusterIpSpec spec) { return MacAddress.of(spec.clusterMac().bytes()); }

    private void holdAddress(ClusterIpSpec spec, VipAddress a, Link nic) throws KernelException {
        holdAddress(spec, ifAddr(spec, a, nic), nic);
    }

    /**
     * {@code ia} (null: no address, only the membership) on the NIC and the NIC in the cluster MAC's
     * group. An IPv6 VIP is held deprecated (preferred lifetime 0, valid forever): never chosen as
     * the source of a connection the node opens itself, whose replies the cluster's hash would
     * send to any node (an IPv4 VIP, a secondary address, is not chosen either); connections to
     * the VIP are answered from it as ever.
     */
    private void holdAddress(ClusterIpSpec spec, IfAddr ia, Link nic) throws KernelException {
        if (ia != null && ia.ipv6()) new AddressOps(rtnl).add(ia, 0, IfAddr.FOREVER);
        else if (ia != null) new AddressOps(rtnl).add(ia);
        MulticastMembership.join(nic.name(), mac(spec));
    }

    /**
     * A clone instance starts: bucket joins (config created if first), address and membership in
     * place. Returns the ruleset's state before and after, from the transaction's one read.
     */
    public ClusterChange join(ClusterIpSpec spec, VipAddress a, int bucket) throws KernelException {
        return join(spec, a, bucket, 0);
    }

    /**
     * As {@link #join(ClusterIpSpec, VipAddress, int)}, guarding the bucket for {@code guardMs}
     * (0: no guard) in the same transaction ({@link ClusterIpTables#join(ClusterIpSpec, int, long)}):
     * another node drains it.
     */
    public ClusterChange join(ClusterIpSpec spec, VipAddress a, int bucket, long guardMs) throws KernelException {
        Link nic = nic(spec.nic());
        ClusterChange c = tables.join(spec, bucket, guardMs);
        holdAddress(spec, a, nic);
        return c;
    }

    /**
     * A clone instance stops: the bucket leaves; with the last one the ruleset, the address and
     * the membership go ({@link ClusterChange#removed()}). A concurrent {@link #join} that
     * recreated the ruleset meanwhile gets its address back (converging, no lock).
     */
    public ClusterChange leave(ClusterIpSpec spec, VipAddress a, int bucket) throws KernelException {
        return leave(spec, a, bucket, c -> { });
    }

    /**
     * As {@link #leave(ClusterIpSpec, VipAddress, int)}, running {@code afterTables} with the
     * change between the transaction and the address's removal: the node no longer accepts the
     * bucket's packets, and what it sends from the VIP still leaves (a stop closes the bucket's
     * connections there, so that their resets reach the clients).
     */
    public ClusterChange leave(ClusterIpSpec spec, VipAddress a, int bucket, Consumer<ClusterChange> afterTables)
            throws KernelException {
        Link nic = nic(spec.nic());
        ClusterChange c = tables.leave(spec.vip(), bucket);
        afterTables.accept(c);
        afterStop(spec, a, nic, c);
        return c;
    }

    /**
     * A clone instance stops with a drain ({@link ClusterIpTables#drain}): {@code bucket} leaves
     * this node's set and its established connections are answered here for {@code limitMs}
     * more; limit 0 is {@link #leave}. The address and the membership stay; when the node then
     * serves nothing and only drains, the address gets a lifetime: the kernel deletes it
     * {@link #ADDRESS_AFTER_DRAINS} after the last drain ends, without any process running.
     */
    public ClusterChange drain(ClusterIpSpec spec, VipAddress a, int bucket, long limitMs) throws KernelException {
        return drain(spec, a, bucket, limitMs, c -> { });
    }

    /** As {@link #drain(ClusterIpSpec, VipAddress, int, long)}, running {@code afterTables} as {@link #leave} does. */
    public ClusterChange drain(ClusterIpSpec spec, VipAddress a, int bucket, long limitMs, Consumer<ClusterChange> afterTables)
            throws KernelException {
        Link nic = nic(spec.nic());
        ClusterChange c = tables.drain(spec.vip(), bucket, limitMs);
        afterTables.accept(c);
        afterStop(spec, a, nic, c);
        return c;
    }

    /** After a stop's transaction: with the VIP gone, its address and membership go; with only drains left, the address expires after them. */
    private void afterStop(ClusterIpSpec spec, VipAddress a, Link nic, ClusterChange c) throws KernelException {
        if (c.removed()) {
            release(spec, a, nic, c.generation());
            return;
        }
        if (!c.after().local().isEmpty()) return;
        IfAddr ia = ifAddr(spec, a, nic);
        holdFor(spec, ia, nic, c.after());
        if (nft.getGenId() == c.generation()) return;
        ClusterState now = tables.state(spec.vip()); // a start or stop meanwhile: hold for what it left
        if (now != null) holdFor(spec, ia, nic, now);
    }

    /**
     * The address and membership as {@code st} needs them: forever while it serves a bucket;
     * while it only drains, until {@link #ADDRESS_AFTER_DRAINS} after its last drain ends
     * (seconds, rounded up: the address's lifetime is in seconds); idle, as they are.
     */
    private void holdFor(ClusterIpSpec spec, IfAddr ia, Link nic, ClusterState st) throws KernelException {
        long lastMs = 0;
        boolean endless = false; // a drain without a timeout (not one clonevip wrote): no lifetime
        for (ClusterState.TimedBucket t : st.draining()) {
            endless |= t.expiresMs() == 0;
            lastMs = Math.max(lastMs, t.expiresMs());
        }
        if (!st.local().isEmpty() || endless) {
            holdAddress(spec, ia, nic);
        } else if (lastMs > 0) {
            long seconds = Math.ceilDiv(lastMs, 1000) + ADDRESS_AFTER_DRAINS.toSeconds();
            new AddressOps(rtnl).add(ia, ia.ipv6() ? 0 : seconds, seconds);
            MulticastMembership.join(nic.name(), mac(spec));
        }
    }

    /**
     * The address and membership go; when the ruleset changed since generation {@code gen} (a
     * concurrent join may have recreated it) and the VIP is configured again, they come back.
     */
    private void release(ClusterIpSpec spec, VipAddress a, Link nic, int gen) throws KernelException {
        release(spec, ifAddr(spec, a, nic), nic, gen);
    }

    /** As above for the address {@code ia} (null: none on the NIC, only the membership goes). */
    private void release(ClusterIpSpec spec, IfAddr ia, Link nic, int gen) throws KernelException {
        if (ia != null) new AddressOps(rtnl).delete(ia);
        MulticastMembership.leave(nic.name(), mac(spec));
        if (nft.getGenId() != gen && tables.state(spec.vip()) != null) holdAddress(spec, ia, nic);
    }

    /**
     * Ends the drain of {@code bucket} now ({@link ClusterIpTables#endDrain}; {@code netctl buckets
     * undrain}). When this node then neither serves nor drains a bucket of the VIP, its tables go
     * ({@link ClusterChange#removed()}) and, as with the last {@link #leave}, so do the VIP's
     * address and the membership: without the tables a VIP left on the NIC would answer every
     * client. The address is removed as the NIC has it (its prefix is not known here).
     */
    public ClusterChange endDrain(InetAddress vip, int bucket) throws KernelException {
        return endDrain(vip, bucket, c -> { });
    }

    /**
     * As {@link #endDrain(InetAddress, int)}, running {@code afterTables} with the change between
     * the transaction and the address's removal, as {@link #leave} does: the node closes the
     * drain's remaining connections there, so that their resets still leave from the VIP.
     */
    public ClusterChange endDrain(InetAddress vip, int bucket, Consumer<ClusterChange> afterTables) throws KernelException {
        ClusterChange c = tables.endDrain(vip, bucket);
        afterTables.accept(c);
        releaseAsHeld(vip, c);
        return c;
    }

    /**
     * Removes what is left of a VIP this node neither serves nor drains any more: its tables when
     * they read as idle ({@link ClusterIpTables#removeIdle}: whole, a layout that drains, no
     * bucket served or drained), and then, as after the last {@link #endDrain}, the address as the NIC
     * has it and the membership. What the resident daemon does once the kernel ended the last
     * drain. Anything not idle is left alone ({@link ClusterChange#removed()} false, or
     * {@code before} null when the VIP has no tables here).
     */
    public ClusterChange removeIdle(InetAddress vip) throws KernelException {
        ClusterChange c = tables.removeIdle(vip);
        releaseAsHeld(vip, c);
        return c;
    }

    /** When {@code c} removed the VIP's tables: its address as the NIC has it (its prefix is not known here) and the membership go. */
    private void releaseAsHeld(InetAddress vip, ClusterChange c) throws KernelException {
        if (!c.removed() || c.before() == null) return;
        ClusterIpSpec spec = c.before().spec();
        Link nic = nic(spec.nic());
        IfAddr held = null;
        for (IfAddr ia : new AddressOps(rtnl).list(nic.index(), 0)) if (ia.address().equals(vip)) held = ia;
        release(spec, held, nic, c.generation());
    }

    /** The whole configuration with exactly {@code local} as this node's buckets (netctl migrate --apply). */
    public ClusterChange apply(ClusterIpSpec spec, VipAddress a, BucketSet local) throws KernelException {
        Link nic = nic(spec.nic());
        ClusterChange c = tables.apply(spec, local);
        holdAddress(spec, a, nic);
        return c;
    }

    /** Removes everything of this VIP from this node; absent is success. */
    public ClusterChange remove(ClusterIpSpec spec, VipAddress a) throws KernelException {
        Link nic = nic(spec.nic());
        ClusterChange c = tables.remove(spec.vip());
        release(spec, a, nic, c.generation());
        return c;
    }

    /**
     * Sends gratuitous ARPs for the VIP with the cluster MAC as sender hardware address; for an
     * IPv6 VIP unsolicited neighbour advertisements with the cluster MAC as target link-layer
     * address ({@code mode} does not apply). A packet socket bypasses the output hook, so the
     * frames carry the cluster MAC themselves.
     */
    public void announce(ClusterIpSpec spec, int count, Duration interval, ArpMode mode) throws KernelException {
        if (spec.vip() instanceof Inet6Address v6) {
            UnsolicitedNa.of(nic(spec.nic()), v6).withTargetMac(mac(spec)).send(count, interval);
            return;
        }
        GratuitousArp.of(nic(spec.nic()), (Inet4Address) spec.vip()).withSenderMac(mac(spec)).withMode(mode).send(count, interval);
    }

    /** Whether {@code vip} is on {@code nic} (any prefix). */
    public boolean hasAddress(Link nic, InetAddress vip) throws KernelException {
        for (IfAddr ia : new AddressOps(rtnl).list(nic.index(), 0)) if (ia.address().equals(vip)) return true;
        return false;
    }

    /** This node's status for {@code vip}, or null when no ruleset exists for it. */
    public NodeStatus status(InetAddress vip) throws KernelException {
        ClusterState st = tables.state(vip);
        return st == null ? null : status(st);
    }

    /** Every cluster IP configured on this node. */
    public List<NodeStatus> statusAll() throws KernelException {
        List<NodeStatus> out = new ArrayList<>();
        for (ClusterState st : tables.list()) out.add(status(st));
        return out;
    }

    private NodeStatus status(ClusterState st) throws KernelException {
        try {
            Link nic = nic(st.spec().nic());
            return status(st, nic, hasAddress(nic, st.spec().vip()), joined(st.spec(), nic));
        } catch (KernelException e) {
            List<String> problems = new ArrayList<>(st.problems());
            problems.add("NIC " + st.spec().nic() + ": " + e.getMessage());
            if (st.local().isEmpty()) problems.add("no local bucket (this node answers nobody)");
            return new NodeStatus(st, false, false, List.copyOf(problems));
        }
    }

    /** Whether {@code nic} has joined the cluster MAC of {@code spec}. */
    public boolean joined(ClusterIpSpec spec, Link nic) throws KernelException {
        return MulticastMembership.isJoined(nic.name(), mac(spec));
    }

    /**
     * The status of {@code st} whose NIC {@code nic} the caller has looked up, with what it has
     * read of the address ({@link #hasAddress}) and the membership ({@link #joined}): no read here.
     */
    public static NodeStatus status(ClusterState st, Link nic, boolean addressPresent, boolean joined) {
        List<String> problems = new ArrayList<>(st.problems());
        if (!addressPresent) problems.add("address " + IpLiteral.format(st.spec().vip()) + " missing on " + nic.name());
        if (!joined) problems.add(nic.name() + " has not joined the cluster MAC " + st.spec().clusterMac());
        if (st.local().isEmpty()) problems.add("no local bucket (this node answers nobody)");
        return new NodeStatus(st, addressPresent, joined, List.copyOf(problems));
    }

    @Override
    public void close() {
        try {
            nft.close();
        } finally {
            rtnl.close();
        }
    }
}
