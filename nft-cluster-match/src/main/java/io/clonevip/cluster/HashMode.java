package io.clonevip.cluster;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which fields of a client's packets choose its bucket. The names are those of the old
 * IPaddr2 parameter {@code clusterip_hash} and of iptables {@code CLUSTERIP --hashmode}, so
 * existing configurations keep their meaning.
 *
 * <p>In our nftables ruleset only TCP and UDP ({@code meta l4proto { tcp, udp }}) hash ports;
 * every other protocol (ICMP, SCTP, ESP, ...) hashes on the source address alone in every mode.
 */
public enum HashMode {

    /** {@code jhash ip saddr}: one client address always lands in one bucket. */
    SOURCE_IP("sourceip"),

    /** {@code jhash ip saddr . th sport}: the default; spreads one client's connections. */
    SOURCE_IP_SOURCE_PORT("sourceip-sourceport"),

    /** {@code jhash ip saddr . th sport . th dport}. */
    SOURCE_IP_SOURCE_PORT_DEST_PORT("sourceip-sourceport-destport"),

    /**
     * The old iptables CLUSTERIP target's choice of node, bit for bit (see {@link ClusteripHash}),
     * for a migration that keeps every client's bucket and every established connection:
     * CLUSTERIP's {@code --hashmode sourceip-sourceport}, the IPaddr2 default,
     * {@code jhash_2words(ntohl(saddr), sport, seed)} with the raw 16-bit port, and zero ports
     * for protocols without ports. The nft CLI cannot write this rule (it needs a byteorder
     * expression before the hash); clonevip's encoder does. IPv4 only.
     */
    CLUSTERIP_COMPATIBLE("clusterip-compatible"),

    /** As {@link #CLUSTERIP_COMPATIBLE} for CLUSTERIP's {@code --hashmode sourceip}: {@code jhash_1word(ntohl(saddr), seed)}. */
    CLUSTERIP_COMPATIBLE_SOURCE_IP("clusterip-compatible-sourceip"),

    /** As {@link #CLUSTERIP_COMPATIBLE} for {@code --hashmode sourceip-sourceport-destport}: {@code jhash_3words}. */
    CLUSTERIP_COMPATIBLE_SOURCE_IP_SOURCE_PORT_DEST_PORT("clusterip-compatible-sourceip-sourceport-destport");

    /** The mode used when none is given. */
    public static final HashMode DEFAULT = SOURCE_IP_SOURCE_PORT;

    private final String keyword;

    HashMode(String keyword) {
        this.keyword = keyword;
    }

    /** True for the modes that reproduce CLUSTERIP's hash. */
    public boolean clusteripCompatible() {
        return clusteripMode() != null;
    }

    /** The CLUSTERIP {@code --hashmode} a compatible mode reproduces; null for the others. */
    public HashMode clusteripMode() {
        return switch (this) {
            case CLUSTERIP_COMPATIBLE -> SOURCE_IP_SOURCE_PORT;
            case CLUSTERIP_COMPATIBLE_SOURCE_IP -> SOURCE_IP;
            case CLUSTERIP_COMPATIBLE_SOURCE_IP_SOURCE_PORT_DEST_PORT -> SOURCE_IP_SOURCE_PORT_DEST_PORT;
            default -> null;
        };
    }

    /**
     * Whether {@code nft list ruleset} shows this mode's rules as what they compute. False for
     * the clusterip-compatible modes: nft 1.0.6 prints {@code jhash ip saddr . th sport ...} and
     * omits the {@code byteorder} step that converts the address to host order, so the listing
     * reads like the plain mode (see docs/developer/clusterip.md); {@code netctl status} should say so.
     */
    public boolean listsFaithfully() {
        return !clusteripCompatible();
    }

    /** The compatible mode reproducing CLUSTERIP's {@code --hashmode m} (m one of the three plain modes). */
    public static HashMode compatibleWith(HashMode m) {
        return switch (m) {
            case SOURCE_IP -> CLUSTERIP_COMPATIBLE_SOURCE_IP;
            case SOURCE_IP_SOURCE_PORT -> CLUSTERIP_COMPATIBLE;
            case SOURCE_IP_SOURCE_PORT_DEST_PORT -> CLUSTERIP_COMPATIBLE_SOURCE_IP_SOURCE_PORT_DEST_PORT;
            default -> m;
        };
    }

    /** The configuration keyword, e.g. {@code sourceip-sourceport}. */
    public String keyword() {
        return keyword;
    }

    /**
     * The mode named by {@code text} (case-insensitive, surrounding blanks ignored).
     *
     * @throws ClusterSpecException naming the valid keywords if none matches
     */
    public static HashMode parse(String text) {
        if (text != null) {
            String wanted = text.strip().toLowerCase(Locale.ROOT);
            for (HashMode mode : values()) {
                if (mode.keyword.equals(wanted)) {
                    return mode;
                }
            }
        }
        throw new ClusterSpecException("hashMode", text, "one of " + Arrays.stream(values())
                .map(HashMode::keyword).collect(Collectors.joining(", ")));
    }

    /** The keyword. */
    @Override
    public String toString() {
        return keyword;
    }
}
