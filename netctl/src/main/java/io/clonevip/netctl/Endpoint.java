package io.clonevip.netctl;

import io.clonevip.rtnl.IpLiteral;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * An address given on the command line, with an optional port: {@code 198.51.100.50},
 * {@code 198.51.100.50:40001}, {@code 2001:db8::7} or {@code [2001:db8::7]:40001}. Only
 * literals (no host names, nothing is looked up; no zone such as {@code %eth0}, no IPv4-mapped
 * IPv6 form); malformed text is a usage error naming it. Addresses are printed as {@link #text}
 * does: IPv6 in its RFC 5952 form ({@code 2001:db8::7}), IPv4 as a dotted quad.
 *
 * @param address the address
 * @param port    0..65535, or -1 when none was given
 */
public record Endpoint(InetAddress address, int port) {
    private static final Pattern DOTTED_QUAD = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern PORT = Pattern.compile("\\d{1,5}");
    private static final byte[] BROADCAST = {-1, -1, -1, -1};

    /** Whether a port was given. */
    public boolean hasPort() { return port >= 0; }

    /** The address alone, as an IPv4 dotted quad or an IPv6 literal; {@code what} names it in errors. */
    public static InetAddress address(String what, String text) {
        String s = text == null ? "" : text.strip();
        boolean v4 = DOTTED_QUAD.matcher(s).matches();
        boolean v6 = s.indexOf(':') >= 0 && s.indexOf('%') < 0 && s.indexOf('[') < 0 && s.matches("[0-9A-Fa-f:.]+");
        InetAddress a = null;
        if (v4 || v6) {
            try {
                a = InetAddress.ofLiteral(s);
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        if (a instanceof Inet4Address && v6) {
            throw new NetctlException(ExitCodes.USAGE, "malformed " + what + " '" + text + "': an IPv4-mapped IPv6 address;"
                    + " give the IPv4 form " + a.getHostAddress());
        }
        if (a != null) return a;
        throw new NetctlException(ExitCodes.USAGE, "malformed " + what + " '" + text
                + "': expected an IPv4 address such as 198.51.100.100 or an IPv6 address such as 2001:db8::100");
    }

    /**
     * A cluster IP given on the command line: {@link #address}, and then an address a cluster IP
     * can have (as {@code ClusterIpSpec} requires): unicast, neither unspecified, loopback nor
     * link-local; anything else is a usage error saying what the address is.
     */
    public static InetAddress vip(String text) {
        InetAddress a = address("VIP", text);
        String kind = notUnicast(a);
        if (kind != null) {
            throw new NetctlException(ExitCodes.USAGE, "VIP '" + text + "' is " + kind
                    + ": a cluster IP is a unicast IPv4 or IPv6 address of global scope, e.g. 198.51.100.100 or 2001:db8::100");
        }
        return a;
    }

    /**
     * A client address to hash: as {@link #vip}, unicast; a link-local client address is refused
     * too (it never reaches a cluster IP through a router, and a host with a global address uses
     * that one for a global destination).
     */
    public static void checkClient(InetAddress a, String text) {
        String kind = notUnicast(a);
        if (kind != null) {
            throw new NetctlException(ExitCodes.USAGE, "CLIENT '" + text + "' is " + kind
                    + ": give the unicast address of global scope the client sends from, e.g. 198.51.100.50 or [2001:db8::50]:40001");
        }
    }

    /** What keeps {@code a} from being a cluster IP or a client's address, or null. */
    private static String notUnicast(InetAddress a) {
        if (a.isAnyLocalAddress()) return "the unspecified address";
        if (a.isLoopbackAddress()) return "a loopback address";
        if (a.isLinkLocalAddress()) return "a link-local address";
        if (a.isMulticastAddress()) return "a multicast address";
        if (a instanceof Inet4Address && Arrays.equals(a.getAddress(), BROADCAST)) {
            return "the broadcast address";
        }
        return null;
    }

    /** How netctl prints an address: an IPv4 dotted quad, or IPv6 in RFC 5952 form ({@code 2001:db8::7}, as ip prints it). */
    public static String text(InetAddress a) {
        return IpLiteral.format(a);
    }

    /** An address with an optional {@code :PORT} ({@code [v6]:PORT} for IPv6). */
    public static Endpoint parse(String what, String text) {
        String s = text == null ? "" : text.strip();
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) throw malformed(what, text);
            InetAddress a = address(what, s.substring(1, close));
            if (!(a instanceof Inet6Address)) throw malformed(what, text);
            String rest = s.substring(close + 1);
            if (rest.isEmpty()) return new Endpoint(a, -1);
            if (!rest.startsWith(":")) throw malformed(what, text);
            return new Endpoint(a, port(what, text, rest.substring(1)));
        }
        int colon = s.indexOf(':');
        if (colon >= 0 && s.indexOf(':', colon + 1) < 0) { // exactly one colon: IPv4:PORT
            return new Endpoint(address(what, s.substring(0, colon)), port(what, text, s.substring(colon + 1)));
        }
        return new Endpoint(address(what, s), -1);
    }

    /** A port number 0..65535; {@code what} names it in errors. */
    public static int port(String what, String whole, String text) {
        if (text == null || !PORT.matcher(text).matches() || Integer.parseInt(text) > 65535) {
            throw new NetctlException(ExitCodes.USAGE, "malformed port '" + text + "' in " + what + " '" + whole
                    + "': expected a number 0..65535");
        }
        return Integer.parseInt(text);
    }

    private static NetctlException malformed(String what, String text) {
        return new NetctlException(ExitCodes.USAGE, "malformed " + what + " '" + text
                + "': expected ADDRESS, ADDRESS:PORT or [IPv6]:PORT, e.g. 203.0.113.7:40001");
    }

    /** {@code 198.51.100.50:40001}, {@code [2001:db8::7]:40001} or the address alone. */
    @Override
    public String toString() {
        String a = text(address);
        if (port < 0) return a;
        return address instanceof Inet6Address ? "[" + a + "]:" + port : a + ":" + port;
    }
}
