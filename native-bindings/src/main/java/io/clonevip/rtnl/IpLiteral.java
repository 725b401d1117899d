package io.clonevip.rtnl;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Strict parsing of IP address literals, never a name lookup: IPv4 only as four decimal octets
 * without leading zeros (no {@code 10.1} or octal forms), IPv6 in any RFC 4291 text form but
 * without a zone ({@code %eth0}) and not IPv4-mapped.
 */
public final class IpLiteral {
    private IpLiteral() {}

    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final String V4 = OCTET + "(\\." + OCTET + "){3}";

    /** The address, or EINVAL naming the text. */
    public static InetAddress parse(String text) throws KernelException {
        if (text == null || text.isEmpty()) throw bad(text);
        if (text.matches(V4)) {
            try {
                return InetAddress.ofLiteral(text);
            } catch (IllegalArgumentException e) {
                throw bad(text);
            }
        }
        if (!text.contains(":") || text.contains("%")) throw bad(text);
        InetAddress a;
        try {
            a = InetAddress.ofLiteral(text);
        } catch (IllegalArgumentException e) {
            throw bad(text);
        }
        if (a instanceof Inet4Address) {
            throw new KernelException("parse address", Errno.EINVAL, "'" + text + "' is an IPv4-mapped IPv6 address; give the IPv4 form");
        }
        return a;
    }

    /** An address from its raw 4 or 16 bytes (as netlink carries them); EBADMSG otherwise. */
    public static InetAddress ofBytes(byte[] raw, String what) throws KernelException {
        if (raw.length != 4 && raw.length != 16) {
            throw KernelException.malformed("parse", what + " of " + raw.length + " bytes is no IP address");
        }
        try {
            // Inet6Address keeps an IPv4-mapped address as IPv6, as the kernel reported it
            return raw.length == 4 ? InetAddress.getByAddress(raw) : Inet6Address.getByAddress(null, raw, -1);
        } catch (UnknownHostException e) {
            throw KernelException.malformed("parse", what + ": " + e.getMessage());
        }
    }

    /** The canonical text (RFC 5952 for IPv6: lower case, longest zero run as {@code ::}), as iproute2 prints it. */
    public static String format(InetAddress a) {
        byte[] b = a.getAddress();
        if (b.length == 4) return a.getHostAddress();
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) g[i] = (b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff);
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) { i++; continue; }
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
            i = j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLen - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') s.append(':');
            s.append(Integer.toHexString(g[i]));
        }
        return s.toString();
    }

    private static KernelException bad(String text) {
        return new KernelException("parse address", Errno.EINVAL, "'" + text + "' is not an IPv4 or IPv6 address");
    }
}
