package io.clonevip.lab.net;

import io.clonevip.cluster.ClusterIpNode;
import io.clonevip.cluster.ClusterIpSpec;
import io.clonevip.cluster.VipAddress;
import io.clonevip.nativ.NetNs;
import io.clonevip.testkit.Leftovers;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

/**
 * A {@link NetLab} of three nodes joined to one VIP the way the agent does it (one
 * {@link ClusterIpNode#join} per clone instance, node i holding buckets i and i+3 of 6), with a
 * TCP/UDP responder on every node: the lab of the traffic and netctl tests, for either family
 * (the VIP's: IPv4 on {@link NetLab#start}, IPv6 on {@link NetLab#startIpv6}). {@link #close()}
 * stops the responders, deletes the lab and fails if any of its namespaces is left.
 */
public final class JoinedVipLab implements AutoCloseable {
    /** The responders' port. */
    public static final int PORT = 3306;
    /** The VIP's bucket count. */
    public static final int BUCKETS = 6;

    private final NetLab net;
    private final Responders responders = new Responders();
    private final InetAddress vip;
    private final ClusterIpSpec spec;
    private final VipAddress address;

    private JoinedVipLab(NetLab net, String literal, InetAddress vip) {
        this.net = net;
        this.vip = vip;
        this.spec = ClusterIpSpec.builder().vip(literal).nic("eth0").buckets(BUCKETS).build();
        this.address = VipAddress.of(vip instanceof Inet6Address ? NetLab.PREFIX6_LEN : NetLab.PREFIX_LEN);
    }

    /** The lab for {@code vip} (an address of the lab's network), every node joined and answering. */
    public static JoinedVipLab start(String vip) throws Exception {
        InetAddress a = InetAddress.ofLiteral(vip);
        NetLab net = a instanceof Inet6Address ? NetLab.startIpv6(3) : NetLab.start(3);
        JoinedVipLab lab = new JoinedVipLab(net, vip, a);
        try {
            for (int i = 1; i <= 3; i++) {
                lab.join(i, i);
                lab.join(i, i + 3);
                lab.responders.start(net.node(i), "n" + i, a, PORT);
            }
        } catch (Exception | Error e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    public NetLab net() { return net; }
    public Responders responders() { return responders; }
    public InetAddress vip() { return vip; }
    public ClusterIpSpec spec() { return spec; }
    /** The VIP's address entry on the nodes (/24 or /64). */
    public VipAddress address() { return address; }

    /** What an instance's start does on node {@code node} for {@code bucket}. */
    public void join(int node, int bucket) throws Exception {
        in(node, n -> n.join(spec, address, bucket));
    }

    /** As {@link #join(int, int)}, guarding the bucket for {@code guardMs}. */
    public void join(int node, int bucket, long guardMs) throws Exception {
        in(node, n -> n.join(spec, address, bucket, guardMs));
    }

    /** What an instance's stop does on node {@code node} for {@code bucket}. */
    public void leave(int node, int bucket) throws Exception {
        in(node, n -> n.leave(spec, address, bucket));
    }

    /** A stop with a drain of {@code limitMs} on node {@code node}. */
    public void drain(int node, int bucket, long limitMs) throws Exception {
        in(node, n -> n.drain(spec, address, bucket, limitMs));
    }

    /** One change on node {@code node}'s {@link ClusterIpNode}. */
    public interface NodeWork {
        void run(ClusterIpNode n) throws Exception;
    }

    /** Runs {@code work} on a {@link ClusterIpNode} opened in node {@code node}. */
    public void in(int node, NodeWork work) throws Exception {
        NetNs.run(net.node(node), () -> {
            try (ClusterIpNode n = ClusterIpNode.open()) {
                work.run(n);
            }
        });
    }

    /** A client in namespace {@code ns} (the lab's client or, IPv6, the remote one behind the router) sending to the VIP. */
    public TrafficClient client(String ns) {
        return new TrafficClient(ns, net.addressOf(ns), vip, PORT, 2000);
    }

    @Override
    public void close() {
        responders.close();
        net.close();
        List<String> left = Leftovers.of(net.id(), List.of(), List.of());
        if (!left.isEmpty()) throw new LabException("namespaces left by the lab: " + left);
    }
}
