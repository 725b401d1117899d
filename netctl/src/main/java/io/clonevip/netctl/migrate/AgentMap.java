package io.clonevip.netctl.migrate;

import java.util.Map;
import java.util.Set;

/**
 * Which resource agents {@code netctl migrate --cib} moves to clonevip's, and what happens to each
 * of their parameters. Parameters not listed are kept and warned about.
 */
final class AgentMap {
    private AgentMap() {}

    static final String CLONEVIP = "clonevip";

    /** The clonevip agent for an old one, or null when the old one is not migrated. */
    static String target(String provider, String type, boolean inClone) {
        if ("percona".equals(provider) && "IPaddr3".equals(type)) return "IPaddr3";
        if ("percona".equals(provider) && "mysql_monitor".equals(type)) return "mysql_monitor";
        if ("heartbeat".equals(provider) && "IPaddr2".equals(type) && inClone) return "IPaddr3";
        return null;
    }

    /** Parameters clonevip's agent calls differently: old name → new name. */
    static final Map<String, String> RENAMED = Map.of("clusterip_hash_seed", "hash_seed");

    /** Parameters clonevip's IPaddr3 has no use for, with the reason (said in the report). */
    static final Map<String, String> DROPPED = Map.of(
            "clusterip_firewall", "clonevip programs nftables over netlink itself; there is no iptables/nft choice",
            "clusterip_table", "iptables only; clonevip keeps its rules in its own nftables table",
            "clusterip_chain", "iptables only; clonevip keeps its rules in its own nftables table");

    /** Parameters of clonevip's IPaddr3 (kept as they are). */
    static final Set<String> IPADDR3 = Set.of("ip", "nic", "cidr_netmask", "broadcast", "iflabel", "mac",
            "clusterip_hash", "hash_seed", "backend", "arp_interval", "arp_count", "arp_bg",
            "unique_clone_address");

    /** Parameters of clonevip's mysql_monitor (Percona's, kept as they are). */
    static final Set<String> MYSQL_MONITOR = Set.of("state", "user", "password", "client_binary", "pid", "socket",
            "reader_attribute", "writer_attribute", "reader_failcount", "max_slave_lag", "cluster_type");

    static Set<String> known(String clonevipType) {
        return clonevipType.equals("IPaddr3") ? IPADDR3 : MYSQL_MONITOR;
    }
}
