package io.clonevip.netctl;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.regex.Pattern;

/**
 * An address given on the command line, with an optional port: {@code 198.51.100.50},
 * {@code 198.51.100.50:40001}, {@code 2001:db8::7} or {@code [2001:db8::7]:40001}. Only
 * literals (no host names, nothing is looked up); malformed text is a usage error naming it.
 *
 * @param address the address
 * @param port    0..65535, or -1 when none was given
 */
public record Endpoint(InetAddress address, int port) {
    private static final Pattern DOTTED_QUAD = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern PORT = Pattern.compile("\\d{1,5}");

    /** Whether a port was given. */
    public boolean hasPort() { return port >= 0; }

    /** The address alone, as an IPv4 dotted quad or an IPv6 literal; {@code what} names it in errors. */
    public static InetAddress address(String what, String text) {
        String s = text == null ? "" : text.strip();
        boolean v4 = DOTTED_QUAD.matcher(s).matches();
        boolean v6 = s.indexOf(':') >= 0 && s.indexOf('%') < 0 && s.indexOf('[') < 0 && s.matches("[0-9A-Fa-f:.]+");
        if (v4 || v6) {
            try {
                return InetAddress.ofLiteral(s);
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        throw new NetctlException(ExitCodes.USAGE, "malformed " + what + " '" + text
                + "': expected an IPv4 address such as 198.51.100.100 or an IPv6 address such as 2001:db8::100");
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
        String a = address.getHostAddress();
        if (port < 0) return a;
        return address instanceof Inet6Address ? "[" + a + "]:" + port : a + ":" + port;
    }
}
