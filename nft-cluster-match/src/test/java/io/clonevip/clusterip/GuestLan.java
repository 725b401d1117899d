package io.clonevip.clusterip;

import io.clonevip.nativ.NetNs;
import io.clonevip.netlink.NetlinkConn;
import io.clonevip.rtnl.AddressOps;
import io.clonevip.rtnl.IfAddr;
import io.clonevip.rtnl.Links;
import io.clonevip.rtnl.Rtnetlink;
import io.clonevip.testkit.net.TestNetns;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A LAN inside the guest: a bridge in its own namespace (multicast snooping off, so frames to
 * the cluster MAC reach every node), a client namespace ({@code c0}, many source addresses
 * 198.51.100.{@code firstHost}..), and node namespaces ({@code cv0}, no address: the test puts the
 * VIP there). Closing deletes exactly the namespaces it created.
 */
final class GuestLan implements AutoCloseable {
    final TestNetns sw;
    final TestNetns client;
    final List<TestNetns> nodes = new ArrayList<>();
    final List<Inet4Address> clientAddresses = new ArrayList<>();

    private GuestLan(TestNetns sw, TestNetns client) {
        this.sw = sw;
        this.client = client;
    }

    static GuestLan create(String tag, int nodes, int firstHost, int addresses) throws Exception {
        GuestLan lan = new GuestLan(TestNetns.create(tag + "s"), TestNetns.create(tag + "c"));
        try {
            lan.sw.ip("link", "add", "br0", "type", "bridge", "mcast_snooping", "0");
            lan.sw.ip("link", "set", "br0", "up");
            lan.client.veth("c0", lan.sw, "pc");
            lan.port("pc");
            for (int i = 1; i <= nodes; i++) {
                TestNetns n = TestNetns.create(tag + i);
                lan.nodes.add(n);
                n.veth("cv0", lan.sw, "p" + i);
                lan.port("p" + i);
                n.ip("link", "set", "cv0", "up");
            }
            lan.client.ip("link", "set", "c0", "up");
            for (int h = firstHost; h < firstHost + addresses; h++) {
                lan.clientAddresses.add((Inet4Address) InetAddress.ofLiteral("198.51.100." + h));
            }
            NetNs.run(lan.client.name(), () -> {
                try (NetlinkConn rtnl = Rtnetlink.open()) {
                    int index = new Links(rtnl).byName("c0").index();
                    for (Inet4Address a : lan.clientAddresses) new AddressOps(rtnl).add(IfAddr.of(a, 24, index));
                }
            });
            return lan;
        } catch (Exception | Error e) {
            lan.close();
            throw e;
        }
    }

    private void port(String name) {
        sw.ip("link", "set", name, "master", "br0");
        sw.ip("link", "set", name, "up");
    }

    TestNetns node(int k) { return nodes.get(k - 1); }

    /** Longer conntrack timeouts in a node namespace, so entries outlive a slow (TCG) batch; needs nf_conntrack loaded. */
    static void longConntrackTimeouts(TestNetns ns) throws Exception {
        NetNs.run(ns.name(), () -> {
            for (String k : List.of("nf_conntrack_tcp_timeout_close", "nf_conntrack_tcp_timeout_syn_recv", "nf_conntrack_udp_timeout",
                    "nf_conntrack_udp_timeout_stream", "nf_conntrack_icmp_timeout")) {
                Files.writeString(Path.of("/proc/sys/net/netfilter", k), "900\n");
            }
        });
    }

    @Override
    public void close() {
        for (TestNetns n : nodes) n.close();
        client.close();
        sw.close();
    }
}
