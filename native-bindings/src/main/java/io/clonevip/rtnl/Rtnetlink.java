package io.clonevip.rtnl;

import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.netlink_h;
import io.clonevip.netlink.NetlinkConn;

/** Opens the NETLINK_ROUTE connection that {@link Links}, {@link AddressOps} and {@link Routes} use. */
public final class Rtnetlink {
    private Rtnetlink() {}

    /** A rtnetlink connection in the calling thread's network namespace; close it after use. */
    public static NetlinkConn open() throws KernelException {
        return NetlinkConn.open(netlink_h.NETLINK_ROUTE(), 0);
    }
}
