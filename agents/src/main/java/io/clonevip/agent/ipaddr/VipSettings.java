package io.clonevip.agent.ipaddr;

import io.clonevip.cluster.ClusterIpSpec;
import io.clonevip.cluster.ClusterMac;
import io.clonevip.cluster.ClusterSpecException;
import io.clonevip.cluster.HashMode;
import io.clonevip.ocf.OcfEnv;
import io.clonevip.ocf.OcfException;
import io.clonevip.rtnl.IpLiteral;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every parameter of one IPaddr3 action, checked without touching the kernel. A bad value is
 * an ERR_CONFIGURED {@link OcfException} whose reason names the parameter.
 *
 * @param ip         the address this instance manages (with unique_clone_address: ip + clone number)
 * @param nic        the interface name, or null to find it
 * @param label      the full IPv4 label ({@code eth1:lbl}), or null
 * @param prefix     the configured prefix length, or null to take it from the NIC
 * @param broadcast  the configured broadcast, or null for the implied one
 * @param bucket     clone mode: bucket and total; null in single-VIP mode
 * @param mac        the configured cluster MAC, or null for the default
 * @param hashMode   the hash mode
 * @param seed       the configured seed, or null for the default
 * @param arpCount   gratuitous ARP rounds
 * @param arpInterval time between rounds
 * @param arpBackground send all but the first round in the background
 * @param lvsSupport IPaddr2's lvs_support
 * @param flushRoutes flush the route cache on stop
 * @param attribute  the clone count node attribute, or null when not published
 * @param drainLimit clone mode: how long a stopped bucket's established connections stay (0: cut at once)
 * @param compat     IPaddr2's later parameters ({@link CompatOptions})
 */
record VipSettings(InetAddress ip, String nic, String label, Integer prefix, InetAddress broadcast,
                   CloneBucket bucket, ClusterMac mac, HashMode hashMode, Long seed, int arpCount,
                   Duration arpInterval, boolean arpBackground, boolean lvsSupport, boolean flushRoutes,
                   String attribute, Duration drainLimit, CompatOptions compat) {

    /** The longest drain_limit: a day. */
    static final int MAX_DRAIN_SECONDS = 86_400;

    /** Bucket {@code bucket} of {@code total} (clone instance bucket-1 of clone-max total). */
    record CloneBucket(int bucket, int total) {
    }

    private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z0-9_.:-]{1,200}");

    boolean cloneMode() {
        return bucket != null;
    }

    /** Reads and checks every parameter and the clone meta attributes. */
    static VipSettings from(OcfEnv env) {
        InetAddress base = VipLiteral.address("ip", env.string("ip"));
        VipLiteral.checkVip("ip", base, env.string("ip"));
        boolean unique = env.bool("unique_clone_address");
        if (unique && !env.globallyUnique()) {
            throw OcfException.configured("parameter 'unique_clone_address' needs the clone meta attribute globally-unique=true");
        }
        int cloneMax = env.cloneMax().orElse(1);
        if (cloneMax < 1 || cloneMax > ClusterIpSpec.MAX_BUCKETS) {
            throw OcfException.configured("meta attribute 'clone_max' must be between 1 and " + ClusterIpSpec.MAX_BUCKETS
                    + ", got '" + cloneMax + "'");
        }
        int cloneNo = env.cloneNumber().orElse(0);
        if (cloneNo < 0 || (env.isClone() && cloneNo >= cloneMax)) {
            throw OcfException.configured("meta attribute 'clone' must be between 0 and " + (cloneMax - 1)
                    + ", got '" + cloneNo + "'");
        }
        InetAddress ip = unique ? plus(base, cloneNo) : base;
        CloneBucket clone = cloneMax > 1 && !unique ? new CloneBucket(cloneNo + 1, cloneMax) : null;
        if (clone != null && ip instanceof Inet6Address && env.choice("backend").equals("clusterip")) {
            throw OcfException.configured("parameter 'backend': clusterip needs an IPv4 'ip' (the iptables CLUSTERIP "
                    + "target is IPv4 only), got '" + IpLiteral.format(ip) + "': use backend=nft for an IPv6 VIP");
        }
        boolean lvs = env.bool("lvs_support");
        if (lvs && clone != null) {
            throw OcfException.configured("parameter 'lvs_support' cannot be used with a load-shared clone (clone-max > 1)");
        }

        String nic = blankToNull(env.optional("nic").orElse(null));
        String label = null;
        if (nic != null && nic.indexOf(':') > 0) {
            label = nic;
            nic = nic.substring(0, nic.indexOf(':'));
        }
        if (nic != null) {
            checkNicName(nic);
        }
        String iflabel = blankToNull(env.optional("iflabel").orElse(null));
        if (iflabel != null && label == null) {
            if (nic == null) {
                throw OcfException.configured("parameter 'iflabel' needs parameter 'nic'");
            }
            label = nic + ":" + iflabel;
        }
        if (label != null) {
            if (!(ip instanceof Inet4Address)) {
                throw OcfException.configured("parameter 'iflabel' is for IPv4 addresses only");
            }
            if (label.getBytes(StandardCharsets.UTF_8).length > 15 || label.chars().anyMatch(Character::isWhitespace)) {
                throw OcfException.configured("parameter 'iflabel': label '" + label + "' must have at most 15 characters, no blanks");
            }
        }
        Integer prefix = prefix(env.optional("cidr_netmask").orElse(null), ip);
        InetAddress broadcast = broadcast(env.optional("broadcast").orElse(null), ip);

        ClusterMac mac = specValue("mac", () -> {
            String m = blankToNull(env.optional("mac").orElse(null));
            return m == null ? null : ClusterMac.parse(m);
        });
        HashMode hash = specValue("clusterip_hash", () -> HashMode.parse(env.choice("clusterip_hash")));
        if (clone != null && ip instanceof Inet6Address && hash.clusteripCompatible()) {
            throw OcfException.configured("parameter 'clusterip_hash': " + hash.keyword() + " hashes as the IPv4-only "
                    + "CLUSTERIP target did; for an IPv6 VIP use sourceip, sourceip-sourceport or "
                    + "sourceip-sourceport-destport");
        }
        Long seed = specValue("hash_seed", () -> {
            String s = blankToNull(env.optional("hash_seed").orElse(null));
            return s == null ? null : ClusterIpSpec.builder().vip(ip).nic("x").buckets(1).seed(s).build().seed();
        });
        int arpCount = env.integer("arp_count", 1, 1000);
        int arpIntervalMs = env.integer("arp_interval", 1, 10_000);
        boolean arpBg = env.bool("arp_bg");
        env.explicit("arp_sender").filter(s -> !s.isBlank()).ifPresent(s -> env.log().debug(
                "arp_sender=" + s + " ignored: IPaddr3 sends its announcements itself"));
        boolean flush = env.bool("flush_routes");
        Duration drain = Duration.ofSeconds(env.integer("drain_limit", 0, MAX_DRAIN_SECONDS));
        CompatOptions compat = CompatOptions.from(env, ip, clone != null);
        return new VipSettings(ip, nic, label, prefix, broadcast, clone, mac, hash, seed, arpCount,
                Duration.ofMillis(arpIntervalMs), arpBg, lvs, flush, attribute(env), drain, compat);
    }

    /** The clone count attribute: explicit value, empty = none, default {@code <resource>_clone_count}. */
    static String attribute(OcfEnv env) {
        Optional<String> given = env.explicit("clone_count_attribute");
        String name;
        if (given.isPresent()) {
            if (given.get().isBlank()) {
                return null;
            }
            name = given.get().strip();
        } else {
            String instance = env.resourceInstance();
            int colon = instance.indexOf(':');
            name = (colon > 0 ? instance.substring(0, colon) : instance) + "_clone_count";
        }
        if (!ATTRIBUTE.matcher(name).matches()) {
            throw OcfException.configured("parameter 'clone_count_attribute' must be a node attribute name "
                    + "([A-Za-z0-9_.:-], at most 200), got '" + name + "'");
        }
        return name;
    }

    private interface SpecPart<T> {
        T get();
    }

    /** Runs a cluster-spec parser, reporting its failure under the OCF parameter name. */
    private static <T> T specValue(String parameter, SpecPart<T> part) {
        try {
            return part.get();
        } catch (ClusterSpecException e) {
            throw specError(parameter, e);
        }
    }

    /** The one wording of a cluster-spec value refused, under OCF parameter {@code parameter}. */
    static OcfException specError(String parameter, ClusterSpecException e) {
        return OcfException.configured("parameter '" + parameter + "' invalid: got "
                + e.getMessage().replaceFirst("^invalid \\S+ ", ""));
    }

    private static InetAddress plus(InetAddress base, int n) {
        BigInteger v = new BigInteger(1, base.getAddress()).add(BigInteger.valueOf(n));
        int len = base.getAddress().length;
        byte[] raw = v.toByteArray();
        byte[] out = new byte[len];
        if (raw.length > len + 1 || (raw.length == len + 1 && raw[0] != 0)) {
            throw OcfException.configured("parameter 'unique_clone_address': ip + " + n + " overflows");
        }
        System.arraycopy(raw, Math.max(0, raw.length - len), out, Math.max(0, len - raw.length), Math.min(len, raw.length));
        try {
            InetAddress a = InetAddress.getByAddress(out);
            VipLiteral.checkVip("ip", a, IpLiteral.format(a) + " (ip + clone number " + n + ")");
            return a;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void checkNicName(String nic) {
        byte[] b = nic.getBytes(StandardCharsets.UTF_8);
        if (b.length > 15 || nic.equals(".") || nic.equals("..") || nic.contains("/")
                || nic.chars().anyMatch(c -> Character.isWhitespace(c) || c == 0)) {
            throw OcfException.configured("parameter 'nic' must be an interface name (1..15 characters, no '/' or blanks), got '"
                    + nic + "'");
        }
    }

    /** {@code 24}, {@code /24} or {@code 255.255.255.0}; null when blank. */
    static Integer prefix(String text, InetAddress ip) {
        String s = blankToNull(text);
        if (s == null) {
            return null;
        }
        int max = ip instanceof Inet4Address ? 32 : 128;
        if (s.startsWith("/")) {
            s = s.substring(1);
        }
        if (s.matches("[0-9]{1,3}")) {
            int p = Integer.parseInt(s);
            if (p >= 1 && p <= max) {
                return p;
            }
        } else if (ip instanceof Inet4Address && VipLiteral.V4.matcher(s).matches()) {
            int m = new BigInteger(1, InetAddress.ofLiteral(s).getAddress()).intValue();
            int p = Integer.bitCount(m);
            if (p >= 1 && m == (int) (0xffffffffL << (32 - p))) {
                return p;
            }
        }
        throw OcfException.configured("parameter 'cidr_netmask' must be a prefix length 1.." + max
                + (max == 32 ? " or a contiguous netmask" : "") + ", got '" + text + "'");
    }

    private static InetAddress broadcast(String text, InetAddress ip) {
        String s = blankToNull(text);
        if (s == null || s.equals("+")) {
            return null;
        }
        if (!(ip instanceof Inet4Address)) {
            throw OcfException.configured("parameter 'broadcast' is for IPv4 addresses only, got '" + text + "'");
        }
        if (!VipLiteral.V4.matcher(s).matches()) {
            throw OcfException.configured("parameter 'broadcast' must be an IPv4 address or '+', got '" + text + "'");
        }
        return InetAddress.ofLiteral(s);
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
