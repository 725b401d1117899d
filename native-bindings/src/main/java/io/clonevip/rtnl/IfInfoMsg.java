package io.clonevip.rtnl;

import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.rtnetlink_h;
import io.clonevip.netlink.Attr;
import io.clonevip.netlink.AttrReader;
import io.clonevip.netlink.AttrWriter;
import io.clonevip.netlink.Attrs;
import io.clonevip.netlink.NlMsg;

/** The wire form of a link: {@code struct ifinfomsg} (16 bytes, see {@link io.clonevip.nativ.bind.ifinfomsg}) plus IFLA_* attributes, to and from {@link Link}. */
final class IfInfoMsg {
    private IfInfoMsg() {}

    /** Writes {@code struct ifinfomsg} (family AF_UNSPEC) for link {@code index} (0: by name). */
    static void header(AttrWriter w, int index) {
        w.rawU8(0).rawU8(0).rawU16(0).rawU32(index).rawU32(0).rawU32(0);
    }

    static Link decode(NlMsg m) throws KernelException {
        AttrReader r = m.reader();
        r.u8(); // ifi_family
        r.u8(); // pad
        r.u16(); // ifi_type
        int index = r.u32();
        int flags = r.u32();
        r.u32(); // ifi_change
        Attrs a = r.attributes();
        String name = a.require(rtnetlink_h.IFLA_IFNAME(), "IFLA_IFNAME").string();
        Attr mac = a.get(rtnetlink_h.IFLA_ADDRESS());
        Attr mtu = a.get(rtnetlink_h.IFLA_MTU());
        Attr oper = a.get(rtnetlink_h.IFLA_OPERSTATE());
        return new Link(index, name, flags,
                mac == null ? null : MacAddress.of(mac.bytes()),
                mtu == null ? 0 : mtu.u32(),
                oper == null ? OperState.UNKNOWN : OperState.valueOf(oper.u8()));
    }
}
