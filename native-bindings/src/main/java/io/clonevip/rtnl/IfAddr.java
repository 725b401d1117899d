package io.clonevip.rtnl;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.libc_h;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An interface address as {@code ip addr show} reports it: the address and prefix length, the
 * link index, the IPv4 label ({@code eth0:vip}; null for none or IPv6), the IPv4 broadcast
 * address (null for none), the {@code IFA_F_*} flags and the scope ({@code RT_SCOPE_*}).
 *
 * <p>Also the request for {@link AddressOps#add}/{@link AddressOps#delete}; values are checked
 * there before anything is sent.
 */
public record IfAddr(InetAddress address, int prefix, int linkIndex, String label, InetAddress broadcast, int flags, int scope) {

    /** {@code IFA_F_NOPREFIXROUTE} (linux/if_addr.h): no prefix route for the address ({@code ip addr add ... noprefixroute}). */
    public static final int F_NOPREFIXROUTE = 0x200;

    /** An infinite address lifetime ({@code forever}, INFINITY_LIFE_TIME in the kernel). */
    public static final long FOREVER = 0xffffffffL;

    /** {@code address/prefix} on link {@code linkIndex}, no label, no broadcast, scope global. */
    public static IfAddr of(InetAddress address, int prefix, int linkIndex) {
        return new IfAddr(address, prefix, linkIndex, null, null, 0, 0);
    }

    /**
     * Parses {@code ADDR/PREFIX} (or a bare address: /32, /128) strictly (no name lookup).
     * Malformed text or a prefix out of range: EINVAL.
     */
    public static IfAddr parse(String cidr, int linkIndex) throws KernelException {
        if (cidr == null) throw new KernelException("parse address", Errno.EINVAL, "no address given");
        int slash = cidr.indexOf('/');
        InetAddress a = IpLiteral.parse(slash < 0 ? cidr : cidr.substring(0, slash));
        int max = maxPrefix(a);
        int prefix = max;
        if (slash >= 0) {
            String p = cidr.substring(slash + 1);
            if (!p.matches("[0-9]{1,3}")) {
                throw new KernelException("parse address", Errno.EINVAL, "'" + cidr + "': prefix length '" + p + "' is not a number");
            }
            prefix = Integer.parseInt(p);
        }
        IfAddr r = of(a, prefix, linkIndex);
        r.checkPrefix("parse address");
        return r;
    }

    public IfAddr withLabel(String l) { return new IfAddr(address, prefix, linkIndex, l, broadcast, flags, scope); }

    public IfAddr withBroadcast(InetAddress b) { return new IfAddr(address, prefix, linkIndex, label, b, flags, scope); }

    public IfAddr withFlags(int f) { return new IfAddr(address, prefix, linkIndex, label, broadcast, f, scope); }

    public IfAddr withScope(int s) { return new IfAddr(address, prefix, linkIndex, label, broadcast, flags, s); }

    /**
     * With the broadcast address of the prefix (host bits all set), what {@code ip addr add ...
     * brd +} sets. Only for IPv4 with a prefix of at most 30; otherwise unchanged.
     */
    public IfAddr withDefaultBroadcast() {
        if (!(address instanceof Inet4Address) || prefix < 0 || prefix > 30) return this;
        byte[] b = address.getAddress();
        int v = (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
        int hostMask = prefix == 0 ? -1 : (1 << (32 - prefix)) - 1;
        v |= hostMask;
        try {
            return withBroadcast(InetAddress.getByAddress(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v}));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** AF_INET or AF_INET6. */
    public int family() { return address instanceof Inet4Address ? libc_h.AF_INET() : libc_h.AF_INET6(); }

    public boolean ipv6() { return !(address instanceof Inet4Address); }

    /** {@code 198.51.100.7/24}. */
    public String cidr() { return IpLiteral.format(address) + "/" + prefix; }

    static int maxPrefix(InetAddress a) { return a instanceof Inet4Address ? 32 : 128; }

    void checkPrefix(String op) throws KernelException {
        int max = maxPrefix(address);
        if (prefix < 0 || prefix > max) {
            throw new KernelException(op, Errno.EINVAL, "prefix length " + prefix + " out of range 0.." + max + " for " + IpLiteral.format(address));
        }
    }
}
