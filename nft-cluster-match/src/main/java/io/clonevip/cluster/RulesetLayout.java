package io.clonevip.cluster;

/**
 * The names and forms clonevip gives to what it creates inside its two tables, per build
 * generation. {@link #CURRENT} is what every write produces; the reader also recognises the
 * older layouts so that a node upgraded while its cluster IP runs keeps serving, and the next
 * write ({@code join}, {@code leave}, {@code apply}, a bucket change) replaces both tables with
 * the current layout in one transaction. The connections' buckets live in their conntrack marks,
 * not in the tables, so that replacement keeps every connection where it is; only the set
 * counters start again from zero.
 *
 * <p>Every name must survive {@code nft list ruleset > f; nft -f f}: nft's scanner turns its
 * keywords into tokens that its grammar refuses where a name is expected, and one refused line
 * makes the whole restore fail, the host's other tables with it. No nft keyword of any release
 * from 0.8.1 to 1.1.6 contains an underscore, so every name here does.
 */
public enum RulesetLayout {

    /**
     * Builds up to December 2026: set {@code all} is an nft keyword in every release, chain
     * {@code out} one in releases up to 0.9.8; the zero port words of the clusterip-compatible
     * rules are immediates, which nft lists as {@code 0x0 [invalid type]}; the spec comment
     * {@code clonevip v1 vip=... nic=... buckets=... hash=... seed=... mac=...} can exceed nft's
     * 128 characters. Read, never written.
     */
    V1("pre", "out", "local", "all", false),

    /**
     * Chain {@code cv_pre} (inet, prerouting), chain {@code cv_out} (arp, output), set
     * {@code cv_local} (this node's buckets), set {@code cv_all} (new connections per bucket);
     * zero port words as {@code meta mark & 0x00000000}; the spec comment of {@link SpecComment}
     * (at most 128 characters).
     */
    V2("cv_pre", "cv_out", "cv_local", "cv_all", true);

    /** What this build writes. */
    public static final RulesetLayout CURRENT = V2;

    private final String pre;
    private final String out;
    private final String local;
    private final String all;
    private final boolean listableZeros;

    RulesetLayout(String pre, String out, String local, String all, boolean listableZeros) {
        this.pre = pre;
        this.out = out;
        this.local = local;
        this.all = all;
        this.listableZeros = listableZeros;
    }

    /** The inet table's chain at hook prerouting. */
    public String pre() { return pre; }

    /** The arp table's chain at hook output. */
    public String out() { return out; }

    /** The set of this node's buckets. */
    public String local() { return local; }

    /** The set of every bucket, counting new connections per bucket. */
    public String all() { return all; }

    /** Whether zero hash words are {@code meta mark & 0} (listed and parsed back by nft) rather than immediates. */
    boolean listableZeros() { return listableZeros; }
}
