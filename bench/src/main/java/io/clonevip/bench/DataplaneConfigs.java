package io.clonevip.bench;

import io.clonevip.cluster.BucketSet;
import io.clonevip.cluster.ClusterIpSpec;
import io.clonevip.cluster.ClusterIpTables;
import io.clonevip.cluster.ClusterRuleset;
import io.clonevip.cluster.HashMode;
import io.clonevip.cluster.RulesetBatches;
import io.clonevip.cluster.RulesetLayout;
import io.clonevip.cluster.SpecComment;
import io.clonevip.lab.net.NetLab;
import io.clonevip.nativ.NetNs;
import io.clonevip.nft.Batch;
import io.clonevip.nft.NftConn;
import io.clonevip.testkit.Cmd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The configurations {@link DataplaneSideBySide} floods, put on and taken off the lab's three
 * nodes: clonevip's ruleset (current layout, V2, V3, clusterip-compatible), a stateless variant,
 * {@code nft:NAME} templates from {@code bench/dataplane-variants}, each with the suffixes
 * {@code -nonowner}, {@code -owner} and {@code -est} that choose which buckets a node serves.
 */
final class DataplaneConfigs {
    private DataplaneConfigs() {}

    static final String VIP = DataplaneSideBySide.VIP;
    static final String STATELESS_TABLE = "cvbench_stateless";
    /** Where {@code nft:NAME} configurations are read from: {@code NAME.nft}, a ruleset template. */
    static final Path VARIANTS = Path.of("bench/dataplane-variants");

    /** The first source port of the flows that {@code -est} configurations establish (one reply from each node per flow). */
    static final int EST_BASE_PORT = 40000;

    /**
     * A configuration without its suffix: {@code -nonowner} (no node serves a bucket), {@code -owner} (every node
     * serves every bucket; the flood's flows are never answered, so conntrack calls every packet {@code new}),
     * {@code -est} (every node serves every bucket and has answered each flow once: every packet is {@code established}).
     */
    static String base(String config) {
        return config.replaceFirst("-(nonowner|owner|est)$", "");
    }

    static boolean established(String config) {
        return config.endsWith("-est");
    }

    /** The buckets node {@code i} serves in {@code config}. */
    static BucketSet owned(String config, int i) {
        if (config.endsWith("-nonowner")) return BucketSet.empty(12);
        if (config.endsWith("-owner") || established(config)) return BucketSet.parse("1-12", 12);
        return BucketSet.parse((4 * i - 3) + "-" + (4 * i), 12);
    }

    /** An {@code nft:NAME} template for node buckets {@code local}: table, VIP, seed, elements and spec comment filled in. */
    static String variant(ClusterIpSpec spec, String name, BucketSet local) throws IOException {
        List<String> buckets = new ArrayList<>();
        for (int b : local) buckets.add(Integer.toString(b));
        String elements = local.isEmpty() ? "" : " elements = { " + String.join(", ", buckets) + " };";
        return Files.readString(VARIANTS.resolve(name + ".nft"))
                .replace("@TABLE@", ClusterRuleset.tableName(spec.vip())).replace("@VIP@", VIP)
                .replace("@SEED@", String.format(Locale.ROOT, "0x%08x", spec.seed())).replace("@LOCAL@", elements)
                .replace("@COMMENT@", SpecComment.format(spec));
    }

    static void configure(NetLab lab, ClusterIpSpec spec, String config) throws Exception {
        String base = base(config);
        for (int i = 1; i <= 3; i++) {
            String ns = lab.node(i);
            BucketSet local = owned(config, i);
            if (base.startsWith("nft:")) {
                Path f = Files.createTempFile("cvbench-variant-", ".nft");
                try {
                    Files.writeString(f, variant(spec, base.substring(4), local));
                    Cmd.ok("ip", "netns", "exec", ns, "nft", "-f", f.toString());
                } finally {
                    Files.deleteIfExists(f);
                }
                continue;
            }
            switch (base) {
                case "clonevip", "clusterip-compatible" -> NetNs.run(ns, () -> {
                    try (NftConn c = NftConn.open()) {
                        new ClusterIpTables(c).apply(specFor(spec, config), local);
                    }
                });
                case "v2", "v3" -> NetNs.run(ns, () -> {
                    try (NftConn c = NftConn.open()) {
                        c.apply(RulesetBatches.add(new Batch(), ClusterRuleset.of(spec, base.equals("v2") ? RulesetLayout.V2 : RulesetLayout.V3), local), 0);
                    }
                });
                case "stateless" -> {
                    Path f = Files.createTempFile("cvbench-stateless-", ".nft");
                    try {
                        Files.writeString(f, statelessRuleset(spec, 4 * i - 3));
                        Cmd.ok("ip", "netns", "exec", ns, "nft", "-f", f.toString());
                    } finally {
                        Files.deleteIfExists(f);
                    }
                }
                default -> { }
            }
        }
    }

    static void unconfigure(NetLab lab, ClusterIpSpec spec, String config) throws Exception {
        for (String ns : lab.nodes()) {
            if (base(config).startsWith("nft:")) {
                Cmd.ok("ip", "netns", "exec", ns, "nft", "delete", "table", "inet", ClusterRuleset.tableName(spec.vip()));
                continue;
            }
            switch (base(config)) {
                case "clonevip", "clusterip-compatible", "v2", "v3" -> NetNs.run(ns, () -> {
                    try (NftConn c = NftConn.open()) {
                        new ClusterIpTables(c).remove(spec.vip());
                    }
                });
                case "stateless" -> Cmd.ok("ip", "netns", "exec", ns, "nft", "delete", "table", "inet", STATELESS_TABLE);
                default -> { }
            }
        }
    }

    /** clonevip's default mode, or the mode reproducing CLUSTERIP's node choice. */
    static ClusterIpSpec specFor(ClusterIpSpec spec, String config) {
        return config.equals("clusterip-compatible")
                ? ClusterIpSpec.builder().vip(VIP).nic("eth0").buckets(spec.buckets()).hashMode(HashMode.CLUSTERIP_COMPATIBLE).build()
                : spec;
    }

    /** The same hash as clonevip's ruleset, matched per packet against the node's buckets (no conntrack). */
    static String statelessRuleset(ClusterIpSpec spec, int first) {
        String owned = first + ", " + (first + 1) + ", " + (first + 2) + ", " + (first + 3);
        String hash = String.format(Locale.ROOT, "mod %d seed 0x%08x offset 1 { %s }", spec.buckets(), spec.seed(), owned);
        return "table inet " + STATELESS_TABLE + " {\n  chain pre {\n"
                + "    type filter hook prerouting priority mangle; policy accept;\n"
                + "    ip daddr " + VIP + " meta l4proto { tcp, udp } jhash ip saddr . th sport " + hash + " meta pkttype set host counter accept\n"
                + "    ip daddr " + VIP + " meta l4proto != { tcp, udp } jhash ip saddr " + hash + " meta pkttype set host counter accept\n"
                + "    ip daddr " + VIP + " counter drop\n  }\n}\n";
    }
}
