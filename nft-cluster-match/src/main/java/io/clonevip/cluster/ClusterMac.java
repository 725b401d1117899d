package io.clonevip.cluster;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * The multicast Ethernet address every node of a cluster IP answers ARP/ND with and joins on
 * its NIC ({@code ip maddr add}, ioctl SIOCADDMULTI), so the switch delivers each client
 * frame to all nodes. Always a group address (I/G bit, the lowest bit of the first octet,
 * set) and never the broadcast address.
 *
 * @param value the 48 bits, first octet in bits 47..40 (so {@code 0x01005e000264L} is
 *              {@code 01:00:5e:00:02:64})
 */
public record ClusterMac(long value) {

    private static final long MASK_48 = 0xffff_ffff_ffffL;
    private static final long GROUP_BIT = 1L << 40;
    private static final long BROADCAST = MASK_48;
    private static final String FORM = "6 octets of 2 hex digits separated by ':' or '-', e.g. 01:00:5e:00:02:64";

    /**
     * @throws ClusterSpecException if {@code value} has more than 48 bits, is unicast or is broadcast
     */
    public ClusterMac {
        if ((value & ~MASK_48) != 0) {
            throw new ClusterSpecException("clusterMac", "0x" + Long.toHexString(value), "a 48-bit value");
        }
        if ((value & GROUP_BIT) == 0) {
            throw new ClusterSpecException("clusterMac", format(value),
                    "a multicast MAC (odd first octet, e.g. 01:00:5e:...); this one is unicast");
        }
        if (value == BROADCAST) {
            throw new ClusterSpecException("clusterMac", format(value),
                    "a multicast MAC other than the broadcast address ff:ff:ff:ff:ff:ff");
        }
    }

    /**
     * Parses {@code 01:00:5E:00:02:64} or {@code 01-00-5e-00-02-64} (case-insensitive, one
     * kind of separator, surrounding blanks ignored).
     *
     * @throws ClusterSpecException if malformed, unicast or broadcast
     */
    public static ClusterMac parse(String text) {
        if (text == null) {
            throw new ClusterSpecException("clusterMac", null, FORM);
        }
        String s = text.strip();
        if (s.length() != 17) {
            throw new ClusterSpecException("clusterMac", text, FORM + " (17 characters, got " + s.length() + ")");
        }
        char separator = s.charAt(2);
        if (separator != ':' && separator != '-') {
            throw new ClusterSpecException("clusterMac", text, FORM);
        }
        long value = 0;
        for (int octet = 0; octet < 6; octet++) {
            int at = octet * 3;
            if (octet > 0 && s.charAt(at - 1) != separator) {
                throw new ClusterSpecException("clusterMac", text, FORM + " (one kind of separator)");
            }
            int hi = Character.digit(s.charAt(at), 16);
            int lo = Character.digit(s.charAt(at + 1), 16);
            if (hi < 0 || lo < 0 || !isAsciiHex(s.charAt(at)) || !isAsciiHex(s.charAt(at + 1))) {
                throw new ClusterSpecException("clusterMac", text,
                        FORM + " (octet " + (octet + 1) + " is not hexadecimal)");
            }
            value = value << 8 | hi << 4 | lo;
        }
        return new ClusterMac(value);
    }

    /** A MAC from its 6 bytes in wire order. */
    public static ClusterMac of(byte[] bytes) {
        if (bytes == null || bytes.length != 6) {
            throw new ClusterSpecException("clusterMac", bytes == null ? null : bytes.length + " bytes", "6 bytes");
        }
        long value = 0;
        for (byte b : bytes) {
            value = value << 8 | (b & 0xff);
        }
        return new ClusterMac(value);
    }

    /**
     * The default for an IPv4 VIP: the RFC 1112 IPv4-multicast mapping {@code 01:00:5e} + the
     * low 23 bits of the address (192.0.2.100 gives {@code 01:00:5e:00:02:64}). The same on
     * every node, derived from the VIP alone.
     */
    public static ClusterMac forIpv4(Inet4Address vip) {
        byte[] a = vip.getAddress();
        long low23 = (a[1] & 0x7fL) << 16 | (a[2] & 0xffL) << 8 | (a[3] & 0xffL);
        return new ClusterMac(0x01_00_5e_00_00_00L | low23);
    }

    /**
     * The default for an IPv6 VIP: the RFC 2464 IPv6-multicast mapping {@code 33:33} + the low
     * 32 bits of the address (2001:db8::c0a8:164 gives {@code 33:33:c0:a8:01:64}).
     */
    public static ClusterMac forIpv6(Inet6Address vip) {
        byte[] a = vip.getAddress();
        long low32 = (a[12] & 0xffL) << 24 | (a[13] & 0xffL) << 16 | (a[14] & 0xffL) << 8 | (a[15] & 0xffL);
        return new ClusterMac(0x33_33_00_00_00_00L | low32);
    }

    /** {@link #forIpv4} or {@link #forIpv6}, by the address family of {@code vip}. */
    public static ClusterMac forVip(InetAddress vip) {
        return switch (vip) {
            case Inet4Address v4 -> forIpv4(v4);
            case Inet6Address v6 -> forIpv6(v6);
            default -> throw new ClusterSpecException("vip", vip, "an IPv4 or IPv6 address");
        };
    }

    /** True in 01:00:5e:00:00:00..01:00:5e:7f:ff:ff, the block IPv4 multicast maps to. */
    public boolean isIpv4MulticastMapped() {
        return (value & 0xffff_ff80_0000L) == 0x01_00_5e_00_00_00L;
    }

    /** True in 33:33:00:00:00:00..33:33:ff:ff:ff:ff, the block IPv6 multicast maps to. */
    public boolean isIpv6MulticastMapped() {
        return (value & 0xffff_0000_0000L) == 0x33_33_00_00_00_00L;
    }

    /** The 6 bytes in wire order (a new array). */
    public byte[] bytes() {
        byte[] out = new byte[6];
        for (int i = 0; i < 6; i++) {
            out[i] = (byte) (value >>> (40 - 8 * i));
        }
        return out;
    }

    /** Lower-case, colon-separated, e.g. {@code 01:00:5e:00:02:64}. */
    @Override
    public String toString() {
        return format(value);
    }

    private static String format(long value) {
        StringBuilder out = new StringBuilder(17);
        for (int i = 0; i < 6; i++) {
            if (i > 0) {
                out.append(':');
            }
            int octet = (int) (value >>> (40 - 8 * i)) & 0xff;
            out.append(Character.forDigit(octet >>> 4, 16)).append(Character.forDigit(octet & 0xf, 16));
        }
        return out.toString();
    }

    private static boolean isAsciiHex(char ch) {
        return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
    }
}
