package io.clonevip.cluster;

import java.net.InetAddress;
import java.util.regex.Pattern;

/**
 * Collects the parameters of a {@link ClusterIpSpec} (typed or as text, e.g. from OCF
 * environment variables), checking each value as it is set, and fills the defaults in
 * {@link #build()}:
 * hashMode {@code sourceip-sourceport}, seed {@link ClusterIpSpec#defaultSeed(InetAddress)},
 * clusterMac {@link ClusterMac#forVip(InetAddress)}. Text setters treat null or blank as "not
 * given" for optional parameters and never resolve host names.
 */
public final class ClusterIpSpecBuilder {

    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern DOTTED_QUAD = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    private static final String VIP_FORM = "an IPv4 address in dotted-quad form (e.g. 192.0.2.100) "
            + "or an IPv6 address (e.g. 2001:db8::64)";

    private InetAddress vip;
    private String nic;
    private Integer buckets;
    private HashMode hashMode;
    private Long seed;
    private ClusterMac clusterMac;

    ClusterIpSpecBuilder() {
    }

    /** The virtual IP (required). */
    public ClusterIpSpecBuilder vip(InetAddress vip) {
        ClusterIpSpec.checkVip(vip);
        this.vip = vip;
        return this;
    }

    /** The virtual IP as a literal (required): dotted quad or IPv6, no host names, no zone. */
    public ClusterIpSpecBuilder vip(String text) {
        String s = text == null ? "" : text.strip();
        boolean v4 = DOTTED_QUAD.matcher(s).matches();
        boolean v6 = s.indexOf(':') >= 0 && s.indexOf('%') < 0 && s.indexOf('[') < 0;
        if (!v4 && !v6) {
            throw new ClusterSpecException("vip", text, VIP_FORM);
        }
        InetAddress parsed;
        try {
            parsed = InetAddress.ofLiteral(s);
        } catch (IllegalArgumentException e) {
            throw new ClusterSpecException("vip", text, VIP_FORM);
        }
        ClusterIpSpec.checkVip(parsed, text);
        this.vip = parsed;
        return this;
    }

    /** The network interface (required). */
    public ClusterIpSpecBuilder nic(String nic) {
        ClusterIpSpec.checkNic(nic);
        this.nic = nic;
        return this;
    }

    /** N (required), {@code 1..4096}. */
    public ClusterIpSpecBuilder buckets(int buckets) {
        this.buckets = ClusterIpSpec.checkBuckets(buckets);
        return this;
    }

    /** N (required) as decimal text. */
    public ClusterIpSpecBuilder buckets(String text) {
        String s = text == null ? "" : text.strip();
        if (s.isEmpty() || s.length() > 4 || !s.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            throw new ClusterSpecException("buckets", text, "an integer 1.." + ClusterIpSpec.MAX_BUCKETS);
        }
        return buckets(Integer.parseInt(s));
    }

    /** The hash mode; null means the default, {@code sourceip-sourceport}. */
    public ClusterIpSpecBuilder hashMode(HashMode hashMode) {
        this.hashMode = hashMode;
        return this;
    }

    /** The hash mode by keyword; null or blank means the default. */
    public ClusterIpSpecBuilder hashMode(String text) {
        this.hashMode = text == null || text.isBlank() ? null : HashMode.parse(text);
        return this;
    }

    /** The seed, {@code 0..0xffffffff}. */
    public ClusterIpSpecBuilder seed(long seed) {
        this.seed = ClusterIpSpec.checkSeed(seed);
        return this;
    }

    /** The seed as decimal or {@code 0x} hexadecimal text; null or blank means derived from the VIP. */
    public ClusterIpSpecBuilder seed(String text) {
        if (text == null || text.isBlank()) {
            this.seed = null;
            return this;
        }
        String s = text.strip();
        boolean hex = s.length() > 2 && (s.startsWith("0x") || s.startsWith("0X"));
        String digits = hex ? s.substring(2) : s;
        int radix = hex ? 16 : 10;
        long value = digits.length() > 10 || !digits.chars().allMatch(ch -> Character.digit(ch, radix) >= 0 && ch < 0x80)
                ? -1 : Long.parseLong(digits, radix);
        if (value < 0 || value > ClusterIpSpec.MAX_SEED) {
            throw new ClusterSpecException("seed", text, // the user's text, not our reading of it
                    "an unsigned 32-bit integer 0..4294967295 (0x0..0xffffffff), decimal or 0x-hexadecimal");
        }
        return seed(value);
    }

    /** The cluster MAC; null means the default derived from the VIP. */
    public ClusterIpSpecBuilder clusterMac(ClusterMac clusterMac) {
        this.clusterMac = clusterMac;
        return this;
    }

    /** The cluster MAC as text ({@link ClusterMac#parse}); null or blank means the default. */
    public ClusterIpSpecBuilder clusterMac(String text) {
        this.clusterMac = text == null || text.isBlank() ? null : ClusterMac.parse(text);
        return this;
    }

    /**
     * The validated spec.
     *
     * @throws ClusterSpecException if a required parameter is missing or any value is invalid
     */
    public ClusterIpSpec build() {
        ClusterIpSpec.checkVip(vip);
        if (buckets == null) {
            throw new ClusterSpecException("buckets", null, "an integer 1.." + ClusterIpSpec.MAX_BUCKETS);
        }
        return new ClusterIpSpec(vip, nic, buckets,
                hashMode == null ? HashMode.DEFAULT : hashMode,
                seed == null ? ClusterIpSpec.defaultSeed(vip) : seed,
                clusterMac == null ? ClusterMac.forVip(vip) : clusterMac);
    }
}
