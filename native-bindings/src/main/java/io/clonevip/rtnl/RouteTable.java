package io.clonevip.rtnl;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.netlink_h;
import io.clonevip.nativ.bind.rtnetlink_h;
import io.clonevip.netlink.Attr;
import io.clonevip.netlink.AttrReader;
import io.clonevip.netlink.AttrWriter;
import io.clonevip.netlink.Attrs;
import io.clonevip.netlink.NetlinkConn;
import io.clonevip.netlink.NlMsg;
import io.clonevip.netlink.NlMsgBuilder;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists, replaces and deletes routes over rtnetlink, like {@code ip route show/replace/del}.
 * Multipath routes are not listed (they have no single outgoing link).
 */
public final class RouteTable {
    /** RTM_DELROUTE, RTA_PRIORITY (linux/rtnetlink.h). */
    static final int RTM_DELROUTE = 25;
    static final int RTA_PRIORITY = 6;

    private final NetlinkConn conn;

    /** Uses {@code conn}, a NETLINK_ROUTE connection ({@link Rtnetlink#open()}); not closed here. */
    public RouteTable(NetlinkConn conn) { this.conn = conn; }

    /** The single-path routes of {@code family} (AF_INET 2 or AF_INET6 10) in every table. */
    public List<RouteEntry> list(int family) throws KernelException {
        if (family != 2 && family != 10) {
            throw new KernelException("list routes", Errno.EAFNOSUPPORT, "family " + family + " is neither AF_INET nor AF_INET6");
        }
        NlMsgBuilder b = new NlMsgBuilder();
        header(b.begin(rtnetlink_h.RTM_GETROUTE(), netlink_h.NLM_F_REQUEST() | netlink_h.NLM_F_DUMP()), family, 0, 0, 0, 0, 0);
        List<RouteEntry> out = new ArrayList<>();
        for (NlMsg m : conn.dump("list routes", b)) {
            if (m.type() != rtnetlink_h.RTM_NEWROUTE()) continue;
            RouteEntry r = decode(m, family);
            if (r != null) out.add(r);
        }
        return out;
    }

    /**
     * Replaces the route with the same destination, table, metric (and TOS 0), or adds it:
     * {@code ip route replace DST/LEN dev DEV [via GW] [src SRC] table T proto P scope S metric M}.
     */
    public void replace(RouteEntry r) throws KernelException {
        String op = "replace route " + r.cidr() + " table " + r.table();
        check(op, r);
        NlMsgBuilder b = new NlMsgBuilder();
        encode(b.begin(rtnetlink_h.RTM_NEWROUTE(), netlink_h.NLM_F_REQUEST() | netlink_h.NLM_F_ACK()
                | netlink_h.NLM_F_CREATE() | netlink_h.NLM_F_REPLACE()), r, true);
        conn.execute(op, b);
    }

    /** Deletes the route (destination, table, metric, link); false when it was not there. */
    public boolean delete(RouteEntry r) throws KernelException {
        String op = "delete route " + r.cidr() + " table " + r.table();
        check(op, r);
        NlMsgBuilder b = new NlMsgBuilder();
        encode(b.begin(RTM_DELROUTE, netlink_h.NLM_F_REQUEST() | netlink_h.NLM_F_ACK()), r, false);
        try {
            conn.execute(op, b);
            return true;
        } catch (KernelException e) {
            if (e.is(Errno.ESRCH) || e.is(Errno.ENOENT)) return false;
            throw e;
        }
    }

    private static void check(String op, RouteEntry r) throws KernelException {
        if (r.destination() == null) throw new KernelException(op, Errno.EINVAL, "no destination given");
        int max = r.destination() instanceof Inet4Address ? 32 : 128;
        if (r.prefix() < 0 || r.prefix() > max) throw new KernelException(op, Errno.EINVAL, "prefix length " + r.prefix() + " out of range 0.." + max);
        if (r.linkIndex() <= 0) throw new KernelException(op, Errno.ENODEV, "no interface with index " + r.linkIndex());
        if (r.preferredSource() != null && r.preferredSource().getAddress().length != r.destination().getAddress().length) {
            throw new KernelException(op, Errno.EINVAL, "source and destination are of different families");
        }
    }

    /** struct rtmsg: family, dst_len, src_len, tos, table, protocol, scope, type; flags. */
    private static void header(AttrWriter w, int family, int dstLen, int table, int protocol, int scope, int type) {
        w.rawU8(family).rawU8(dstLen).rawU8(0).rawU8(0).rawU8(table < 256 ? table : 252).rawU8(protocol).rawU8(scope)
                .rawU8(type).rawU32(0);
    }

    private static void encode(AttrWriter w, RouteEntry r, boolean full) {
        int family = r.destination() instanceof Inet4Address ? 2 : 10;
        header(w, family, r.prefix(), r.table(), full ? r.protocol() : 0, full ? r.scope() : rtnetlink_h.RT_SCOPE_NOWHERE(),
                full ? r.type() : 0);
        w.bytes(rtnetlink_h.RTA_DST(), r.destination().getAddress());
        w.u32(rtnetlink_h.RTA_TABLE(), r.table());
        w.u32(rtnetlink_h.RTA_OIF(), r.linkIndex());
        w.u32(RTA_PRIORITY, r.metric());
        if (full && r.gateway() != null) w.bytes(rtnetlink_h.RTA_GATEWAY(), r.gateway().getAddress());
        if (full && r.preferredSource() != null) w.bytes(rtnetlink_h.RTA_PREFSRC(), r.preferredSource().getAddress());
    }

    private static RouteEntry decode(NlMsg m, int family) throws KernelException {
        AttrReader rd = m.reader();
        int fam = rd.u8();
        int dstLen = rd.u8();
        rd.skip(2); // src_len, tos
        int table = rd.u8();
        int protocol = rd.u8();
        int scope = rd.u8();
        int type = rd.u8();
        rd.u32(); // flags
        if (fam != family) return null;
        Attrs a = rd.attributes();
        Attr oif = a.get(rtnetlink_h.RTA_OIF());
        if (oif == null) return null; // multipath, blackhole, ...
        Attr t = a.get(rtnetlink_h.RTA_TABLE());
        if (t != null) table = t.u32();
        Attr dst = a.get(rtnetlink_h.RTA_DST());
        InetAddress destination = IpLiteral.ofBytes(dst == null ? new byte[family == 2 ? 4 : 16] : dst.bytes(), "RTA_DST");
        Attr prio = a.get(RTA_PRIORITY);
        Attr gw = a.get(rtnetlink_h.RTA_GATEWAY());
        Attr src = a.get(rtnetlink_h.RTA_PREFSRC());
        return new RouteEntry(destination, dstLen, table, protocol, scope, type, prio == null ? 0 : prio.u32(), oif.u32(),
                gw == null ? null : IpLiteral.ofBytes(gw.bytes(), "RTA_GATEWAY"),
                src == null ? null : IpLiteral.ofBytes(src.bytes(), "RTA_PREFSRC"));
    }
}
