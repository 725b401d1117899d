package io.clonevip.rtnl;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.netlink_h;
import io.clonevip.netlink.AttrWriter;
import io.clonevip.netlink.NetlinkConn;
import io.clonevip.netlink.NlMsgBuilder;
import java.net.Inet6Address;

/**
 * The IPv6 address label policy table (RFC 6724 source address selection) over rtnetlink, like
 * {@code ip addrlabel}: entries for one address ({@code prefix ADDR/128}, any interface). Add
 * and delete are idempotent.
 */
public final class AddrLabels {
    /** RTM_NEWADDRLABEL, RTM_DELADDRLABEL (linux/rtnetlink.h). */
    static final int RTM_NEWADDRLABEL = 72;
    static final int RTM_DELADDRLABEL = 73;
    /** IFAL_ADDRESS, IFAL_LABEL (linux/if_addrlabel.h). */
    static final int IFAL_ADDRESS = 1;
    static final int IFAL_LABEL = 2;
    /** The kernel reserves 0xffffffff (IPV6_ADDR_LABEL_DEFAULT). */
    public static final long MAX_LABEL = 0xfffffffeL;

    private final NetlinkConn conn;

    /** Uses {@code conn}, a NETLINK_ROUTE connection ({@link Rtnetlink#open()}); not closed here. */
    public AddrLabels(NetlinkConn conn) { this.conn = conn; }

    /**
     * Sets label {@code label} for {@code address}/128, replacing an entry for that prefix.
     * Equivalent to: {@code ip addrlabel add prefix ADDR/128 label LABEL} (that one fails when the
     * entry exists). A label out of 0..{@link #MAX_LABEL}: EINVAL, nothing sent.
     */
    public void add(Inet6Address address, long label) throws KernelException {
        String op = "add address label " + IpLiteral.format(address) + "/128 label " + label;
        if (label < 0 || label > MAX_LABEL) throw new KernelException(op, Errno.EINVAL, "label " + label + " out of range 0.." + MAX_LABEL);
        NlMsgBuilder b = new NlMsgBuilder();
        AttrWriter w = b.begin(RTM_NEWADDRLABEL, netlink_h.NLM_F_REQUEST() | netlink_h.NLM_F_ACK()
                | netlink_h.NLM_F_CREATE() | netlink_h.NLM_F_REPLACE());
        header(w);
        w.bytes(IFAL_ADDRESS, address.getAddress());
        w.u32(IFAL_LABEL, (int) label);
        conn.execute(op, b);
    }

    /**
     * Removes the entry for {@code address}/128 (whatever its label); false when there was none.
     * Equivalent to: {@code ip addrlabel del prefix ADDR/128}.
     */
    public boolean delete(Inet6Address address) throws KernelException {
        String op = "delete address label " + IpLiteral.format(address) + "/128";
        NlMsgBuilder b = new NlMsgBuilder();
        AttrWriter w = b.begin(RTM_DELADDRLABEL, netlink_h.NLM_F_REQUEST() | netlink_h.NLM_F_ACK());
        header(w);
        w.bytes(IFAL_ADDRESS, address.getAddress());
        w.u32(IFAL_LABEL, 0); // required by the kernel, not matched on
        try {
            conn.execute(op, b);
            return true;
        } catch (KernelException e) {
            if (e.is(Errno.ESRCH) || e.is(Errno.ENOENT)) return false;
            throw e;
        }
    }

    /** struct ifaddrlblmsg: family AF_INET6, reserved, prefix length 128, flags, ifindex 0 (any), seq. */
    private static void header(AttrWriter w) {
        w.rawU8(10).rawU8(0).rawU8(128).rawU8(0).rawU32(0).rawU32(0);
    }
}
