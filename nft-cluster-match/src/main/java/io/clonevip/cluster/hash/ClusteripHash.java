package io.clonevip.cluster.hash;

import io.clonevip.cluster.HashMode;

/**
 * Model of the node choice of the old iptables {@code CLUSTERIP} target,
 * {@code clusterip_hashfn()} in {@code net/ipv4/netfilter/ipt_CLUSTERIP.c} (Linux up to 6.2;
 * the same code from 2.6.37 to 6.1):
 *
 * <pre>
 * sport = dport = 0;
 * poff = proto_ports_offset(iph-&gt;protocol);
 * if (poff &gt;= 0) { ports = skb_header_pointer(skb, iph-&gt;ihl * 4 + poff, 4, _ports);
 *                  sport = ports[0]; dport = ports[1]; }      // raw u16, network byte order
 * sourceip:                     hash = jhash_1word(ntohl(saddr), hash_initval)
 * sourceip-sourceport:          hash = jhash_2words(ntohl(saddr), sport, hash_initval)
 * sourceip-sourceport-destport: hash = jhash_3words(ntohl(saddr), sport, dport, hash_initval)
 * node = reciprocal_scale(hash, num_total_nodes) + 1
 * </pre>
 *
 * <p>Consequences modelled here: the address is hashed as a host-order number (byte-swapped
 * against nftables' register bytes); the ports are the raw 16-bit loads, i.e. byte-swapped
 * numbers on a little-endian host; protocols without ports ({@code proto_ports_offset} &lt; 0,
 * e.g. ICMP, GRE) hash sport = dport = 0 <em>in the same mode</em> (so
 * {@code sourceip-sourceport} gives {@code jhash_2words(ntohl(saddr), 0, init)}, not
 * {@code jhash_1word}). ICMP errors RELATED to a connection are not hashed at all by
 * CLUSTERIP (the target returns XT_CONTINUE before hashing); they follow the conntrack entry.
 * The iptables front end limits {@code --total-nodes} to 16 (CLUSTERIP_MAX_NODES).
 *
 * <p>IPv4 addresses are {@code int}s with the first octet in the high byte
 * (192.0.2.50 = {@code 0xc0000232}); ports are the numbers as written ({@code 0..65535}).
 */
public final class ClusteripHash {

    private ClusteripHash() {
    }

    /**
     * {@code proto_ports_offset(proto)} from {@code include/linux/in.h}: 0 for TCP, UDP, DCCP,
     * ESP (the SPI), SCTP and UDP-Lite; 4 for AH (the SPI); -1 ({@code -EINVAL}) otherwise.
     */
    public static int portsOffset(int protocol) {
        return switch (protocol) {
            case 6, 17, 33, 50, 132, 136 -> 0; // TCP, UDP, DCCP, ESP, SCTP, UDPLITE
            case 51 -> 4;                       // AH
            default -> -1;
        };
    }

    /**
     * The CLUSTERIP hash of a packet.
     *
     * @param mode     {@code SOURCE_IP}, {@code SOURCE_IP_SOURCE_PORT} or
     *                 {@code SOURCE_IP_SOURCE_PORT_DEST_PORT} as CLUSTERIP's {@code --hashmode};
     *                 or a clusterip-compatible mode (meaning the mode it reproduces)
     * @param saddr    source address, first octet in the high byte
     * @param protocol IP protocol number
     * @param sport    the first 16-bit field at {@code proto_ports_offset} (the source port;
     *                 for ESP/AH the high half of the SPI); ignored if the protocol has none
     * @param dport    the second 16-bit field (destination port; low half of the SPI)
     * @param hashInit CLUSTERIP's {@code --hash-init} ({@code hash_initval}), as 32 bits
     */
    public static int hash(HashMode mode, int saddr, int protocol, int sport, int dport, int hashInit) {
        checkPort(sport, "sport");
        checkPort(dport, "dport");
        boolean ports = portsOffset(protocol) >= 0;
        int sp = ports ? rawPort(sport) : 0;
        int dp = ports ? rawPort(dport) : 0;
        HashMode m = mode.clusteripCompatible() ? mode.clusteripMode() : mode;
        return switch (m) {
            case SOURCE_IP -> Jhash.jhash1Word(saddr, hashInit);
            case SOURCE_IP_SOURCE_PORT -> Jhash.jhash2Words(saddr, sp, hashInit);
            case SOURCE_IP_SOURCE_PORT_DEST_PORT -> Jhash.jhash3Words(saddr, sp, dp, hashInit);
            default -> throw new IllegalStateException("not a CLUSTERIP hash mode: " + m);
        };
    }

    /** {@code reciprocal_scale(hash, totalNodes) + 1}: the node, {@code 1..totalNodes}. */
    public static int node(int hash, int totalNodes) {
        if (totalNodes < 1 || totalNodes > 0xffff) {
            throw new IllegalArgumentException("totalNodes " + totalNodes + " outside 1..65535");
        }
        return Jhash.reciprocalScale(hash, totalNodes) + 1;
    }

    /** {@link #hash} then {@link #node(int, int)}. */
    public static int node(HashMode mode, int saddr, int protocol, int sport, int dport, int hashInit, int totalNodes) {
        return node(hash(mode, saddr, protocol, sport, dport, hashInit), totalNodes);
    }

    /**
     * The value a {@code u16} load of a port yields on a little-endian host: the two wire
     * bytes swapped (port 80 = wire {@code 00 50} reads as {@code 0x5000}).
     */
    static int rawPort(int port) {
        return (port >>> 8) | (port & 0xff) << 8;
    }

    static void checkPort(int port, String name) {
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException(name + " " + port + " outside 0..65535");
        }
    }
}
