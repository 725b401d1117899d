package io.clonevip.agent.ipaddr;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.netlink.NetlinkConn;
import io.clonevip.ocf.OcfException;
import io.clonevip.rtnl.AddressOps;
import io.clonevip.rtnl.IfAddr;
import io.clonevip.rtnl.IpLiteral;
import io.clonevip.rtnl.Link;
import io.clonevip.rtnl.Links;
import io.clonevip.rtnl.Route;
import io.clonevip.rtnl.Routes;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the VIP goes on this node: the NIC (given, or found as IPaddr2's findif does: the
 * interface whose address covers ip, else the directly connected route to ip), the prefix
 * length (given, else the one of the address already there or of the covering address) and
 * the VIP's entries already on the NIC.
 *
 * @param nic     the interface, or null when the configured one does not exist on this node
 * @param prefix  the prefix length, or null when it cannot be known (nothing covers ip)
 * @param present the VIP's addresses on the NIC now (any prefix)
 */
record VipPlacement(Link nic, Integer prefix, List<IfAddr> present) {

    boolean nicMissing() {
        return nic == null;
    }

    /** The NIC; ERR_CONFIGURED naming the parameter when it does not exist here. */
    Link requireNic(VipSettings s) {
        if (nic == null) {
            throw OcfException.configured("parameter 'nic': no interface named '" + s.nic() + "' on this node");
        }
        return nic;
    }

    /**
     * The prefix; ERR_CONFIGURED naming cidr_netmask when it could not be found, naming ip when
     * an IPv6 ip is its network's Subnet-Router anycast address with it.
     */
    int requirePrefix(VipSettings s) {
        if (prefix == null) {
            throw OcfException.configured("parameter 'cidr_netmask' not given and no address on " + nic.name()
                    + " covers " + IpLiteral.format(s.ip()));
        }
        VipLiteral.checkHostPart(s.ip(), prefix);
        return prefix;
    }

    /** Looks the placement up over {@code conn}; changes nothing. */
    static VipPlacement resolve(VipSettings s, NetlinkConn conn) throws KernelException {
        Links links = new Links(conn);
        int family = s.ip() instanceof Inet4Address ? 2 : 10;
        List<IfAddr> all = new AddressOps(conn).list(0, family);
        Link nic;
        if (s.nic() != null) {
            try {
                nic = links.byName(s.nic());
            } catch (KernelException e) {
                if (!e.is(Errno.ENODEV)) {
                    throw e;
                }
                return new VipPlacement(null, s.prefix(), List.of());
            }
        } else {
            nic = find(s.ip(), all, links, conn);
        }
        List<IfAddr> present = new ArrayList<>();
        IfAddr covering = null;
        for (IfAddr a : all) {
            if (a.linkIndex() != nic.index()) {
                continue;
            }
            if (a.address().equals(s.ip())) {
                present.add(a);
            } else if (covers(a, s.ip()) && (covering == null || a.prefix() > covering.prefix())) {
                covering = a;
            }
        }
        Integer prefix = s.prefix();
        if (prefix == null && !present.isEmpty()) {
            prefix = present.getFirst().prefix();
        }
        if (prefix == null && covering != null) {
            prefix = covering.prefix();
        }
        return new VipPlacement(nic, prefix, List.copyOf(present));
    }

    /** findif: the non-loopback link holding or covering ip, else the link of a direct route to it. */
    private static Link find(InetAddress ip, List<IfAddr> all, Links links, NetlinkConn conn) throws KernelException {
        IfAddr best = null;
        for (IfAddr a : all) {
            boolean holds = a.address().equals(ip);
            if ((holds || covers(a, ip)) && !links.byIndex(a.linkIndex()).loopback()
                    && (best == null || holds || (!best.address().equals(ip) && a.prefix() > best.prefix()))) {
                best = a;
            }
        }
        if (best != null) {
            return links.byIndex(best.linkIndex());
        }
        Route r;
        try {
            r = new Routes(conn).get(ip);
        } catch (KernelException e) {
            if (e.is(Errno.ENETUNREACH) || e.is(Errno.EHOSTUNREACH)) {
                throw OcfException.configured("parameter 'nic' not given and there is no route to " + IpLiteral.format(ip));
            }
            throw e;
        }
        Link l = links.byIndex(r.linkIndex());
        if (r.gateway() != null || l.loopback()) {
            throw OcfException.configured("parameter 'nic' not given and " + IpLiteral.format(ip)
                    + " is not on a directly connected network of this node");
        }
        return l;
    }

    /** Whether {@code a}'s network contains {@code ip} (same family). */
    static boolean covers(IfAddr a, InetAddress ip) {
        byte[] x = a.address().getAddress();
        byte[] y = ip.getAddress();
        if (x.length != y.length || a.prefix() <= 0) {
            return false;
        }
        int bits = x.length * 8;
        BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                .shiftRight(a.prefix()).xor(BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE));
        return new BigInteger(1, x).and(mask).equals(new BigInteger(1, y).and(mask));
    }
}
