package io.clonevip.rtnl;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.libc_h;
import io.clonevip.nativ.bind.netlink_h;
import io.clonevip.nativ.bind.rtnetlink_h;
import io.clonevip.netlink.Attr;
import io.clonevip.netlink.AttrReader;
import io.clonevip.netlink.Attrs;
import io.clonevip.netlink.NetlinkConn;
import io.clonevip.netlink.NlMsg;
import io.clonevip.netlink.NlMsgBuilder;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The kernel's neighbour cache over rtnetlink (RTM_GETNEIGH): what {@code ip neigh show} prints. */
public final class Neighbours {
    private final NetlinkConn conn;

    /** Uses {@code conn}, a NETLINK_ROUTE connection ({@link Rtnetlink#open()}); not closed here. */
    public Neighbours(NetlinkConn conn) { this.conn = conn; }

    /**
     * The entries of link {@code linkIndex} (0: all links) and {@code family} (AF_INET, AF_INET6,
     * or AF_UNSPEC for both), every state included. Equivalent to:
     * {@code ip [-4|-6] neigh show [dev DEV] nud all} (without {@code nud all}, iproute2 hides NOARP
     * entries such as those of multicast groups); proxy entries ({@code ip neigh show proxy}) are not included.
     */
    public List<Neighbour> list(int linkIndex, int family) throws KernelException {
        if (family != libc_h.AF_UNSPEC() && family != libc_h.AF_INET() && family != libc_h.AF_INET6()) {
            throw new KernelException("list neighbours", Errno.EAFNOSUPPORT, "family " + family + " is neither AF_INET nor AF_INET6");
        }
        NlMsgBuilder b = new NlMsgBuilder();
        // struct ndmsg: family, pad1, pad2 (u16), ifindex (s32), state (u16), flags, type
        b.begin(rtnetlink_h.RTM_GETNEIGH(), netlink_h.NLM_F_REQUEST() | netlink_h.NLM_F_DUMP())
                .rawU8(family).rawU8(0).rawU16(0).rawU32(0).rawU16(0).rawU8(0).rawU8(0);
        List<Neighbour> out = new ArrayList<>();
        for (NlMsg m : conn.dump("list neighbours", b)) {
            if (m.type() != rtnetlink_h.RTM_NEWNEIGH()) continue;
            Neighbour n = decode(m);
            if ((linkIndex == 0 || n.linkIndex() == linkIndex) && (family == 0 || n.family() == family)) out.add(n);
        }
        return out;
    }

    /** The entry of {@code address} on link {@code linkIndex}, if the cache has one. Equivalent to: {@code ip neigh show ADDR dev DEV nud all}. */
    public Optional<Neighbour> get(int linkIndex, InetAddress address) throws KernelException {
        int family = address instanceof Inet6Address ? libc_h.AF_INET6() : libc_h.AF_INET();
        return list(linkIndex, family).stream().filter(n -> n.address().equals(address)).findFirst();
    }

    static Neighbour decode(NlMsg m) throws KernelException {
        AttrReader r = m.reader();
        int family = r.u8();
        r.skip(3); // pad1, pad2
        int index = r.u32();
        int state = r.u16();
        int flags = r.u8();
        r.u8(); // ndm_type
        Attrs a = r.attributes();
        InetAddress dst = IpLiteral.ofBytes(a.require(rtnetlink_h.NDA_DST(), "NDA_DST").bytes(), "NDA_DST");
        Attr ll = a.get(rtnetlink_h.NDA_LLADDR());
        return new Neighbour(family, index, dst, ll == null ? null : MacAddress.of(ll.bytes()), state, flags);
    }
}
