package io.clonevip.agent.ipaddr;

import io.clonevip.nativ.KernelException;
import io.clonevip.netlink.NetlinkConn;
import io.clonevip.ocf.OcfEnv;
import io.clonevip.rtnl.AddressOps;
import io.clonevip.rtnl.IfAddr;
import io.clonevip.rtnl.Link;
import io.clonevip.rtnl.RouteEntry;
import io.clonevip.rtnl.RouteTable;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameter preferred_src (clonevip's, single IPv4 VIP): the VIP as preferred source address
 * ({@code src}) of the routes of its own network in the main table via the NIC, so that
 * connections the node opens into that network leave from the VIP — what the separate agent
 * IPsrcaddr does with {@code ip route replace NET dev NIC src VIP}. Start records each route's
 * previous source in {@code $HA_RSCTMP/IPaddr3-prefsrc-<ip>} before changing it; stop (before the
 * address goes, as the kernel deletes IPv4 routes whose source address is removed) puts back what
 * it recorded, or else the NIC's primary address of that network; monitor calls a route whose
 * source is not the VIP a partial state. No such route (noprefixroute, deleted): nothing to set.
 */
final class PreferredSource {
    private static final int MAIN = 254;
    private static final String NONE = "none";

    private final VipSettings s;
    private final OcfEnv env;
    private final NetlinkConn conn;

    PreferredSource(VipSettings s, OcfEnv env, NetlinkConn conn) {
        this.s = s;
        this.env = env;
        this.conn = conn;
    }

    /** The routes of network ip/prefix in table main, directly via {@code nic}. */
    List<RouteEntry> routes(Link nic, int prefix) throws KernelException {
        InetAddress net = network(s.ip(), prefix);
        List<RouteEntry> out = new ArrayList<>();
        for (RouteEntry r : new RouteTable(conn).list(2)) {
            if (r.table() == MAIN && r.prefix() == prefix && r.destination().equals(net) && r.linkIndex() == nic.index()
                    && r.gateway() == null) {
                out.add(r);
            }
        }
        return out;
    }

    /** Start, after the address is on the NIC: every route of the network gets src = ip. */
    void set(Link nic, int prefix) throws KernelException {
        List<RouteEntry> routes = routes(nic, prefix);
        if (routes.isEmpty()) {
            env.log().warn("preferred_src: no route of " + network(s.ip(), prefix).getHostAddress() + "/" + prefix + " via "
                    + nic.name() + " in table main, nothing to set");
            return;
        }
        Map<Integer, String> record = read();
        RouteTable table = new RouteTable(conn);
        for (RouteEntry r : routes) {
            if (s.ip().equals(r.preferredSource())) {
                continue; // already set (by an earlier start: its record stays as it is)
            }
            record.put(r.metric(), r.preferredSource() == null ? NONE : r.preferredSource().getHostAddress());
            write(record);
            table.replace(r.withPreferredSource(s.ip()));
            env.log().info("preferred_src: route " + r.cidr() + " dev " + nic.name() + " metric " + r.metric() + " src "
                    + s.ip().getHostAddress() + " (was " + record.get(r.metric()) + ")");
        }
    }

    /** Stop, before the address goes: the recorded sources back (else the primary address). */
    void restore(Link nic, int prefix) throws KernelException {
        Map<Integer, String> record = read();
        RouteTable table = new RouteTable(conn);
        List<IfAddr> local = new AddressOps(conn).list(0, 2);
        for (RouteEntry r : routes(nic, prefix)) {
            if (!s.ip().equals(r.preferredSource())) {
                continue;
            }
            String was = record.get(r.metric());
            InetAddress recorded = was == null || was.equals(NONE) ? null : InetAddress.ofLiteral(was);
            InetAddress back = recorded;
            if (was == null || (recorded != null && local.stream().noneMatch(a -> a.address().equals(recorded)))) {
                back = primary(nic, prefix, local);
                if (back == null) {
                    continue; // the VIP's own prefix route: it goes with the address
                }
            }
            table.replace(r.withPreferredSource(back));
            env.log().info("preferred_src: route " + r.cidr() + " dev " + nic.name() + " metric " + r.metric() + " src "
                    + (back == null ? NONE : back.getHostAddress()) + " again");
        }
        delete();
    }

    /** Monitor: the routes whose source is not ip, described; empty when all are set (or none exists). */
    List<String> missing(Link nic, int prefix) throws KernelException {
        List<String> out = new ArrayList<>();
        for (RouteEntry r : routes(nic, prefix)) {
            if (!s.ip().equals(r.preferredSource())) {
                out.add("route " + r.cidr() + " dev " + nic.name() + " metric " + r.metric() + " has src "
                        + (r.preferredSource() == null ? NONE : r.preferredSource().getHostAddress()) + ", not "
                        + s.ip().getHostAddress() + " (preferred_src)");
            }
        }
        return out;
    }

    /** The NIC's primary (else any) address in the VIP's network other than the VIP. */
    private InetAddress primary(Link nic, int prefix, List<IfAddr> local) {
        IfAddr best = null;
        for (IfAddr a : local) {
            if (a.linkIndex() == nic.index() && !a.address().equals(s.ip()) && a.prefix() == prefix
                    && network(a.address(), prefix).equals(network(s.ip(), prefix))
                    && (best == null || ((best.flags() & 1) != 0 && (a.flags() & 1) == 0))) {
                best = a;
            }
        }
        return best == null ? null : best.address();
    }

    static InetAddress network(InetAddress ip, int prefix) {
        int bits = ip.getAddress().length * 8;
        BigInteger all = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
        BigInteger mask = all.shiftRight(prefix).xor(all);
        byte[] raw = new BigInteger(1, ip.getAddress()).and(mask).toByteArray();
        byte[] out = new byte[bits / 8];
        int n = Math.min(raw.length, out.length);
        System.arraycopy(raw, raw.length - n, out, out.length - n, n);
        try {
            return InetAddress.getByAddress(out);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path file() {
        return env.rscTmp().resolve("IPaddr3-prefsrc-" + s.ip().getHostAddress());
    }

    /** metric → previous source ({@code none} for none), as recorded by start. */
    private Map<Integer, String> read() {
        Map<Integer, String> out = new LinkedHashMap<>();
        try {
            if (Files.exists(file())) {
                for (String l : Files.readAllLines(file(), StandardCharsets.US_ASCII)) {
                    String[] f = l.strip().split(" ");
                    if (f.length == 2 && f[0].matches("[0-9]{1,10}") && (f[1].equals(NONE) || f[1].matches("[0-9.]{7,15}"))) {
                        out.put(Integer.parseUnsignedInt(f[0]), f[1]);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            env.log().warn("preferred_src: could not read " + file() + ": " + e.getMessage());
        }
        return out;
    }

    private void write(Map<Integer, String> record) {
        StringBuilder text = new StringBuilder();
        record.forEach((m, v) -> text.append(Integer.toUnsignedString(m)).append(' ').append(v).append('\n'));
        try {
            Files.createDirectories(file().getParent());
            Path tmp = Files.createTempFile(file().getParent(), "IPaddr3-prefsrc-", ".tmp");
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            Files.move(tmp, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            env.log().warn("preferred_src: could not record the previous source in " + file() + ": " + e.getMessage()
                    + " (stop will fall back to the primary address)");
        }
    }

    private void delete() {
        try {
            Files.deleteIfExists(file());
        } catch (IOException e) {
            env.log().warn("preferred_src: could not remove " + file() + ": " + e.getMessage());
        }
    }
}
