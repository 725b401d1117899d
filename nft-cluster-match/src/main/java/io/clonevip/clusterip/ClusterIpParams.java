package io.clonevip.clusterip;

import io.clonevip.nativ.bind.ip_tables_h;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What one node asks of CLUSTERIP, as IPaddr2's
 * {@code -d VIP -i NIC -j CLUSTERIP --new --hashmode H --clustermac M --total-nodes N
 * --local-node k --hash-init S}. Validated when built, before anything touches the kernel:
 * the constructor throws {@link IllegalArgumentException} with a message fit for a user.
 *
 * @param clusterMac a multicast Ethernet address (normalised to upper case)
 * @param totalNodes 1..16 (CLUSTERIP keeps the local nodes in one word)
 * @param localNode 1..totalNodes
 * @param hashInit unsigned 32-bit seed
 */
public record ClusterIpParams(Inet4Address vip, String iface, String clusterMac, int totalNodes, int localNode,
                              ClusterIpHashMode hashMode, long hashInit) {
    private static final Pattern MAC = Pattern.compile("(?i)[0-9a-f]{2}(:[0-9a-f]{2}){5}");
    private static final Pattern IFNAME = Pattern.compile("[^\\s/:+]+");

    public ClusterIpParams {
        if (vip == null || vip.isAnyLocalAddress() || vip.isMulticastAddress() || vip.getHostAddress().equals("255.255.255.255")) {
            throw new IllegalArgumentException("CLUSTERIP needs a unicast IPv4 address, not " + vip);
        }
        if (iface == null || iface.isEmpty() || iface.length() >= ip_tables_h.IFNAMSIZ() || !IFNAME.matcher(iface).matches()) {
            throw new IllegalArgumentException("invalid interface name '" + iface + "' (1-15 characters, no '+')");
        }
        if (clusterMac == null || !MAC.matcher(clusterMac).matches()) {
            throw new IllegalArgumentException("invalid cluster MAC '" + clusterMac + "' (want XX:XX:XX:XX:XX:XX)");
        }
        clusterMac = clusterMac.toUpperCase(Locale.ROOT);
        if ((HexFormat.fromHexDigits(clusterMac, 0, 2) & 1) == 0) {
            throw new IllegalArgumentException("cluster MAC " + clusterMac + " is not multicast (the first octet must be odd)");
        }
        int max = ClusterIpTarget.MAX_NODES;
        if (totalNodes < 1 || totalNodes > max) {
            throw new IllegalArgumentException("total nodes " + totalNodes + " outside 1.." + max + " (CLUSTERIP's limit)");
        }
        if (localNode < 1 || localNode > totalNodes) {
            throw new IllegalArgumentException("local node " + localNode + " outside 1.." + totalNodes);
        }
        if (hashMode == null) throw new IllegalArgumentException("no hash mode");
        if (hashInit < 0 || hashInit > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("hash init " + hashInit + " is not an unsigned 32-bit number");
        }
    }

    /** From the strings an agent gets; the seed may be decimal or 0x-hex, as iptables reads it. */
    public static ClusterIpParams of(String vip, String iface, String clusterMac, int totalNodes, int localNode,
                                     String hashMode, String hashInit) {
        long seed;
        try {
            seed = hashInit.startsWith("0x") || hashInit.startsWith("0X")
                    ? Long.parseLong(hashInit.substring(2), 16) : Long.parseLong(hashInit);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("hash init '" + hashInit + "' is not a number");
        }
        return new ClusterIpParams(ipv4(vip), iface, clusterMac, totalNodes, localNode,
                ClusterIpHashMode.ofIptablesName(hashMode), seed);
    }

    /** A dotted-quad IPv4 literal (never a name lookup), checked as {@link #isIpv4} does. */
    public static Inet4Address ipv4(String literal) {
        if (!isIpv4(literal)) throw new IllegalArgumentException("'" + literal + "' is not an IPv4 address");
        return (Inet4Address) InetAddress.ofLiteral(literal);
    }

    /** True when {@code s} is a dotted-quad IPv4 address such as 198.51.100.100 (four decimal octets, no leading zeros). */
    public static boolean isIpv4(String s) {
        if (s == null) return false;
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) return false;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) return false;
            if (p.length() > 1 && p.charAt(0) == '0') return false;
            if (Integer.parseInt(p) > 255) return false;
        }
        return true;
    }

    /** The rule that creates the cluster config ({@code --new}) with this node as its first local node. */
    public ClusterIpRule rule() {
        return new ClusterIpRule(vip, iface, new ClusterIpTarget(true, hashMode, clusterMac, totalNodes, List.of(localNode), hashInit));
    }
}
