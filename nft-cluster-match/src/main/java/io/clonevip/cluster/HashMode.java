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
     * Reserved for a later ruleset that reproduces the old iptables CLUSTERIP target's choice
     * of node bit for bit (see {@link ClusteripHash}), for a migration that keeps every
     * client's bucket. Modelled as CLUSTERIP's {@code --hashmode sourceip-sourceport}, the
     * IPaddr2 default: {@code jhash_2words(ntohl(saddr), sport, seed)}. IPv4 only.
     */
    CLUSTERIP_COMPATIBLE("clusterip-compatible");

    /** The mode used when none is given. */
    public static final HashMode DEFAULT = SOURCE_IP_SOURCE_PORT;

    private final String keyword;

    HashMode(String keyword) {
        this.keyword = keyword;
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
