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
 * an {@code eth0} on the bridge. Addresses come from 198.51.100.0/24 and exist only inside
 * these namespaces. Every name carries a per-run id; {@link #close()} kills the processes inside
 * and deletes exactly the namespaces it created.
 */
public final class NetLab implements AutoCloseable {
    public static final String PREFIX = "198.51.100.";
    public static final int PREFIX_LEN = 24;

    private final String id;
    private final String lan;
    private final List<String> nodes = new ArrayList<>();
    private final String client;
    private final List<String> created = new ArrayList<>();
    private boolean closed;

    private NetLab(String id, int n) {
        this.id = id;
        this.lan = id + "-lan";
        for (int i = 1; i <= n; i++) nodes.add(id + "-n" + i);
        this.client = id + "-c";
    }

    /** Builds a lab with {@code n} nodes (1..9) and a client. */
    public static NetLab start(int n) {
        if (n < 1 || n > 9) throw new LabException("nodes must be 1..9, got " + n);
        String id = "cv" + Integer.toHexString(0x1000 + ThreadLocalRandom.current().nextInt(0xefff));
        NetLab lab = new NetLab(id, n);
        try {
            lab.build();
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    private void addNs(String ns) {
        Cmd.ok("ip", "netns", "add", ns);
        created.add(ns);
        Cmd.ok("ip", "-n", ns, "link", "set", "lo", "up");
    }

    private void build() {
        addNs(lan);
        Cmd.ok("ip", "-n", lan, "link", "add", "br0", "type", "bridge", "mcast_snooping", "0", "stp_state", "0", "forward_delay", "0");
        Cmd.ok("ip", "-n", lan, "link", "set", "br0", "up");
        List<String> all = new ArrayList<>(nodes);
        all.add(client);
        for (int i = 0; i < all.size(); i++) {
            String ns = all.get(i);
            addNs(ns);
            Cmd.ok("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1");
            String port = "v" + (i + 1);
            Cmd.ok("ip", "-n", lan, "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", ns);
            Cmd.ok("ip", "-n", lan, "link", "set", port, "master", "br0", "up");
            Cmd.ok("ip", "-n", ns, "addr", "add", address(ns) + "/" + PREFIX_LEN, "dev", "eth0");
            Cmd.ok("ip", "-n", ns, "link", "set", "eth0", "up");
        }
    }

    /** The run id every name of this lab starts with. */
    public String id() { return id; }

    /** Node namespace names, node 1 first. */
    public List<String> nodes() { return List.copyOf(nodes); }

    public String node(int i) { return nodes.get(i - 1); }

    public String client() { return client; }

    /** Node {@code i} (1-based) is 198.51.100.(10+i); the client is 198.51.100.50. */
    public String address(String ns) {
        if (ns.equals(client)) return PREFIX + 50;
        int i = nodes.indexOf(ns);
        if (i < 0) throw new LabException("not a namespace of this lab: " + ns);
        return PREFIX + (11 + i);
    }

    public InetAddress clientAddress() {
        try {
            return InetAddress.getByName(address(client));
        } catch (UnknownHostException e) {
            throw new LabException(e.getMessage());
        }
    }

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
