package io.clonevip.cluster;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.netlink.NetlinkConn;
import io.clonevip.rtnl.Link;
import io.clonevip.rtnl.Links;
import io.clonevip.rtnl.MacAddress;
import io.clonevip.rtnl.Rtnetlink;

/**
 * The Ethernet MAC of a NIC by name: what the neighbour advertisement rule of an IPv6 VIP is
 * built for ({@link NeighbourAdvertRewrite}), looked up when its tables are written or read. An
 * IPv4 VIP never asks.
 */
@FunctionalInterface
public interface NicMacs {

    /** The MAC of {@code nic}; ENODEV naming it when there is no such NIC, EINVAL when it has no 6-byte MAC. */
    MacAddress of(String nic) throws KernelException;

    /** Over a NETLINK_ROUTE connection the caller keeps open (its network namespace). */
    static NicMacs over(NetlinkConn rtnl) {
        return nic -> ethernet(new Links(rtnl).byName(nic));
    }

    /**
     * A NETLINK_ROUTE socket opened for each lookup in the calling thread's network namespace,
     * closed after it: for an nf_tables-only user ({@link ClusterIpTables} over an {@code NftConn}) that runs in the namespace it opened its
     * nf_tables socket in.
     */
    static NicMacs perLookup() {
        return nic -> {
            try (NetlinkConn rtnl = Rtnetlink.open()) {
                return ethernet(new Links(rtnl).byName(nic));
            }
        };
    }

    private static MacAddress ethernet(Link link) throws KernelException {
        MacAddress mac = link.mac();
        if (mac == null || mac.length() != 6) {
            throw new KernelException("read link " + link.name(), Errno.EINVAL,
                    link.name() + " has no Ethernet MAC (" + (mac == null ? "none" : mac) + ")");
        }
        return mac;
    }
}
