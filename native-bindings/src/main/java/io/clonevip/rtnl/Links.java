package io.clonevip.rtnl;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.netlink_h;
import io.clonevip.nativ.bind.rtnetlink_h;
import io.clonevip.netlink.NetlinkConn;
import io.clonevip.netlink.NlMsg;
import io.clonevip.netlink.NlMsgBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads network interfaces over rtnetlink (RTM_GETLINK), like {@code ip link show}. */
public final class Links {
    /** Longest interface name the kernel accepts (IFNAMSIZ - 1). */
    public static final int MAX_NAME = 15;

    private final NetlinkConn conn;

    /** Uses {@code conn}, a NETLINK_ROUTE connection ({@link Rtnetlink#open()}); not closed here. */
    public Links(NetlinkConn conn) { this.conn = conn; }

    /**
     * The interface named {@code name}. Equivalent to: {@code ip link show dev NAME}.
     * Unknown interface: {@link KernelException} ENODEV naming it; empty name or one with '/'
     * or whitespace: EINVAL.
     */
    public Link byName(String name) throws KernelException {
        String op = "look up link " + name;
        if (name == null || name.isEmpty() || name.contains("/") || name.chars().anyMatch(Character::isWhitespace)) {
            throw new KernelException(op, Errno.EINVAL, "invalid interface name '" + name + "'");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME) {
            throw new KernelException(op, Errno.ENODEV, "no interface named '" + name + "' (names have at most " + MAX_NAME + " bytes)");
        }
        NlMsgBuilder b = new NlMsgBuilder();
        var w = b.begin(rtnetlink_h.RTM_GETLINK(), netlink_h.NLM_F_REQUEST() | netlink_h.NLM_F_ACK());
        IfInfoMsg.header(w, 0);
        w.string(rtnetlink_h.IFLA_IFNAME(), name);
        return one(op, b, "no interface named '" + name + "'");
    }

    /** The interface with index {@code index}. Equivalent to: {@code ip link show} filtered by index. */
    public Link byIndex(int index) throws KernelException {
        String op = "look up link index " + index;
        if (index <= 0) throw new KernelException(op, Errno.ENODEV, "no interface with index " + index);
        NlMsgBuilder b = new NlMsgBuilder();
        IfInfoMsg.header(b.begin(rtnetlink_h.RTM_GETLINK(), netlink_h.NLM_F_REQUEST() | netlink_h.NLM_F_ACK()), index);
        return one(op, b, "no interface with index " + index);
    }

    /** Every interface of the namespace, in index order. Equivalent to: {@code ip link show}. */
    public List<Link> list() throws KernelException {
        NlMsgBuilder b = new NlMsgBuilder();
        IfInfoMsg.header(b.begin(rtnetlink_h.RTM_GETLINK(), netlink_h.NLM_F_REQUEST() | netlink_h.NLM_F_DUMP()), 0);
        List<Link> out = new ArrayList<>();
        for (NlMsg m : conn.dump("list links", b)) {
            if (m.type() == rtnetlink_h.RTM_NEWLINK()) out.add(IfInfoMsg.decode(m));
        }
        return out;
    }

    private Link one(String op, NlMsgBuilder b, String notFound) throws KernelException {
        List<NlMsg> replies;
        try {
            replies = conn.execute(op, b);
        } catch (KernelException e) {
            if (e.is(Errno.ENODEV)) throw new KernelException(op, Errno.ENODEV, notFound);
            throw e;
        }
        for (NlMsg m : replies) {
            if (m.type() == rtnetlink_h.RTM_NEWLINK()) return IfInfoMsg.decode(m);
        }
        throw KernelException.malformed(op, "no RTM_NEWLINK in the reply");
    }
}
