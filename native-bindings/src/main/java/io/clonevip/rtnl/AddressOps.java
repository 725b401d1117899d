package io.clonevip.rtnl;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.libc_h;
import io.clonevip.nativ.bind.netlink_h;
import io.clonevip.nativ.bind.rtnetlink_h;
import io.clonevip.netlink.NetlinkConn;
import io.clonevip.netlink.NlMsg;
import io.clonevip.netlink.NlMsgBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Adds, removes and lists interface addresses over rtnetlink, like {@code ip addr}. Add and
 * delete are idempotent; every request is checked before anything is sent, so bad input changes
 * nothing. IPv6 addresses are added with IFA_F_NODAD: a cluster VIP is held by several nodes at
 * once and duplicate address detection would mark it failed.
 */
public final class AddressOps {
    private final NetlinkConn conn;

    /** Uses {@code conn}, a NETLINK_ROUTE connection ({@link Rtnetlink#open()}); not closed here. */
    public AddressOps(NetlinkConn conn) { this.conn = conn; }

    /**
     * Adds the address, or updates it when present (NLM_F_CREATE|NLM_F_REPLACE: idempotent).
     * Equivalent to: {@code ip addr replace ADDR/PREFIX dev DEV [label LABEL] [broadcast BRD]}
     * ({@code ... nodad} for IPv6).
     */
    public void add(IfAddr a) throws KernelException {
        add(a, -1, -1);
    }

    /**
     * As {@link #add(IfAddr)}, with lifetimes in seconds ({@link IfAddr#FOREVER} for none):
     * {@code ip addr replace ... preferred_lft P valid_lft V}. A preferred lifetime of 0 makes
     * the address deprecated (not chosen as a source address). Lifetimes out of 0..FOREVER, or a
     * preferred one longer than the valid one: EINVAL, nothing sent. Negative {@code preferred}:
     * no lifetimes sent (the kernel's default, forever).
     */
    public void add(IfAddr a, long preferred, long valid) throws KernelException {
        String op = "add address " + describe(a);
        check(op, a);
        if (preferred >= 0 && (preferred > IfAddr.FOREVER || valid < 1 || valid > IfAddr.FOREVER || preferred > valid)) {
            throw new KernelException(op, Errno.EINVAL, "lifetimes preferred " + preferred + " / valid " + valid
                    + " out of range (0 <= preferred <= valid, 1 <= valid <= " + IfAddr.FOREVER + ")");
        }
        IfAddr req = a.ipv6() ? a.withFlags(a.flags() | rtnetlink_h.IFA_F_NODAD()) : a;
        NlMsgBuilder b = new NlMsgBuilder();
        IfAddrMsg.encode(b.begin(rtnetlink_h.RTM_NEWADDR(), netlink_h.NLM_F_REQUEST() | netlink_h.NLM_F_ACK()
                | netlink_h.NLM_F_CREATE() | netlink_h.NLM_F_REPLACE()), req, true, preferred, valid);
        conn.execute(op, b);
    }

    /**
     * Removes the address; true when it was removed, false when it was not there (idempotent).
     * The kernel matches on address and prefix length. Equivalent to: {@code ip addr del ADDR/PREFIX dev DEV}.
     */
    public boolean delete(IfAddr a) throws KernelException {
        String op = "delete address " + describe(a);
        a.checkPrefix(op);
        checkLink(op, a);
        try {
            send(op, rtnetlink_h.RTM_DELADDR(), 0, a, false);
            return true;
        } catch (KernelException e) {
            if (e.is(Errno.EADDRNOTAVAIL)) return false;
            throw e;
        }
    }

    /**
     * The addresses of link {@code linkIndex} (0: all links) and {@code family} (AF_INET,
     * AF_INET6, or AF_UNSPEC for both). Equivalent to: {@code ip [-4|-6] addr show [dev DEV]}.
     */
    public List<IfAddr> list(int linkIndex, int family) throws KernelException {
        if (family != libc_h.AF_UNSPEC() && family != libc_h.AF_INET() && family != libc_h.AF_INET6()) {
            throw new KernelException("list addresses", Errno.EAFNOSUPPORT, "family " + family + " is neither AF_INET nor AF_INET6");
        }
        NlMsgBuilder b = new NlMsgBuilder();
        IfAddrMsg.header(b.begin(rtnetlink_h.RTM_GETADDR(), netlink_h.NLM_F_REQUEST() | netlink_h.NLM_F_DUMP()), family, 0, 0, 0, 0);
        List<IfAddr> out = new ArrayList<>();
        for (NlMsg m : conn.dump("list addresses", b)) {
            if (m.type() != rtnetlink_h.RTM_NEWADDR()) continue;
            IfAddr a = IfAddrMsg.decode(m);
            if ((linkIndex == 0 || a.linkIndex() == linkIndex) && (family == 0 || a.family() == family)) out.add(a);
        }
        return out;
    }

    /** Whether {@code address/prefix} is on link {@code linkIndex}. */
    public boolean contains(IfAddr a) throws KernelException {
        for (IfAddr x : list(a.linkIndex(), a.family())) {
            if (x.address().equals(a.address()) && x.prefix() == a.prefix()) return true;
        }
        return false;
    }

    private void send(String op, int type, int extraFlags, IfAddr a, boolean full) throws KernelException {
        NlMsgBuilder b = new NlMsgBuilder();
        IfAddrMsg.encode(b.begin(type, netlink_h.NLM_F_REQUEST() | netlink_h.NLM_F_ACK() | extraFlags), a, full);
        conn.execute(op, b);
    }

    private void check(String op, IfAddr a) throws KernelException {
        a.checkPrefix(op);
        checkLink(op, a);
        if (a.scope() < 0 || a.scope() > 255) throw new KernelException(op, Errno.EINVAL, "scope " + a.scope() + " out of range 0..255");
        if (a.broadcast() != null && (a.ipv6() || a.broadcast().getAddress().length != 4)) {
            throw new KernelException(op, Errno.EINVAL, "a broadcast address is for IPv4 addresses with an IPv4 broadcast only");
        }
        if (a.label() != null) {
            if (a.ipv6()) throw new KernelException(op, Errno.EINVAL, "IPv6 addresses have no label");
            if (a.label().isEmpty() || a.label().getBytes(StandardCharsets.UTF_8).length > Links.MAX_NAME) {
                throw new KernelException(op, Errno.EINVAL, "label '" + a.label() + "' must have 1.." + Links.MAX_NAME + " bytes");
            }
            String dev = new Links(conn).byIndex(a.linkIndex()).name();
            if (!a.label().startsWith(dev)) {
                throw new KernelException(op, Errno.EINVAL, "label '" + a.label() + "' must begin with the interface name '" + dev + "'");
            }
        }
    }

    private static void checkLink(String op, IfAddr a) throws KernelException {
        if (a.address() == null) throw new KernelException(op, Errno.EINVAL, "no address given");
        if (a.linkIndex() <= 0) throw new KernelException(op, Errno.ENODEV, "no interface with index " + a.linkIndex());
    }

    private static String describe(IfAddr a) {
        return (a.address() == null ? "?" : a.cidr()) + " on link " + a.linkIndex();
    }
}
