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
    V1("pre", "out", "local", "all", false, null, null, null, null, false),

    /**
     * Chain {@code cv_pre} (inet, prerouting), chain {@code cv_out} (arp, output), set
     * {@code cv_local} (this node's buckets), set {@code cv_all} (new connections per bucket);
     * zero port words as {@code meta mark & 0x00000000}; the spec comment of {@link SpecComment}
     * (at most 128 characters). Read, never written: no drain, no early drop.
     */
    V2("cv_pre", "cv_out", "cv_local", "cv_all", true, null, null, null, null, false),

    /**
     * V2's objects plus the drain and early drop of docs/developer/hashing.md: chain {@code cv_raw}
     * (inet, prerouting, priority raw: drops TCP/UDP of buckets this node neither serves nor
     * drains before conntrack), set {@code cv_drain} (buckets this node drains: only their
     * established connections), set {@code cv_guard} (buckets another node drains: no mid-stream
     * pickup), set {@code cv_pass} (what {@code cv_raw} lets through: local and draining buckets);
     * the last three with {@code flags timeout}, so a drain ends in the kernel at its limit.
     * Read, never written: every packet of an established connection passes the
     * {@code ct state new} rules before the serve rule.
     */
    V3("cv_pre", "cv_out", "cv_local", "cv_all", true, "cv_raw", "cv_drain", "cv_guard", "cv_pass", false),

    /**
     * V3's objects and rules, the serve rule ({@code ct mark @cv_local ... accept}) also first in
     * {@code cv_pre}: a packet whose connection already carries a bucket this node serves is
     * accepted by one rule, without the {@code ct state new} rules (mark, count, guard) that V3
     * ran before it; a connection without such a mark (a new one: mark 0) goes through them and
     * the serve rule after them, as in V3. Docs/developer/drain.md, "The table".
     */
    V4("cv_pre", "cv_out", "cv_local", "cv_all", true, "cv_raw", "cv_drain", "cv_guard", "cv_pass", true);

    /** What this build writes. */
    public static final RulesetLayout CURRENT = V4;

    private final String pre;
    private final String out;
    private final String local;
    private final String all;
    private final boolean listableZeros;
    private final String raw;
    private final String drain;
    private final String guard;
    private final String pass;
    private final boolean serveFirst;

    RulesetLayout(String pre, String out, String local, String all, boolean listableZeros,
                  String raw, String drain, String guard, String pass, boolean serveFirst) {
        this.pre = pre;
        this.out = out;
        this.local = local;
        this.all = all;
        this.listableZeros = listableZeros;
        this.raw = raw;
        this.drain = drain;
        this.guard = guard;
        this.pass = pass;
        this.serveFirst = serveFirst;
    }

    /** The inet table's chain at hook prerouting. */
    public String pre() { return pre; }

    /** The arp table's chain at hook output. */
    public String out() { return out; }

    /** The set of this node's buckets. */
    public String local() { return local; }

    /** The set of every bucket, counting new connections per bucket. */
    public String all() { return all; }

    /** Whether this layout drains and drops early (chain {@link #raw}, sets {@link #drain}, {@link #guard}, {@link #pass}). */
    public boolean drains() { return raw != null; }

    /** The inet table's chain at hook prerouting, priority raw (early drop); null before {@link #V3}. */
    public String raw() { return raw; }

    /** The set of buckets this node drains; null before {@link #V3}. */
    public String drain() { return drain; }

    /** The set of buckets another node drains, which this node must not pick up mid-stream; null before {@link #V3}. */
    public String guard() { return guard; }

    /** The set of buckets whose packets {@link #raw} lets through to conntrack; null before {@link #V3}. */
    public String pass() { return pass; }

    /** Whether {@link #pre}'s first rule serves the packets whose connection carries a local mark (from {@link #V4}). */
    public boolean serveFirst() { return serveFirst; }

    /** Whether {@code nft list ruleset > f; nft -f f} reads this layout's tables back (not {@link #V1}: its names are nft keywords). */
    public boolean restoresWithNft() { return this != V1; }

    /** Whether zero hash words are {@code meta mark & 0} (listed and parsed back by nft) rather than immediates. */
    boolean listableZeros() { return listableZeros; }
}
