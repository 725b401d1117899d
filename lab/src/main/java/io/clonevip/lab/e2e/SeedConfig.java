package io.clonevip.lab.e2e;

import java.nio.file.Path;
import java.util.Map;

/**
 * The seed blog's second configuration (CLUSTERIP post) as crm shell text for the lab: provider
 * {@code clonevip}, VIP 198.51.100.100 on eth0, the mysql_monitor clone in pxc mode and the
 * globally-unique VIP clone with its three location rules.
 *
 * <p>Differences from the blog, all deliberate: {@code credentials_file} instead of
 * {@code user}/{@code password} (no secret in the CIB); socket and pid file at the lab's
 * {@code /run/mysqld/} paths; {@code clone-max}/{@code clone-node-max} = {@code buckets} (3 as in
 * the blog, or 12); the {@code loc-distrib-cluster-vip} rule ({@code -1: p_cluster_vip_clone_count
 * gt 1}) only when {@code distribRule} (see docs/user/configuration.md for why the working configuration
 * drops it on Pacemaker 2.1); {@code -inf: not_defined writable_monit or writable_monit eq 0} instead
 * of the blog's {@code -inf: writable_monit eq 0}, which does not match a node that has just
 * (re)joined and has no attribute yet, so buckets went to it before its database was up
 * (docs/user/mysql-monitor.md); no blog-era cluster properties (1.1.7's openais/expected-quorum-votes
 * are refused by Pacemaker 2.1's schema; the lab sets stonith-enabled=false itself).
 *
 * <p>With {@code standIn}, the agents that are not installed yet are replaced by
 * {@code ocf:pacemaker:Dummy} (the VIP clone) and by nothing (mysql_monitor: the scenario then
 * writes {@code writable_monit}/{@code readable_monit} itself).
 *
 * @param buckets     clone-max = clone-node-max of the VIP clone
 * @param distribRule whether the blog's clone_count rule is configured
 * @param vipAgent    {@code ocf:clonevip:IPaddr3} or a stand-in
 * @param monitor     whether the mysql_monitor clone is configured
 * @param credentials mysql_monitor's credentials file
 * @param extraVipParams further parameters of the VIP primitive (experiments, docs/developer/e2e-lab.md)
 * @param blogRule    the blog's {@code -inf: writable_monit eq 0} instead of the safe rule (experiment:
 *                    what a rejoining node does with it, docs/measurements/e2e.md)
 */
public record SeedConfig(int buckets, boolean distribRule, String vipAgent, boolean monitor, Path credentials,
                         Map<String, String> extraVipParams, boolean blogRule) {

    public SeedConfig {
        extraVipParams = Map.copyOf(extraVipParams);
    }

    public SeedConfig(int buckets, boolean distribRule, String vipAgent, boolean monitor, Path credentials) {
        this(buckets, distribRule, vipAgent, monitor, credentials, Map.of(), false);
    }

    /** The rule that keeps buckets off a node whose database may not take writes (or has not said yet). */
    static final String SAFE_RULE = "-inf: not_defined writable_monit or writable_monit eq 0";
    /** The blog's rule: it does not match a node without the attribute. */
    static final String BLOG_RULE = "-inf: writable_monit eq 0";

    public static final String VIP = "198.51.100.100";
    public static final String VIP_PRIMITIVE = "p_cluster_vip";
    /**
     * Upstream IPaddr2's {@code clusterip_hash_seed} in the comparison: set so that the client
     * can compute each source address's bucket (IPaddr2's default seed is an md5 of its own
     * parameters); any value would do.
     */
    public static final int UPSTREAM_SEED = 0x2a5eed01;

    /** crm configure text. */
    public String crm() {
        StringBuilder b = new StringBuilder();
        boolean ipaddr = vipAgent.endsWith(":IPaddr3") || vipAgent.endsWith(":IPaddr2");
        b.append("primitive p_cluster_vip ").append(vipAgent).append(" \\\n");
        if (ipaddr) {
            b.append("    params ip=\"").append(VIP).append("\" nic=\"eth0\"");
            if (vipAgent.endsWith(":IPaddr2")) {
                // upstream IPaddr2: its nft cluster backend; ARP answers with the cluster MAC (without
                // it each node answers with its own MAC and the client reaches one node only); a
                // known hash seed (see UPSTREAM_SEED)
                b.append(" clusterip_firewall=\"nft\" clusterip_mac_mangle=\"true\" clusterip_hash_seed=\"")
                        .append(String.format("0x%08x", UPSTREAM_SEED)).append('"');
            }
            new java.util.TreeMap<>(extraVipParams).forEach((k, v) -> b.append(' ').append(k).append("=\"").append(v).append('"'));
            b.append(" \\\n");
        }
        b.append("    meta resource-stickiness=\"0\" \\\n");
        b.append("    op monitor interval=\"10s\"\n");
        if (monitor) {
            b.append("""
                    primitive p_mysql_monit ocf:clonevip:mysql_monitor \\
                        params reader_attribute="readable_monit" writer_attribute="writable_monit" \\
                            credentials_file="%s" pid="/run/mysqld/mysqld.pid" \\
                            socket="/run/mysqld/mysqld.sock" max_slave_lag="5" cluster_type="pxc" \\
                        op monitor interval="1s" timeout="30s" OCF_CHECK_LEVEL="1"
                    """.formatted(credentials));
        }
        b.append("clone cl_cluster_vip p_cluster_vip \\\n    meta clone-max=\"").append(buckets)
                .append("\" clone-node-max=\"").append(buckets).append("\" globally-unique=\"true\"\n");
        if (monitor) {
            b.append("clone cl_mysql_monitor p_mysql_monit \\\n    meta clone-max=\"3\" clone-node-max=\"1\"\n");
        }
        if (distribRule) {
            b.append("location loc-distrib-cluster-vip cl_cluster_vip \\\n"
                    + "    rule $id=\"loc-distrib-cluster-vip-rule\" -1: p_cluster_vip_clone_count gt 1\n");
        }
        b.append("""
                location loc-enable-cluster-vip cl_cluster_vip \\
                    rule $id="loc-enable-cluster-vip-rule" 2: writable_monit eq 1
                location loc-no-cluster-vip cl_cluster_vip \\
                    rule $id="loc-no-cluster-vip-rule" %s
                """.formatted(blogRule ? BLOG_RULE : SAFE_RULE));
        return b.toString();
    }
}
