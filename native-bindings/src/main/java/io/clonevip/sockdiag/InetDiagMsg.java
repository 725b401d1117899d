package io.clonevip.sockdiag;

import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.inet_diag_msg;
import io.clonevip.nativ.bind.inet_diag_sockid;
import io.clonevip.nativ.bind.libc_h;
import io.clonevip.netlink.AttrReader;
import io.clonevip.netlink.AttrWriter;
import io.clonevip.netlink.NlMsg;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * The wire form of an inet socket in sock_diag: {@code struct inet_diag_req_v2} (56 bytes)
 * out, {@code struct inet_diag_msg} (72 bytes) in, both around {@code struct inet_diag_sockid}
 * (ports and addresses in network order, interface and cookie in host order); to and from
 * {@link TcpSocket}. Byte order is the netlink writer's and reader's.
 */
final class InetDiagMsg {
    private InetDiagMsg() {}

    private static final int ADDRESS_BYTES = (int) (inet_diag_sockid.idiag_dst$offset() - inet_diag_sockid.idiag_src$offset());
    private static final byte[] V4_MAPPED = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};

    /** A request of TCP sockets of {@code family} in the {@code states} mask; {@code s} names one socket (destroy), or null (dump). */
    static void request(AttrWriter w, int family, int states, TcpSocket s) {
        w.rawU8(family).rawU8(libc_h.IPPROTO_TCP()).rawU8(0).rawU8(0).rawU32(states); // idiag_ext 0, pad
        if (s == null) {
            w.rawBytes(new byte[(int) inet_diag_sockid.sizeof()]);
            return;
        }
        w.rawBe16(s.localPort()).rawBe16(s.remotePort());
        w.rawBytes(address(s.family(), s.local())).rawBytes(address(s.family(), s.remote()));
        w.rawU32(s.interfaceIndex()).rawU32((int) s.cookie()).rawU32((int) (s.cookie() >>> 32));
    }

    /** idiag_src/idiag_dst: 4 bytes and zeros (AF_INET), 16 bytes (AF_INET6; an IPv4 address mapped). */
    private static byte[] address(int family, InetAddress a) {
        byte[] raw = a.getAddress();
        byte[] out = new byte[ADDRESS_BYTES];
        if (family == libc_h.AF_INET6() && raw.length == 4) {
            System.arraycopy(V4_MAPPED, 0, out, 0, V4_MAPPED.length);
            System.arraycopy(raw, 0, out, V4_MAPPED.length, 4);
        } else {
            System.arraycopy(raw, 0, out, 0, raw.length);
        }
        return out;
    }

    static TcpSocket decode(NlMsg m) throws KernelException {
        if (m.payload().length < inet_diag_msg.sizeof()) {
            throw KernelException.malformed("parse", "inet_diag_msg of " + m.payload().length + " bytes, "
                    + inet_diag_msg.sizeof() + " expected");
        }
        AttrReader r = m.reader();
        int family = r.u8();
        int state = r.u8();
        r.skip(2); // idiag_timer, idiag_retrans
        int sport = r.be16();
        int dport = r.be16();
        InetAddress src = address(family, r.bytes(ADDRESS_BYTES), "idiag_src");
        InetAddress dst = address(family, r.bytes(ADDRESS_BYTES), "idiag_dst");
        int ifindex = r.u32();
        long cookie = r.u32() & 0xffffffffL;
        cookie |= (long) r.u32() << 32;
        r.skip(12); // idiag_expires, idiag_rqueue, idiag_wqueue
        int uid = r.u32();
        long inode = r.u32() & 0xffffffffL;
        return new TcpSocket(family, TcpState.valueOf(state), src, sport, dst, dport, ifindex, cookie, uid, inode);
    }

    /** An address of the sockid: an IPv4-mapped IPv6 address becomes the IPv4 address it carries. */
    private static InetAddress address(int family, byte[] raw, String what) throws KernelException {
        byte[] a;
        if (family == libc_h.AF_INET()) {
            a = Arrays.copyOf(raw, 4);
        } else if (family == libc_h.AF_INET6()) {
            a = raw;
        } else {
            throw KernelException.malformed("parse", "inet_diag_msg of family " + family);
        }
        try {
            return InetAddress.getByAddress(a); // 16 bytes ::ffff:a.b.c.d give an Inet4Address
        } catch (UnknownHostException e) {
            throw KernelException.malformed("parse", what + ": " + e.getMessage());
        }
    }
}
