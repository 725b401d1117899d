package io.clonevip.agent.ipaddr;

import io.clonevip.nativ.KernelException;
import io.clonevip.netlink.NetlinkConn;
import io.clonevip.ocf.OcfEnv;
import io.clonevip.ocf.OcfException;
import io.clonevip.ocf.OcfExitCode;
import io.clonevip.rtnl.AddrLabels;
import io.clonevip.rtnl.AddressOps;
import io.clonevip.rtnl.IfAddr;
import io.clonevip.rtnl.IpLiteral;
import io.clonevip.rtnl.Link;
import io.clonevip.rtnl.Links;
import io.clonevip.rtnl.MacAddress;
import io.clonevip.rtnl.Rtnetlink;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A VIP held by one node (a primitive, a clone with clone-max 1, or unique_clone_address):
 * IPaddr2's behaviour. Start replaces the address (a manual removal is repaired, nothing is
 * duplicated) and announces it when it was not there; stop removes every entry of the VIP on
 * the NIC; monitor: present → running, absent → not running.
 */
final class SingleVip implements VipMode {
    private final VipSettings s;
    private final OcfEnv env;

    SingleVip(VipSettings s, OcfEnv env) {
        this.s = s;
        this.env = env;
    }

    @Override
    public void start() throws KernelException {
        try (NetlinkConn conn = Rtnetlink.open()) {
            VipPlacement p = VipPlacement.resolve(s, conn);
            Link nic = p.requireNic(s);
            int prefix = p.requirePrefix(s);
            if (s.compat().linkDown(nic)) {
                String why = "check_link_status: " + nic.name() + " has operational state " + nic.operState();
                if (!p.present().isEmpty()) {
                    throw OcfException.installed(IpLiteral.format(s.ip()) + " is on " + nic.name() + " but " + why);
                }
                throw OcfException.generic("cannot start " + IpLiteral.format(s.ip()) + ": " + why);
            }
            if (s.compat().runArping() && p.present().isEmpty() && !nic.loopback() && !nic.noArp() && nic.mac() != null
                    && nic.mac().length() == 6) {
                Optional<MacAddress> holder = ArpCollisionProbe.holder(nic, (Inet4Address) s.ip());
                if (holder.isPresent()) {
                    throw OcfException.generic("run_arping: IPv4 address collision: " + IpLiteral.format(s.ip())
                            + " is held by " + holder.get() + " on the network of " + nic.name() + "; not added");
                }
            }
            AddressOps ops = new AddressOps(conn);
            if (s.compat().addrLabel() >= 0) {
                new AddrLabels(conn).add((Inet6Address) s.ip(), s.compat().addrLabel());
            }
            if (s.lvsSupport()) {
                for (IfAddr a : ops.list(new Links(conn).byName("lo").index(), 0)) {
                    if (a.address().equals(s.ip())) {
                        ops.delete(a);
                        env.log().info("lvs_support: took " + a.cidr() + " from lo");
                    }
                }
            }
            boolean there = false;
            for (IfAddr a : p.present()) {
                if (a.prefix() != prefix) {
                    ops.delete(a); // a stale entry with another prefix would stay behind after stop
                } else {
                    there = true;
                }
            }
            ops.add(wanted(nic, prefix), s.compat().preferredLifetime(), IfAddr.FOREVER);
            if (s.compat().preferredSrc()) {
                new PreferredSource(s, env, conn).set(nic, prefix);
            }
            if (!nic.up()) {
                env.log().warn(nic.name() + " is down: " + IpLiteral.format(s.ip()) + " is configured but unreachable");
            }
            if (!there) {
                env.log().info("added " + IpLiteral.format(s.ip()) + "/" + prefix + " on " + nic.name());
                new Announcement(env.log()).announce(s, nic, nic.mac());
            }
        }
    }

    @Override
    public void stop() throws KernelException {
        new Announcement(env.log()).stop(s.ip());
        try (NetlinkConn conn = Rtnetlink.open()) {
            if (s.compat().addrLabel() >= 0 && new AddrLabels(conn).delete((Inet6Address) s.ip())) {
                env.log().info("removed the address label of " + IpLiteral.format(s.ip()));
            }
            VipPlacement p = VipPlacement.resolve(s, conn);
            if (p.nicMissing()) {
                env.log().info("stop: interface " + s.nic() + " does not exist here, so " + IpLiteral.format(s.ip()) + " is not on it");
                return;
            }
            if (s.compat().preferredSrc() && p.prefix() != null) {
                new PreferredSource(s, env, conn).restore(p.nic(), p.prefix()); // before the address goes
            }
            AddressOps ops = new AddressOps(conn);
            for (IfAddr a : p.present()) {
                ops.delete(a);
                env.log().info("removed " + a.cidr() + " from " + p.nic().name());
            }
            if (s.flushRoutes()) {
                flushRouteCache(s.ip() instanceof Inet4Address, env);
            }
            if (s.lvsSupport()) {
                Link lo = new Links(conn).byName("lo");
                ops.add(IfAddr.of(s.ip(), s.ip() instanceof Inet4Address ? 32 : 128, lo.index()).withScope(254));
                env.log().info("lvs_support: kept " + IpLiteral.format(s.ip()) + " on lo");
            }
        }
    }

    @Override
    public OcfExitCode monitor() throws KernelException {
        try (NetlinkConn conn = Rtnetlink.open()) {
            VipPlacement p = VipPlacement.resolve(s, conn);
            if (p.present().isEmpty()) {
                return OcfExitCode.NOT_RUNNING;
            }
            if (s.compat().linkDown(p.nic())) {
                env.log().info("check_link_status: " + p.nic().name() + " has operational state " + p.nic().operState()
                        + ", so " + IpLiteral.format(s.ip()) + " counts as not running");
                return OcfExitCode.NOT_RUNNING;
            }
            if (s.compat().preferredSrc()) {
                List<String> missing = new PreferredSource(s, env, conn).missing(p.nic(), p.prefix());
                if (!missing.isEmpty()) {
                    throw OcfException.generic(IpLiteral.format(s.ip()) + " partial: " + String.join("; ", missing));
                }
            }
            int refresh = s.compat().arpCountRefresh();
            if (refresh > 0) {
                Link nic = p.nic();
                if (!nic.loopback() && !nic.noArp() && nic.mac() != null && nic.mac().length() == 6) {
                    try {
                        Announcement.send(nic, s.ip(), nic.mac(), refresh, s.arpInterval());
                    } catch (KernelException | RuntimeException e) {
                        env.log().warn("arp_count_refresh: could not announce " + IpLiteral.format(s.ip()) + ": " + e.getMessage());
                    }
                }
            }
            return OcfExitCode.SUCCESS;
        }
    }

    private IfAddr wanted(Link nic, int prefix) {
        IfAddr a = IfAddr.of(s.ip(), prefix, nic.index());
        if (s.compat().noPrefixRoute()) {
            a = a.withFlags(IfAddr.F_NOPREFIXROUTE);
        }
        if (s.label() != null) {
            a = a.withLabel(s.label());
        }
        if (s.broadcast() != null) {
            a = a.withBroadcast(s.broadcast());
        } else if (s.ip() instanceof Inet4Address && prefix < 31) {
            a = a.withDefaultBroadcast();
        }
        return a;
    }

    /** IPaddr2's flush_routes ({@code ip route flush cache}), in the caller's network namespace. */
    static void flushRouteCache(boolean ipv4, OcfEnv env) {
        Path f = Path.of("/proc/sys/net/" + (ipv4 ? "ipv4" : "ipv6") + "/route/flush");
        try {
            Files.writeString(f, "1\n");
        } catch (IOException e) {
            env.log().warn("flush_routes: could not write " + f + ": " + e.getMessage());
        }
    }

    @Override
    public void check(String nic) {
        // a single VIP has no parameters beyond those VipSettings checked
    }
}
