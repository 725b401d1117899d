package io.clonevip.lab.net;

import io.clonevip.cluster.DesiredStates;
import io.clonevip.testkit.Cmd;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The network lab: a bridge in its own namespace (multicast snooping off, so frames for the
 * cluster MAC reach every node), {@code n} node namespaces and one client namespace, each with
 * an {@code eth0} on the bridge. {@link #start} builds it for IPv4: addresses from
 * 198.51.100.0/24, IPv6 off. {@link #startIpv6} builds it for IPv6 (2001:db8:1::/64 on the
 * bridge, no duplicate address detection) and adds a router on the bridge (forwarding on) with a
 * remote client behind it on 2001:db8:2::/64, whose traffic reaches the nodes routed. Addresses
 * exist only inside these namespaces. Every name carries a per-run id; {@link #close()} kills the
 * processes inside and deletes exactly the namespaces it created.
 */
public final class NetLab implements AutoCloseable {
    public static final String PREFIX = "198.51.100.";
    public static final int PREFIX_LEN = 24;
    /** The bridge's IPv6 network ({@link #startIpv6}): 2001:db8:1::/64. */
    public static final String PREFIX6 = "2001:db8:1::";
    public static final int PREFIX6_LEN = 64;
    /** The remote client's network behind the router: 2001:db8:2::/64. */
    public static final String REMOTE6 = "2001:db8:2::";

    private final String id;
    private final String lan;
    private final List<String> nodes = new ArrayList<>();
    private final String client;
    private final boolean ipv6;
    private final String router;
    private final String remote;
    private final List<String> created = new ArrayList<>();
    private boolean closed;

    private NetLab(String id, int n, boolean ipv6) {
        this.id = id;
        this.lan = id + "-lan";
        for (int i = 1; i <= n; i++) nodes.add(id + "-n" + i);
        this.client = id + "-c";
        this.ipv6 = ipv6;
        this.router = ipv6 ? id + "-r" : null;
        this.remote = ipv6 ? id + "-rc" : null;
    }

    /** Builds an IPv4 lab with {@code n} nodes (1..9) and a client. */
    public static NetLab start(int n) {
        return start(n, false);
    }

    /**
     * Builds an IPv6 lab with {@code n} nodes (1..9), a client on the bridge, a router on the
     * bridge and a remote client behind it ({@link #router()}, {@link #remote()}).
     */
    public static NetLab startIpv6(int n) {
        return start(n, true);
    }

    private static NetLab start(int n, boolean ipv6) {
        if (n < 1 || n > 9) throw new LabException("nodes must be 1..9, got " + n);
        String id = "cv" + Integer.toHexString(0x1000 + ThreadLocalRandom.current().nextInt(0xefff));
        NetLab lab = new NetLab(id, n, ipv6);
        try {
            lab.build();
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    private void build() {
        addNs(lan);
        Cmd.ok("ip", "-n", lan, "link", "add", "br0", "type", "bridge", "mcast_snooping", "0", "stp_state", "0", "forward_delay", "0");
        Cmd.ok("ip", "-n", lan, "link", "set", "br0", "up");
        List<String> all = new ArrayList<>(nodes);
        all.add(client);
        if (ipv6) all.add(router);
        for (int i = 0; i < all.size(); i++) {
            String ns = all.get(i);
            addNs(ns);
            String port = "v" + (i + 1);
            Cmd.ok("ip", "-n", lan, "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", ns);
            Cmd.ok("ip", "-n", lan, "link", "set", port, "master", "br0", "up");
            if (ipv6) {
                Cmd.ok("ip", "-n", ns, "-6", "addr", "add", address(ns) + "/" + PREFIX6_LEN, "dev", "eth0", "nodad");
            } else {
                Cmd.ok("ip", "-n", ns, "addr", "add", address(ns) + "/" + PREFIX_LEN, "dev", "eth0");
            }
            Cmd.ok("ip", "-n", ns, "link", "set", "eth0", "up");
        }
        if (ipv6) buildRouted();
    }

    /** Without IPv6 (IPv4 lab), or without duplicate address detection: no address is tentative while a test runs. */
    private void addNs(String ns) {
        Cmd.ok("ip", "netns", "add", ns);
        created.add(ns);
        Cmd.ok("ip", "-n", ns, "link", "set", "lo", "up");
        if (ipv6) {
            sysctl(ns, "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0");
        } else {
            sysctl(ns, "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1");
        }
    }

    private static void sysctl(String ns, String... settings) {
        List<String> a = new ArrayList<>(List.of("ip", "netns", "exec", ns, "sysctl", "-qw"));
        a.addAll(List.of(settings));
        Cmd.ok(a.toArray(String[]::new));
    }

    /** The router's second leg and the remote client behind it; the nodes reach the remote network through the router. */
    private void buildRouted() {
        addNs(remote);
        sysctl(router, "net.ipv6.conf.all.forwarding=1");
        Cmd.ok("ip", "-n", router, "link", "add", "eth1", "type", "veth", "peer", "name", "eth0", "netns", remote);
        Cmd.ok("ip", "-n", router, "-6", "addr", "add", REMOTE6 + "1/" + PREFIX6_LEN, "dev", "eth1", "nodad");
        Cmd.ok("ip", "-n", router, "link", "set", "eth1", "up");
        Cmd.ok("ip", "-n", remote, "-6", "addr", "add", address(remote) + "/" + PREFIX6_LEN, "dev", "eth0", "nodad");
        Cmd.ok("ip", "-n", remote, "link", "set", "eth0", "up");
        Cmd.ok("ip", "-n", remote, "-6", "route", "add", "default", "via", REMOTE6 + "1");
        for (String n : nodes) Cmd.ok("ip", "-n", n, "-6", "route", "add", REMOTE6 + "/" + PREFIX6_LEN, "via", address(router));
    }

    /** The run id every name of this lab starts with. */
    public String id() { return id; }

    /** Node namespace names, node 1 first. */
    public List<String> nodes() { return List.copyOf(nodes); }

    public String node(int i) { return nodes.get(i - 1); }

    public String client() { return client; }

    /** Whether this is the IPv6 lab ({@link #startIpv6}). */
    public boolean ipv6() { return ipv6; }

    /** The router on the bridge (IPv6 lab only). */
    public String router() {
        if (router == null) throw new LabException("the IPv4 lab has no router");
        return router;
    }

    /** The client behind the router (IPv6 lab only). */
    public String remote() {
        if (remote == null) throw new LabException("the IPv4 lab has no remote client");
        return remote;
    }

    /**
     * IPv4: node {@code i} (1-based) is 198.51.100.(10+i), the client 198.51.100.50. IPv6: node
     * {@code i} is 2001:db8:1::1i, the client 2001:db8:1::50, the router 2001:db8:1::1 (and
     * 2001:db8:2::1 towards the remote client), the remote client 2001:db8:2::50.
     */
    public String address(String ns) {
        String prefix = ipv6 ? PREFIX6 : PREFIX;
        if (ns.equals(client)) return prefix + 50;
        if (ns.equals(router)) return PREFIX6 + 1;
        if (ns.equals(remote)) return REMOTE6 + 50;
        int i = nodes.indexOf(ns);
        if (i < 0) throw new LabException("not a namespace of this lab: " + ns);
        return prefix + (11 + i);
    }

    /** {@link #address} as an address. */
    public InetAddress addressOf(String ns) {
        try {
            return InetAddress.getByName(address(ns));
        } catch (UnknownHostException e) {
            throw new LabException(e.getMessage());
        }
    }

    public InetAddress clientAddress() { return addressOf(client); }

    /** Brings node {@code i}'s link on the bridge down (partition) or up (heal). */
    public void link(int i, boolean up) {
        Cmd.ok("ip", "-n", lan, "link", "set", "v" + i, up ? "up" : "down");
    }

    /** Runs a command in a namespace of this lab. */
    public Cmd exec(String ns, String... argv) {
        List<String> a = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        a.addAll(List.of(argv));
        return Cmd.run(a);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (int i = created.size() - 1; i >= 0; i--) {
            String ns = created.get(i);
            Cmd pids = Cmd.run(List.of("ip", "netns", "pids", ns));
            for (String p : pids.out().split("\\s+")) {
                if (!p.isBlank()) ProcessHandle.of(Long.parseLong(p.trim())).ifPresent(ProcessHandle::destroyForcibly);
            }
            Cmd.run(List.of("ip", "netns", "del", ns));
            forgetDesiredStates(ns);
        }
    }

    /**
     * Removes what agents recorded for a namespace of this lab under the default state directory
     * (resources not stopped before the lab ends, e.g. an interrupted run): the name carries this
     * run's id, so no other owner's states are there, and an agentd would otherwise keep trying to
     * repair a namespace that is gone.
     */
    private static void forgetDesiredStates(String ns) {
        DesiredStates states = DesiredStates.at(DesiredStates.DEFAULT_ROOT, ns);
        try {
            states.removeAll();
        } catch (IOException e) {
            System.err.println("lab: cannot remove " + states.dir() + ": " + e.getMessage());
        }
    }
}
