package io.clonevip.cluster;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A validated, load-shared cluster IP: what every node of the clone must agree on. Build one
 * with {@link #builder()}, which fills the defaults; the canonical constructor checks every
 * component, so no invalid instance exists. All failures are {@link ClusterSpecException}s
 * naming the parameter, the bad value and the valid range.
 *
 * @param vip        the virtual IP, IPv4 or IPv6 (an IPv6 VIP's ruleset: docs/developer/drain.md,
 *                   "An IPv6 VIP"). Not unspecified, loopback, link-local, multicast or 255.255.255.255
 * @param nic        the interface carrying it, a valid Linux name (kernel {@code dev_valid_name}:
 *                   1..15 bytes, not {@code .} or {@code ..}, no {@code /}, {@code :} or whitespace),
 *                   and no {@code "}: it would end the quoted spec comment in {@code nft list ruleset}
 * @param buckets    N, the number of hash buckets, {@code 1..4096}
 * @param hashMode   which packet fields choose the bucket; {@code clusterip-compatible} is IPv4 only
 * @param seed       the jhash seed S, an unsigned 32-bit value {@code 0..0xffffffff}
 * @param clusterMac the multicast MAC all nodes share
 */
public record ClusterIpSpec(InetAddress vip, String nic, int buckets, HashMode hashMode, long seed,
                            ClusterMac clusterMac) {

    /** Largest N. */
    public static final int MAX_BUCKETS = BucketSet.MAX_BUCKETS;

    /** Largest seed, {@code 0xffffffff}. */
    public static final long MAX_SEED = 0xffff_ffffL;

    /** Prefix of the hashed bytes in {@link #defaultSeed}; versioned so it never changes silently. */
    static final String SEED_CONTEXT = "clonevip-seed-v1";

    private static final byte[] BROADCAST = {-1, -1, -1, -1};

    /** Checks every component; see the record description. */
    public ClusterIpSpec {
        checkVip(vip);
        checkNic(nic);
        checkBuckets(buckets);
        if (hashMode == null) {
            throw new ClusterSpecException("hashMode", null, "a hash mode");
        }
        if (hashMode.clusteripCompatible() && vip instanceof Inet6Address) {
            throw new ClusterSpecException("hashMode", hashMode, "sourceip, sourceip-sourceport or "
                    + "sourceip-sourceport-destport for an IPv6 VIP (CLUSTERIP is IPv4 only)");
        }
        checkSeed(seed);
        if (clusterMac == null) {
            throw new ClusterSpecException("clusterMac", null, "a multicast MAC");
        }
    }

    /** A builder; vip, nic and buckets are required, the rest have defaults. */
    public static ClusterIpSpecBuilder builder() {
        return new ClusterIpSpecBuilder();
    }

    /**
     * The seed used when none is given, the same on every node because it depends on the VIP
     * alone: the first 4 bytes, big-endian, of SHA-256 over the ASCII bytes of
     * {@code "clonevip-seed-v1"} followed by the address bytes in network order (4 for IPv4,
     * 16 for IPv6). For 192.0.2.100 that is {@code 0xfa222227}.
     */
    public static long defaultSeed(InetAddress vip) {
        checkVip(vip);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(SEED_CONTEXT.getBytes(StandardCharsets.US_ASCII));
            byte[] d = sha.digest(vip.getAddress());
            return ((d[0] & 0xffL) << 24) | ((d[1] & 0xffL) << 16) | ((d[2] & 0xffL) << 8) | (d[3] & 0xffL);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e); // every JDK has it
        }
    }

    /**
     * Recommendations that do not block a start: an IPv4 VIP's MAC outside 01:00:5e (the
     * IPv4-multicast block), an IPv6 VIP's MAC outside 33:33. Empty when there is none.
     */
    public List<String> advisories() {
        List<String> out = new ArrayList<>(1);
        if (vip instanceof Inet4Address && !clusterMac.isIpv4MulticastMapped()) {
            out.add("clusterMac " + clusterMac + " is outside 01:00:5e:00:00:00-01:00:5e:7f:ff:ff, "
                    + "the block recommended for an IPv4 VIP (default " + ClusterMac.forVip(vip) + ")");
        }
        if (vip instanceof Inet6Address && !clusterMac.isIpv6MulticastMapped()) {
            out.add("clusterMac " + clusterMac + " is outside 33:33:00:00:00:00-33:33:ff:ff:ff:ff, "
                    + "the block recommended for an IPv6 VIP (default " + ClusterMac.forVip(vip) + ")");
        }
        return List.copyOf(out);
    }

    static void checkVip(InetAddress vip) {
        checkVip(vip, vip == null ? null : vip.getHostAddress());
    }

    /** As {@link #checkVip(InetAddress)}, quoting {@code shown} (the user's text) in the error. */
    static void checkVip(InetAddress vip, String shown) {
        String expected = "a unicast IPv4 or IPv6 address that is not unspecified, loopback, "
                + "link-local, multicast or broadcast, e.g. 192.0.2.100";
        if (vip == null || vip.isAnyLocalAddress() || vip.isLoopbackAddress() || vip.isLinkLocalAddress()
                || vip.isMulticastAddress()
                || (vip instanceof Inet4Address && Arrays.equals(vip.getAddress(), BROADCAST))) {
            throw new ClusterSpecException("vip", shown, expected);
        }
    }

    /**
     * Kernel {@code dev_valid_name()} on the UTF-8 bytes of {@code nic}, plus no NUL byte and no
     * {@code "} (nft lists the spec comment in double quotes without escaping; see {@link SpecComment}).
     */
    static void checkNic(String nic) {
        String expected = "a Linux interface name: 1..15 bytes, not '.' or '..', "
                + "without '/', ':', '\"' or whitespace";
        if (nic == null || nic.equals(".") || nic.equals("..")) {
            throw new ClusterSpecException("nic", nic, expected);
        }
        byte[] bytes = nic.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < 1 || bytes.length > 15) {
            throw new ClusterSpecException("nic", nic, expected + " (got " + bytes.length + " bytes)");
        }
        for (byte b : bytes) {
            // kernel isspace(): \t \n \v \f \r, space and 0xa0 (Latin-1 no-break space)
            if (b == '/' || b == ':' || b == '"' || b == 0 || b == ' ' || (b >= 0x09 && b <= 0x0d) || b == (byte) 0xa0) {
                throw new ClusterSpecException("nic", nic, expected);
            }
        }
    }

    public static int checkBuckets(int buckets) {
        if (buckets < 1 || buckets > MAX_BUCKETS) {
            throw new ClusterSpecException("buckets", buckets, "an integer 1.." + MAX_BUCKETS);
        }
        return buckets;
    }

    public static long checkSeed(long seed) {
        if (seed < 0 || seed > MAX_SEED) {
            throw new ClusterSpecException("seed", seed, "an unsigned 32-bit integer 0..4294967295 (0x0..0xffffffff)");
        }
        return seed;
    }
}
