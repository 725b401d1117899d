package io.clonevip.netctl.migrate;

/**
 * The migration text shown at the end of {@code netctl migrate --help} (docs/user/migration.md says the
 * same at length). Lines for picocli's footer: no '%' except %n.
 */
public final class MigrationGuide {
    private MigrationGuide() {}

    /** Said in every report: the one-time cut. */
    public static final String CUT_ONCE = "Existing client connections on the VIP are cut once when it moves from"
            + " CLUSTERIP to clonevip's default hash: the hash function changes, so although bucket ownership is"
            + " kept (the node serving bucket k still serves bucket k), a client may land in another bucket.";

    /** Said instead after {@code --apply --keep-connections}. */
    public static final String KEPT = "Existing client connections on the VIP were kept: this node now runs the"
            + " clusterip-compatible hash mode shown above, CLUSTERIP's own hash in nftables, so every client keeps its"
            + " bucket. Use that clusterip_hash in the CIB (the commands above carry it); nodes still on CLUSTERIP agree.";

    public static final String[] FOOTER = {
            "Moving from CLUSTERIP to clonevip:",
            "  Existing client connections on the VIP are cut ONCE. Bucket ownership is",
            "  kept (total nodes -> buckets, local nodes -> local buckets, --hash-init ->",
            "  hash_seed, the cluster MAC), but the hash function changes (CLUSTERIP hashes",
            "  host-order words, nftables' jhash the packet bytes), so a client may land in",
            "  another bucket, on another node. Clients reconnect; plan a quiet moment.",
            "",
            "  While some nodes run CLUSTERIP and others clonevip, the two hashes disagree:",
            "  a new connection may be answered by two nodes or by none. Keep that window",
            "  short.",
            "",
            "  Steps (details in docs/user/migration.md):",
            "    1. install clonevip on every node (nothing changes yet);",
            "    2. on each node: netctl migrate --from-iptables-save FILE --proc-dir DIR;",
            "       all nodes must agree on N, MAC, hash mode and seed;",
            "    3. netctl migrate --cib cib.xml: review the diff and crm_verify's verdict;",
            "    4. switch, either",
            "       a) all at once (recommended with the default hash): load the rewritten",
            "          CIB; Pacemaker restarts every instance in one transition; or",
            "       b) node by node: crm node standby NODE (its buckets move away), wait",
            "          until it serves none, remove its CLUSTERIP rule, apply clonevip,",
            "          crm node online NODE. Until the last node is switched the two",
            "          hashes disagree, so b) keeps the mixed window open longer.",
            "",
            "  Zero-disruption path (IPv4, while the nodes still run CLUSTERIP): hash mode",
            "  clusterip-compatible reproduces CLUSTERIP's own hash in nftables, so clients",
            "  keep their buckets and established connections are kept. With Pacemaker in",
            "  maintenance mode, on each node in turn:",
            "    netctl migrate --from-iptables-save FILE --apply --keep-connections",
            "  (nft is applied next to CLUSTERIP, read back, then the CLUSTERIP rule goes),",
            "  then set clusterip_hash=clusterip-compatible in the CIB. docs/user/migration.md.",
    };
}
