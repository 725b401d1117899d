package io.clonevip.rtnl;

import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.rtnetlink_h;
import io.clonevip.netlink.Attr;
import io.clonevip.netlink.AttrReader;
import io.clonevip.netlink.AttrWriter;
import io.clonevip.netlink.Attrs;
import io.clonevip.netlink.NlMsg;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The wire form of an address: {@code struct ifaddrmsg} (8 bytes, see
 * {@link io.clonevip.nativ.bind.ifaddrmsg}) plus IFA_* attributes, to and from {@link IfAddr}.
 */
final class IfAddrMsg {
    private IfAddrMsg() {}

    /** The struct alone, for dumps: family (0 = all), nothing else. */
    static void header(AttrWriter w, int family, int prefix, int flags, int scope, int index) {
        w.rawU8(family).rawU8(prefix).rawU8(flags & 0xff).rawU8(scope).rawU32(index);
    }

    /**
     * The request body shared by add, replace and delete. {@code full}: also label, broadcast
     * and IFA_FLAGS (add); delete sends only what the kernel matches on (address and prefix).
     */
    static void encode(AttrWriter w, IfAddr a, boolean full) {
        encode(w, a, full, -1, -1);
    }

    /**
     * As {@link #encode(AttrWriter, IfAddr, boolean)}, with IFA_CACHEINFO (struct
     * ifa_cacheinfo: preferred and valid lifetime in seconds, timestamps 0) when
     * {@code preferred} is not negative.
     */
    static void encode(AttrWriter w, IfAddr a, boolean full, long preferred, long valid) {
        int flags = full ? a.flags() : 0;
        header(w, a.family(), a.prefix(), flags, a.scope(), a.linkIndex());
        byte[] raw = a.address().getAddress();
        w.bytes(rtnetlink_h.IFA_LOCAL(), raw);
        w.bytes(rtnetlink_h.IFA_ADDRESS(), raw);
        if (!full) return;
        if (a.label() != null) w.string(rtnetlink_h.IFA_LABEL(), a.label());
        if (a.broadcast() != null) w.bytes(rtnetlink_h.IFA_BROADCAST(), a.broadcast().getAddress());
        if (flags != 0) w.u32(rtnetlink_h.IFA_FLAGS(), flags);
        if (preferred >= 0) {
            ByteBuffer ci = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
            ci.putInt((int) preferred).putInt((int) valid).putInt(0).putInt(0);
            w.bytes(rtnetlink_h.IFA_CACHEINFO(), ci.array());
        }
    }

    static IfAddr decode(NlMsg m) throws KernelException {
        AttrReader r = m.reader();
        int family = r.u8();
        int prefix = r.u8();
        int flags = r.u8();
        int scope = r.u8();
        int index = r.u32();
        Attrs a = r.attributes();
        Attr addr = a.get(rtnetlink_h.IFA_LOCAL());
        if (addr == null) addr = a.require(rtnetlink_h.IFA_ADDRESS(), "IFA_ADDRESS");
        InetAddress address = IpLiteral.ofBytes(addr.bytes(), "IFA_LOCAL/IFA_ADDRESS");
        if (IfAddr.maxPrefix(address) == 32 ? family != 2 : family != 10) {
            throw KernelException.malformed("parse", "address of " + addr.length() + " bytes in a message of family " + family);
        }
        Attr f = a.get(rtnetlink_h.IFA_FLAGS());
        if (f != null) flags = f.u32();
        Attr label = a.get(rtnetlink_h.IFA_LABEL());
        Attr brd = a.get(rtnetlink_h.IFA_BROADCAST());
        return new IfAddr(address, prefix, index, label == null ? null : label.string(),
                brd == null ? null : IpLiteral.ofBytes(brd.bytes(), "IFA_BROADCAST"), flags, scope);
    }
}
