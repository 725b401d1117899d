package io.clonevip.agent.ipaddr;

import io.clonevip.cluster.ClusterIpSpec;
import io.clonevip.cluster.ClusterSpecException;
import io.clonevip.ocf.OcfException;
import io.clonevip.rtnl.IpLiteral;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.regex.Pattern;

/**
 * The VIP as parameter {@code ip} gives it: an IPv4 dotted quad or an IPv6 literal, checked to be
 * an address a VIP can be. Every refusal is an ERR_CONFIGURED {@link OcfException} naming the
 * parameter and saying what is expected.
 */
final class VipLiteral {
    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    static final Pattern V4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");

    private VipLiteral() {
    }

    /** The address {@code text} (parameter {@code parameter}) writes; a near miss says what it needs. */
    static InetAddress address(String parameter, String text) {
        String s = text == null ? "" : text.strip();
        boolean v4 = V4.matcher(s).matches();
        boolean v6 = s.indexOf(':') >= 0 && s.indexOf('%') < 0 && s.indexOf('[') < 0 && s.indexOf('/') < 0;
        if (v4 || v6) {
            try {
                InetAddress a = InetAddress.ofLiteral(s);
                if (v4 || !(a instanceof Inet4Address)) {
                    return a;
                }
                throw OcfException.configured("parameter '" + parameter + "' must be an IPv4 (dotted quad) or IPv6 "
                        + "address, not an IPv4-mapped IPv6 address (::ffff:a.b.c.d): give the IPv4 address "
                        + IpLiteral.format(a) + " itself, got '" + text + "'");
            } catch (IllegalArgumentException e) {
                // fall through
            }
        }
        throw OcfException.configured("parameter '" + parameter + "' must be an IPv4 (dotted quad) or IPv6 address"
                + addressHint(s) + ", got '" + text + "'");
    }

    /** What a near miss of an address needs, or "". */
    private static String addressHint(String s) {
        if (s.indexOf('/') >= 0) {
            return " without a prefix length (that goes in cidr_netmask)";
        }
        if (s.indexOf('%') >= 0) {
            return " without a zone index (the interface goes in nic)";
        }
        if (s.startsWith("[")) {
            return " without brackets";
        }
        return "";
    }

    static void checkVip(String parameter, InetAddress a, String text) {
        try {
            ClusterIpSpec.builder().vip(a);
        } catch (ClusterSpecException e) {
            throw OcfException.configured("parameter '" + parameter + "' must be a unicast address (not loopback, "
                    + "link-local, multicast, broadcast or unspecified), got '" + text + "'");
        }
        if (a instanceof Inet6Address v6 && v6.isIPv4CompatibleAddress()) {
            throw OcfException.configured("parameter '" + parameter + "' must be a unicast address, not an "
                    + "IPv4-compatible IPv6 address (::a.b.c.d, deprecated by RFC 4291), got '" + text + "'");
        }
    }

    /**
     * The VIP with its prefix: an IPv6 VIP whose interface identifier is all zero is its subnet's
     * Subnet-Router anycast address (RFC 4291 2.6.1), which every router on the link answers for.
     */
    static void checkHostPart(InetAddress ip, int prefix) {
        if (!(ip instanceof Inet6Address) || prefix >= 127) {
            return;
        }
        BigInteger host = new BigInteger(1, ip.getAddress()).and(BigInteger.ONE.shiftLeft(128 - prefix).subtract(BigInteger.ONE));
        if (host.signum() == 0) {
            throw OcfException.configured("parameter 'ip': " + IpLiteral.format(ip) + " with prefix length " + prefix
                    + " is the Subnet-Router anycast address of its network (interface identifier all zero): "
                    + "choose another address, or check cidr_netmask");
        }
    }
}
