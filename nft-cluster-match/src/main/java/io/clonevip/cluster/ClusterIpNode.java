package io.clonevip.cluster;

import io.clonevip.nativ.KernelException;
import io.clonevip.netlink.NetlinkConn;
import io.clonevip.nft.NftConn;
import io.clonevip.packet.ArpMode;
import io.clonevip.packet.GratuitousArp;
import io.clonevip.packet.UnsolicitedNa;
import io.clonevip.rtnl.IfAddr;
import io.clonevip.rtnl.IpLiteral;
import io.clonevip.rtnl.Link;
import io.clonevip.rtnl.Links;
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
    private final VipHold hold;
    private ClusterIpTables tables;

    private ClusterIpNode(NftConn nft, NetlinkConn rtnl) {
        this.nft = nft;
        this.rtnl = rtnl;
        this.hold = new VipHold(rtnl);
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
        hold.hold(spec, VipHold.ifAddr(spec, a, nic), nic);
        return c;
    }

    /**
     * A clone instance stops: the bucket leaves; with the last one the ruleset, the address and
     * the membership go ({@link ClusterChange#removed()}): the address first, while the idle
     * tables still drop every packet to the VIP ({@link VipRetirement}). A concurrent {@link #join}
     * that took a bucket meanwhile keeps the tables and gets its address back (converging, no lock).
     */
    public ClusterChange leave(ClusterIpSpec spec, VipAddress a, int bucket) throws KernelException {
        return leave(spec, a, bucket, c -> { });
    }

    /**
     * As {@link #leave(ClusterIpSpec, VipAddress, int)}, running {@code afterTables} with the
     * change between the transaction and the address's removal: the node no longer accepts the
     * bucket's packets, and what it sends from the VIP still leaves (a stop closes the bucket's
     * connections there, so that their resets reach the clients). With the last bucket it sees
     * the change as {@link ClusterChange#removed() removed}.
     */
    public ClusterChange leave(ClusterIpSpec spec, VipAddress a, int bucket, Consumer<ClusterChange> afterTables)
            throws KernelException {
        Link nic = nic(spec.nic());
        ClusterChange c = tables.leave(spec.vip(), bucket, true);
        if (VipRetirement.retiring(c)) return new VipRetirement(tables, hold).retire(c, afterTables, VipHold.ifAddr(spec, a, nic), nic);
        afterTables.accept(c);
        afterStop(spec, a, nic, c);
        return c;
    }

    /**
     * A clone instance stops with a drain ({@link ClusterIpTables#drain}): {@code bucket} leaves
     * this node's set and its established connections are answered here for {@code limitMs}
     * more; limit 0 is {@link #leave}. The address and the membership stay; when the node then
     * serves nothing and only drains, the address gets a lifetime: the kernel deletes it
     * {@link #ADDRESS_AFTER_DRAINS} after the last drain ends, without any process running, and
     * leaves the idle tables, which drop every packet to the VIP ({@link #removeIdle} removes them).
     */
    public ClusterChange drain(ClusterIpSpec spec, VipAddress a, int bucket, long limitMs) throws KernelException {
        return drain(spec, a, bucket, limitMs, c -> { });
    }

    /** As {@link #drain(ClusterIpSpec, VipAddress, int, long)}, running {@code afterTables} as {@link #leave} does. */
    public ClusterChange drain(ClusterIpSpec spec, VipAddress a, int bucket, long limitMs, Consumer<ClusterChange> afterTables)
            throws KernelException {
        if (limitMs == 0) return leave(spec, a, bucket, afterTables);
        Link nic = nic(spec.nic());
        ClusterChange c = tables.drain(spec.vip(), bucket, limitMs);
        afterTables.accept(c);
        afterStop(spec, a, nic, c);
        return c;
    }

    /** After a stop's transaction: with the VIP gone, its address and membership go; with only drains left, the address expires after them. */
    private void afterStop(ClusterIpSpec spec, VipAddress a, Link nic, ClusterChange c) throws KernelException {
        IfAddr ia = VipHold.ifAddr(spec, a, nic);
        if (c.removed()) {
            release(spec, ia, nic, c.generation());
            return;
        }
        if (!c.after().local().isEmpty()) return;
        hold.holdFor(spec, ia, nic, c.after(), ADDRESS_AFTER_DRAINS);
        if (nft.getGenId() == c.generation()) return;
        ClusterState now = tables.state(spec.vip()); // a start or stop meanwhile: hold for what it left
        if (now != null) hold.holdFor(spec, ia, nic, now, ADDRESS_AFTER_DRAINS);
    }

    /**
     * The address and membership go; when the ruleset changed since generation {@code gen} (a
     * concurrent join may have recreated it) and the VIP is configured again, they come back.
     */
    private void release(ClusterIpSpec spec, IfAddr ia, Link nic, int gen) throws KernelException {
        hold.drop(spec, ia, nic);
        if (nft.getGenId() != gen && tables.state(spec.vip()) != null) hold.hold(spec, ia, nic);
    }

    /**
     * Ends the drain of {@code bucket} now ({@link ClusterIpTables#endDrain}; {@code netctl buckets
     * undrain}). When this node then neither serves nor drains a bucket of the VIP, its address
     * (as the NIC has it: its prefix is not known here), the membership and then its tables go,
     * as with the last {@link #leave}.
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
        ClusterChange c = tables.endDrain(vip, bucket, true);
        if (!VipRetirement.retiring(c)) {
            afterTables.accept(c);
            return c;
        }
        Link nic = nic(c.after().spec().nic());
        return new VipRetirement(tables, hold).retire(c, afterTables, hold.held(nic, vip), nic);
    }

    /**
     * Removes what is left of a VIP this node neither serves nor drains any more: when its tables
     * read as idle (whole, a layout that drains, no bucket served or drained), the address as the
     * NIC has it and the membership go, then the tables ({@link ClusterIpTables#removeIdle}: a
     * start that takes a bucket meanwhile keeps them, and the address comes back). What the
     * resident daemon does once the kernel ended the last drain. Anything not idle is left
     * alone ({@link ClusterChange#removed()} false, or {@code before} null when the VIP has no
     * tables here).
     */
    public ClusterChange removeIdle(InetAddress vip) throws KernelException {
        int gen = nft.getGenId(); // the read below holds for it, or the removal reads again
        ClusterState st = tables.state(vip);
        ClusterChange read = new ClusterChange(st, st, gen);
        if (!ClusterStops.removable(st)) return read; // left as read
        Link nic = nic(st.spec().nic());
        return new VipRetirement(tables, hold).retire(read, c -> { }, hold.held(nic, vip), nic);
    }

    /** The whole configuration with exactly {@code local} as this node's buckets (netctl migrate --apply). */
    public ClusterChange apply(ClusterIpSpec spec, VipAddress a, BucketSet local) throws KernelException {
        Link nic = nic(spec.nic());
        ClusterChange c = tables.apply(spec, local);
        hold.hold(spec, VipHold.ifAddr(spec, a, nic), nic);
        return c;
    }

    /** Removes everything of this VIP from this node; absent is success. */
    public ClusterChange remove(ClusterIpSpec spec, VipAddress a) throws KernelException {
        Link nic = nic(spec.nic());
        ClusterChange c = tables.remove(spec.vip());
        release(spec, VipHold.ifAddr(spec, a, nic), nic, c.generation());
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
            UnsolicitedNa.of(nic(spec.nic()), v6).withTargetMac(VipHold.mac(spec)).send(count, interval);
            return;
        }
        GratuitousArp.of(nic(spec.nic()), (Inet4Address) spec.vip()).withSenderMac(VipHold.mac(spec)).withMode(mode).send(count, interval);
    }

    /** Whether {@code vip} is on {@code nic} (any prefix). */
    public boolean hasAddress(Link nic, InetAddress vip) throws KernelException { return hold.held(nic, vip) != null; }

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
    public boolean joined(ClusterIpSpec spec, Link nic) throws KernelException { return VipHold.joined(spec, nic); }

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
