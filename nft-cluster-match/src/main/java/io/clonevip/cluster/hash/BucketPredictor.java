package io.clonevip.cluster.hash;

import io.clonevip.cluster.ClusterIpSpec;
import io.clonevip.cluster.ClusterSpecException;
import io.clonevip.cluster.HashMode;
import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * Predicts the bucket ({@code 1..N}) a client flow lands in, exactly as our nftables ruleset
 * computes it in the kernel ({@code nft_jhash_eval}):
 *
 * <pre>
 * ct mark set jhash &lt;key&gt; mod N seed S offset 1
 *   = reciprocal_scale(jhash(register bytes, len, S), N) + 1
 * </pre>
 *
 * <p>The key is the bytes of the source registers: {@code ip saddr} is the 4 address bytes in
 * wire order ({@code ip6 saddr}: 16 bytes); {@code th sport} and {@code th dport} each fill
 * their own 32-bit register, 2 bytes big-endian then 2 zero bytes. Only TCP and UDP hash ports
 * ({@code meta l4proto { tcp, udp }}); every other protocol hashes the source address alone:
 *
 * <table>
 * <caption>key per mode</caption>
 * <tr><th>mode</th><th>TCP/UDP key (IPv4)</th><th>other protocols</th></tr>
 * <tr><td>sourceip</td><td>saddr (4)</td><td>saddr (4)</td></tr>
 * <tr><td>sourceip-sourceport</td><td>saddr . sport 00 00 (8)</td><td>saddr (4)</td></tr>
 * <tr><td>sourceip-sourceport-destport</td><td>saddr . sport 00 00 . dport 00 00 (12)</td><td>saddr (4)</td></tr>
 * </table>
 *
 * <p>For the clusterip-compatible modes the prediction is CLUSTERIP's ({@link ClusteripHash},
 * ports for every protocol {@code proto_ports_offset} knows, zeros for the others). IPv4 predictions are allocation-free.
 */
public final class BucketPredictor {

    /** IP protocol numbers used with {@link #bucketIpv4}. */
    public static final int IPPROTO_ICMP = 1;
    public static final int IPPROTO_TCP = 6;
    public static final int IPPROTO_UDP = 17;
    public static final int IPPROTO_ICMPV6 = 58;

    private final HashMode mode;
    private final int buckets;
    private final int seed;

    /**
     * @param mode    the ruleset's hash mode
     * @param buckets N, {@code 1..4096}
     * @param seed    S, {@code 0..0xffffffff}
     * @throws ClusterSpecException if a value is out of range
     */
    public BucketPredictor(HashMode mode, int buckets, long seed) {
        if (mode == null) {
            throw new ClusterSpecException("hashMode", null, "a hash mode");
        }
        this.mode = mode;
        this.buckets = ClusterIpSpec.checkBuckets(buckets);
        this.seed = (int) ClusterIpSpec.checkSeed(seed);
    }

    /** The predictor for a validated cluster IP. */
    public static BucketPredictor of(ClusterIpSpec spec) {
        return new BucketPredictor(spec.hashMode(), spec.buckets(), spec.seed());
    }

    /**
     * The bucket of an IPv4 flow (allocation-free).
     *
     * @param saddr    client address, first octet in the high byte (192.0.2.50 = {@code 0xc0000232})
     * @param protocol IP protocol number
     * @param sport    client port {@code 0..65535} (ignored where the key has none)
     * @param dport    server port {@code 0..65535} (ignored where the key has none)
     */
    public int bucketIpv4(int saddr, int protocol, int sport, int dport) {
        return Jhash.reciprocalScale(hashIpv4(saddr, protocol, sport, dport), buckets) + 1;
    }

    /** The 32-bit jhash value behind {@link #bucketIpv4} (before {@code reciprocal_scale}). */
    public int hashIpv4(int saddr, int protocol, int sport, int dport) {
        ClusteripHash.checkPort(sport, "sport");
        ClusteripHash.checkPort(dport, "dport");
        if (mode.clusteripCompatible()) {
            return ClusteripHash.hash(mode, saddr, protocol, sport, dport, seed);
        }
        int a = Integer.reverseBytes(saddr); // the 4 wire bytes read as a little-endian word
        if (mode == HashMode.SOURCE_IP || !hashesPorts(protocol)) {
            return Jhash.jhash1Word(a, seed);             // == jhash(key, 4, seed)
        }
        int b = ClusteripHash.rawPort(sport);              // bytes sport_hi sport_lo 00 00, LE word
        if (mode == HashMode.SOURCE_IP_SOURCE_PORT) {
            return Jhash.jhash2Words(a, b, seed);         // == jhash(key, 8, seed)
        }
        return Jhash.jhash3Words(a, b, ClusteripHash.rawPort(dport), seed); // == jhash(key, 12, seed)
    }

    /** The bucket of a flow from a client address of either family. */
    public int bucket(InetAddress saddr, int protocol, int sport, int dport) {
        if (saddr instanceof Inet4Address v4) {
            return bucketIpv4(ipv4(v4), protocol, sport, dport);
        }
        byte[] key = key(saddr, protocol, sport, dport);
        return Jhash.reciprocalScale(Jhash.jhash(key, key.length, seed), buckets) + 1;
    }

    /**
     * The bytes the kernel hashes for this flow (the source registers, {@code len} bytes).
     * For {@code clusterip-compatible} these are the 8 bytes a ruleset would have to hash to
     * reproduce CLUSTERIP: {@code ntohl(saddr)} as a little-endian word (the address bytes
     * reversed), then sport 00 00 (zeros for protocols without ports).
     */
    public byte[] key(InetAddress saddr, int protocol, int sport, int dport) {
        ClusteripHash.checkPort(sport, "sport");
        ClusteripHash.checkPort(dport, "dport");
        byte[] address = saddr.getAddress();
        if (mode.clusteripCompatible()) {
            if (!(saddr instanceof Inet4Address)) {
                throw new ClusterSpecException("hashMode", mode, "sourceip, sourceip-sourceport or "
                        + "sourceip-sourceport-destport for an IPv6 address (CLUSTERIP is IPv4 only)");
            }
            boolean ports = ClusteripHash.portsOffset(protocol) >= 0;
            HashMode m = mode.clusteripMode();
            byte[] host = {address[3], address[2], address[1], address[0]};
            if (m == HashMode.SOURCE_IP) return host;
            byte[] key = java.util.Arrays.copyOf(host, m == HashMode.SOURCE_IP_SOURCE_PORT ? 8 : 12);
            if (ports) {
                key[4] = (byte) (sport >>> 8);
                key[5] = (byte) sport;
                if (key.length == 12) {
                    key[8] = (byte) (dport >>> 8);
                    key[9] = (byte) dport;
                }
            }
            return key;
        }
        int ports = mode == HashMode.SOURCE_IP || !hashesPorts(protocol) ? 0
                : mode == HashMode.SOURCE_IP_SOURCE_PORT ? 1 : 2;
        byte[] key = new byte[address.length + 4 * ports];
        System.arraycopy(address, 0, key, 0, address.length);
        if (ports >= 1) {
            key[address.length] = (byte) (sport >>> 8);
            key[address.length + 1] = (byte) sport;
        }
        if (ports == 2) {
            key[address.length + 4] = (byte) (dport >>> 8);
            key[address.length + 5] = (byte) dport;
        }
        return key;
    }

    /** The hash mode. */
    public HashMode mode() {
        return mode;
    }

    /** N. */
    public int buckets() {
        return buckets;
    }

    /** S, {@code 0..0xffffffff}. */
    public long seed() {
        return seed & 0xffffffffL;
    }

    /** An IPv4 address as an int, first octet in the high byte (192.0.2.50 = {@code 0xc0000232}). */
    public static int ipv4(Inet4Address address) {
        byte[] a = address.getAddress();
        return (a[0] & 0xff) << 24 | (a[1] & 0xff) << 16 | (a[2] & 0xff) << 8 | (a[3] & 0xff);
    }

    /** {@code meta l4proto { tcp, udp }}: the protocols whose ports the nft key includes. */
    private static boolean hashesPorts(int protocol) {
        return protocol == IPPROTO_TCP || protocol == IPPROTO_UDP;
    }
}
