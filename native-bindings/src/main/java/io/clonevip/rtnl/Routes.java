package io.clonevip.rtnl;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.netlink_h;
import io.clonevip.nativ.bind.rtnetlink_h;
import io.clonevip.netlink.Attr;
import io.clonevip.netlink.AttrReader;
import io.clonevip.netlink.Attrs;
import io.clonevip.netlink.NetlinkConn;
import io.clonevip.netlink.NlMsg;
import io.clonevip.netlink.NlMsgBuilder;
import java.net.Inet4Address;
import java.net.InetAddress;

/** Route lookups over rtnetlink: which interface reaches an address. */
public final class Routes {
    private final NetlinkConn conn;

    /** Uses {@code conn}, a NETLINK_ROUTE connection ({@link Rtnetlink#open()}); not closed here. */
    public Routes(NetlinkConn conn) { this.conn = conn; }

    /**
     * The route the kernel would use to send to {@code destination} (RTM_GETROUTE with RTA_DST).
     * Equivalent to: {@code ip route get ADDR}. No route: ENETUNREACH (or EHOSTUNREACH, as the
     * kernel says) naming the address.
     */
    public Route get(InetAddress destination) throws KernelException {
        String op = "route get " + IpLiteral.format(destination);
        boolean v4 = destination instanceof Inet4Address;
        NlMsgBuilder b = new NlMsgBuilder();
        var w = b.begin(rtnetlink_h.RTM_GETROUTE(), netlink_h.NLM_F_REQUEST() | netlink_h.NLM_F_ACK());
        // struct rtmsg: family, dst_len, src_len, tos, table, protocol, scope, type; flags
        w.rawU8(v4 ? 2 : 10).rawU8(v4 ? 32 : 128).rawU8(0).rawU8(0).rawU8(0).rawU8(0).rawU8(0).rawU8(0).rawU32(0);
        w.bytes(rtnetlink_h.RTA_DST(), destination.getAddress());
        try {
            for (NlMsg m : conn.execute(op, b)) {
                if (m.type() == rtnetlink_h.RTM_NEWROUTE()) return decode(destination, m);
            }
        } catch (KernelException e) {
            if (e.is(Errno.ENETUNREACH) || e.is(Errno.EHOSTUNREACH)) {
                throw new KernelException(op, e.rawErrno(), "no route to " + IpLiteral.format(destination), e.kernelOffset());
            }
            throw e;
        }
        throw KernelException.malformed(op, "no RTM_NEWROUTE in the reply");
    }

    static Route decode(InetAddress destination, NlMsg m) throws KernelException {
        AttrReader r = m.reader();
        r.skip(4); // family, dst_len, src_len, tos
        int table = r.u8();
        r.skip(2); // protocol, scope
        int type = r.u8();
        r.u32(); // flags
        Attrs a = r.attributes();
        Attr t = a.get(rtnetlink_h.RTA_TABLE());
        if (t != null) table = t.u32();
        int oif = a.require(rtnetlink_h.RTA_OIF(), "RTA_OIF").u32();
        Attr gw = a.get(rtnetlink_h.RTA_GATEWAY());
        Attr src = a.get(rtnetlink_h.RTA_PREFSRC());
        return new Route(destination, oif,
                gw == null ? null : IpLiteral.ofBytes(gw.bytes(), "RTA_GATEWAY"),
                src == null ? null : IpLiteral.ofBytes(src.bytes(), "RTA_PREFSRC"), table, type);
    }
}
