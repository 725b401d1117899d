package io.clonevip.agent.ipaddr;

import io.clonevip.ocf.AgentMetaData;
import io.clonevip.ocf.Parameter;
import io.clonevip.ocf.ProductVersion;

/**
 * The declarative meta-data of {@link IPaddr3}: the parameters of ClusterLabs' IPaddr2 and
 * Percona's IPaddr3 (same names, same defaults except where docs/user/ipaddr3.md says), so that a
 * configuration written for either works by changing only the provider, plus clonevip's own
 * ({@code backend}, {@code hash_seed}, {@code clone_count_attribute}, {@code preferred_src}).
 */
final class IPaddr3Model {
    private IPaddr3Model() {
    }

    static final String NAME = "IPaddr3";

    static final AgentMetaData META = AgentMetaData.builder(NAME)
            .version(ProductVersion.current())
            .shortdesc("Virtual IP address, load-shared over a clone with nftables (IPaddr2/IPaddr3 compatible)")
            .longdesc("Manages a virtual IPv4 or IPv6 address on a network interface. As a primitive (or a "
                    + "clone with clone-max 1) it adds the address, announces it with gratuitous ARP (IPv6: "
                    + "unsolicited neighbour advertisements) and removes it on stop, as IPaddr2 does. As a clone "
                    + "with clone-max N > 1 every clone instance k (CRM_meta_clone k-1) is hash bucket k of N, "
                    + "for an IPv4 or an IPv6 address alike: all nodes that run an instance hold the address and "
                    + "the shared multicast cluster MAC, answer ARP (IPv6: neighbour solicitations) for the "
                    + "address with that MAC, and an nftables ruleset "
                    + "(jhash, like the old iptables CLUSTERIP target) lets each node answer only the "
                    + "clients of its buckets. The number of buckets on the node is published as the "
                    + "transient node attribute <resource>_clone_count, as Percona's IPaddr3 did, so a "
                    + "location rule such as '-1: p_cluster_vip_clone_count gt 1' spreads the buckets "
                    + "again after failed nodes recover. A clone instance's stop drains its bucket (see "
                    + "drain_limit): the node keeps answering the bucket's established TCP connections while "
                    + "the bucket's next owner takes its new ones; when the drain ends, or at once with "
                    + "drain_limit 0, the node closes the bucket's remaining TCP connections (with the node's "
                    + "last bucket, every TCP connection on the VIP): the kernel resets their clients and the "
                    + "server's sessions end at once instead of at its timeouts; a kernel without "
                    + "CONFIG_INET_DIAG_DESTROY cannot, which is logged without failing.")
            .parameter(Parameter.string("ip").required().unique()
                    .shortdesc("Virtual IP address")
                    .longdesc("The IPv4 address in dotted-quad form (e.g. 192.0.2.100) or an IPv6 address "
                            + "(e.g. 2001:db8::64), single or load-shared alike. No host names, prefix length "
                            + "(see cidr_netmask), brackets or zone index. Refused: unspecified, loopback, "
                            + "link-local (fe80::/10), multicast (ff00::/8), IPv4-mapped (::ffff:a.b.c.d: give "
                            + "the IPv4 address) and IPv4-compatible (::a.b.c.d) addresses, 255.255.255.255, and "
                            + "an IPv6 address whose interface identifier is all zero under its prefix (its "
                            + "network's Subnet-Router anycast address, e.g. 2001:db8:1::/64)."))
            .parameter(Parameter.string("nic")
                    .shortdesc("Network interface")
                    .longdesc("The interface to put the address on, e.g. eth1; 'eth1:lbl' also sets the "
                            + "label as iflabel does. Empty: the interface whose route or address covers "
                            + "ip (like IPaddr2's findif); ip must then be on a directly connected network."))
            .parameter(Parameter.string("cidr_netmask").aliases("netmask")
                    .shortdesc("Prefix length")
                    .longdesc("The prefix length, 1..32 for IPv4 (e.g. 24, or a netmask such as "
                            + "255.255.255.0), 1..128 for IPv6 (e.g. 64; no netmask form); a leading '/' is "
                            + "allowed. Empty: taken from the address on nic that covers ip."))
            .parameter(Parameter.string("broadcast")
                    .shortdesc("Broadcast address")
                    .longdesc("IPv4 broadcast address of the VIP. Empty or '+': the one the prefix implies."))
            .parameter(Parameter.string("iflabel")
                    .shortdesc("Interface label")
                    .longdesc("IPv4 only: the address gets the label <nic>:<iflabel> (at most 15 "
                            + "characters in all), as 'ip addr add ... label' sets."))
            .parameter(Parameter.bool("lvs_support").defaultValue("false")
                    .shortdesc("LVS direct routing support")
                    .longdesc("Single VIP only: on stop the address moves to the loopback interface (/32) "
                            + "instead of vanishing, and start takes it back from there. Refused for a "
                            + "load-shared clone."))
            .parameter(Parameter.string("mac")
                    .shortdesc("Cluster MAC address")
                    .longdesc("Clone mode: the multicast MAC every node answers ARP (IPv6: neighbour "
                            + "solicitations) with and joins on nic (odd first octet, e.g. 01:00:5e:00:02:64). "
                            + "Empty: 01:00:5e + the low 23 bits of an IPv4 ip, 33:33 + the low 32 bits of an IPv6 "
                            + "ip (2001:db8:1::100: 33:33:00:00:01:00). Behind switches with MLD snooping, "
                            + "33:33:ff + the low 24 bits of an IPv6 ip (its solicited-node group's MAC, which the "
                            + "nodes report themselves) or a static switch entry: see docs/user/ipaddr3.md, IPv6."))
            .parameter(Parameter.select("clusterip_hash", "sourceip", "sourceip-sourceport",
                            "sourceip-sourceport-destport", "clusterip-compatible", "clusterip-compatible-sourceip",
                            "clusterip-compatible-sourceip-sourceport-destport").defaultValue("sourceip-sourceport")
                    .shortdesc("Hash mode")
                    .longdesc("Clone mode: which fields of a client's packets choose its bucket, as "
                            + "CLUSTERIP's --hashmode. Ports count for TCP and UDP only. The "
                            + "clusterip-compatible modes hash exactly as the iptables CLUSTERIP target did "
                            + "(clusterip-compatible = its sourceip-sourceport, with zero ports for protocols "
                            + "without ports), so that a cluster migrated off CLUSTERIP keeps every client's "
                            + "bucket and every established connection (netctl migrate --keep-connections); "
                            + "IPv4 only, as CLUSTERIP was: refused for an IPv6 ip."))
            .parameter(Parameter.string("hash_seed").aliases("clusterip_hash_seed")
                    .shortdesc("Hash seed")
                    .longdesc("Clone mode: the jhash seed, 0..4294967295, decimal or 0x-hexadecimal; must "
                            + "be equal on every node. Empty: derived from ip (the same on every node)."))
            .parameter(Parameter.bool("unique_clone_address").defaultValue("false")
                    .shortdesc("One address per clone instance")
                    .longdesc("As IPaddr2: every clone instance adds its instance number to ip and manages "
                            + "that address as a single VIP (no load sharing). Needs globally-unique=true."))
            .parameter(Parameter.integer("arp_interval").defaultValue("200")
                    .shortdesc("Gratuitous ARP interval (ms)")
                    .longdesc("Milliseconds between the gratuitous ARP (IPv6: unsolicited neighbour "
                            + "advertisement) rounds sent at start, 1..10000."))
            .parameter(Parameter.integer("arp_count").defaultValue("5")
                    .shortdesc("Gratuitous ARP count")
                    .longdesc("Number of gratuitous ARP (IPv6: unsolicited neighbour advertisement) rounds sent "
                            + "at start, 1..1000. In clone mode they carry the cluster MAC."))
            .parameter(Parameter.bool("arp_bg").defaultValue("true")
                    .shortdesc("Send gratuitous ARPs in the background")
                    .longdesc("true: the first round is sent before start returns, the rest by a "
                            + "background process (stopped by stop); false: all rounds before start returns."))
            .parameter(Parameter.string("arp_sender")
                    .shortdesc("ARP sender program (ignored)")
                    .longdesc("Accepted for IPaddr2 compatibility (send_arp, iputils_arping, ...): this agent "
                            + "always sends its announcements itself; a value is logged and ignored."))
            .parameter(Parameter.string("arp_mac").defaultValue("ffffffffffff")
                    .shortdesc("ARP destination MAC (ignored)")
                    .longdesc("Accepted for compatibility with Percona's IPaddr3, which declared it but never used "
                            + "it; announcements go to the broadcast address. A value is checked (a MAC address), "
                            + "logged and not used."))
            .parameter(Parameter.bool("flush_routes").defaultValue("false")
                    .shortdesc("Flush the route cache on stop")
                    .longdesc("As IPaddr2: flush the kernel's route cache after removing the address."))
            .parameter(Parameter.string("send_arp_opts")
                    .shortdesc("Options for the ARP sender (ignored)")
                    .longdesc("Accepted for IPaddr2 compatibility: options for IPaddr2's arp_sender program. This "
                            + "agent runs no such program; a value is logged and ignored."))
            .parameter(Parameter.integer("arp_count_refresh").defaultValue("0")
                    .shortdesc("Gratuitous ARP count per monitor")
                    .longdesc("As IPaddr2: single IPv4 VIP only, the number of gratuitous ARP rounds sent by every "
                            + "monitor that finds the VIP running (0..1000; 0: none). A value > 0 makes every "
                            + "monitor a full (JVM) monitor. Ignored in clone mode, as IPaddr2 ignores it there."))
            .parameter(Parameter.bool("run_arping").defaultValue("false")
                    .shortdesc("ARP collision check before start")
                    .longdesc("As IPaddr2 ('arping -D -c 2 -w 3'): before adding a single IPv4 VIP that is not there "
                            + "yet, start sends two ARP probes (RFC 5227) one second apart and fails (ERR_GENERIC, "
                            + "nothing added) when another host answers for ip. Costs start about 2 s. Ignored for "
                            + "IPv6 (as in IPaddr2); refused for a load-shared clone, whose address is on several "
                            + "nodes by design."))
            .parameter(Parameter.bool("nodad").defaultValue("false")
                    .shortdesc("No IPv6 duplicate address detection")
                    .longdesc("Accepted for IPaddr2 compatibility. IPaddr3 always adds addresses with the nodad "
                            + "flag (a load-shared VIP is on several nodes at once and DAD would mark it failed), "
                            + "so true is what it does anyway; false is logged and has no effect."))
            .parameter(Parameter.bool("noprefixroute").defaultValue("false")
                    .shortdesc("No prefix route for the address")
                    .longdesc("As IPaddr2 ('ip addr add ... noprefixroute'): the kernel adds no route for the VIP's "
                            + "network, IPv4 and IPv6."))
            .parameter(Parameter.string("preferred_lft").defaultValue("forever")
                    .shortdesc("IPv6 preferred lifetime")
                    .longdesc("As IPaddr2: for an IPv6 VIP, the preferred lifetime in seconds (RFC 4862 5.5.4), or "
                            + "'forever'; 0 marks the address deprecated, so it is not chosen as source address. "
                            + "Ignored for IPv4. A load-shared IPv6 VIP (clone-max > 1) is always held with 0: "
                            + "a connection the node opened from it would have its replies hashed to any node."))
            .parameter(Parameter.bool("lvs_ipv6_addrlabel").defaultValue("false")
                    .shortdesc("IPv6 address label for LVS-DR")
                    .longdesc("As IPaddr2: for a single IPv6 VIP, start sets the address label "
                            + "lvs_ipv6_addrlabel_value for ip/128 ('ip addrlabel add prefix ip label N') so that "
                            + "the VIP is not chosen as source address, and stop removes it. No meaning for IPv4. "
                            + "Default false as Debian's IPaddr2 (upstream 2026: true)."))
            .parameter(Parameter.integer("lvs_ipv6_addrlabel_value").defaultValue("99")
                    .shortdesc("IPv6 address label value")
                    .longdesc("The label for lvs_ipv6_addrlabel, 0..2147483647; an unused one in 'ip addrlabel list'."))
            .parameter(Parameter.string("network_namespace")
                    .shortdesc("Network namespace")
                    .longdesc("As IPaddr2: the named network namespace (/run/netns/NAME, as 'ip netns add' makes "
                            + "it) to work in; nic must be in it. Single VIP only: refused for a load-shared clone "
                            + "(its clone count attribute could not reach the cluster from inside the namespace). "
                            + "Makes every monitor a full (JVM) monitor."))
            .parameter(Parameter.bool("check_link_status").defaultValue("false")
                    .shortdesc("Fail when the interface is down")
                    .longdesc("As IPaddr2 2026: when the interface's operational state is DOWN or LOWERLAYERDOWN, "
                            + "monitor reports not running (7) and start fails. Default false, as before IPaddr2 "
                            + "had the parameter (upstream's default is true). true makes every monitor a full "
                            + "(JVM) monitor. Not for backend=clusterip."))
            .parameter(Parameter.string("proto")
                    .shortdesc("Route protocol for finding nic (ignored)")
                    .longdesc("Accepted for IPaddr2 compatibility: IPaddr2's findif looks only at routes of this "
                            + "protocol when nic is empty. IPaddr3 finds nic from the addresses and the kernel's "
                            + "route lookup, whatever the protocol; a value is checked (a name or 0..255), logged "
                            + "and not used."))
            .parameter(Parameter.select("clusterip_firewall", "auto", "nft", "iptables").defaultValue("auto")
                    .shortdesc("IPaddr2's firewall backend (nftables here)")
                    .longdesc("Accepted for IPaddr2 compatibility. IPaddr3 chooses with 'backend'; iptables (IPaddr2's "
                            + "xt_cluster rules) is logged and served by nftables, which gives the same load sharing."))
            .parameter(Parameter.string("clusterip_table").defaultValue("mangle")
                    .shortdesc("iptables table (ignored)")
                    .longdesc("Accepted for IPaddr2 compatibility (its iptables backend); IPaddr3 uses its own "
                            + "nftables table per VIP. A value other than the default is logged and ignored."))
            .parameter(Parameter.string("clusterip_chain").defaultValue("PREROUTING")
                    .shortdesc("iptables chain (ignored)")
                    .longdesc("Accepted for IPaddr2 compatibility (its iptables backend); a value other than the "
                            + "default is logged and ignored."))
            .parameter(Parameter.bool("clusterip_mac_mangle").defaultValue("false")
                    .shortdesc("ARP replies with the cluster MAC (always on here)")
                    .longdesc("Accepted for IPaddr2 compatibility. In clone mode IPaddr3 always answers ARP (IPv6: "
                            + "neighbour solicitations) for the VIP with the cluster MAC (what true does in IPaddr2 "
                            + "for IPv4); false is logged and has no effect."))
            .parameter(Parameter.bool("preferred_src").defaultValue("false")
                    .shortdesc("VIP as source address of its network's routes")
                    .longdesc("clonevip's own (IPaddr2 has no such parameter; this is what the IPsrcaddr agent does "
                            + "for one route): single IPv4 VIP only. Start sets ip as preferred source ('src') of "
                            + "the routes of ip's network via nic in table main, recording each route's previous "
                            + "source; stop puts the recorded source back (else the nic's primary address of that "
                            + "network) before it removes the address; monitor reports a route without it as a "
                            + "partial state (1). No such route: nothing to set. Makes every monitor a full (JVM) "
                            + "monitor. Refused for IPv6, a load-shared clone and unique_clone_address."))
            .parameter(Parameter.select("backend", "auto", "nft", "clusterip").defaultValue("auto")
                    .shortdesc("Load-sharing backend")
                    .longdesc("Clone mode: auto and nft use nftables (every kernel since 4.9); clusterip uses the "
                            + "old iptables CLUSTERIP target through the iptables-legacy kernel interface (no iptables "
                            + "process), for kernels up to 6.2 that still have it: at most 16 buckets, IPv4 only (refused for an "
                            + "IPv6 ip). On a "
                            + "kernel without CLUSTERIP, start fails with 'not installed'."))
            .parameter(Parameter.integer("drain_limit").defaultValue("300")
                    .shortdesc("Drain limit (s) of a stopped bucket's connections")
                    .longdesc("Clone mode, nftables backend: when a bucket's instance stops while the node holds "
                            + "established TCP connections of the bucket, the node goes on answering them (only "
                            + "them) for up to this many seconds, 0.." + VipSettings.MAX_DRAIN_SECONDS + ", and "
                            + "then closes what is left; new connections of the bucket go to its next owner at once, "
                            + "which does not disturb the draining ones (it learns of the drain through the transient "
                            + "node attribute clonevip-drain-<ip>-<bucket>). The kernel ends the drain by itself. "
                            + "0: cut at once, as before (the bucket's connections are closed at stop). The default "
                            + "covers transactions and statements of a few minutes; a pool's idle connection closed "
                            + "at the end is replaced by the pool when it validates it. UDP follows the bucket at "
                            + "once. A bucket without connections stops at once. Ignored for backend=clusterip."))
            .parameter(Parameter.string("clone_count_attribute")
                    .shortdesc("Node attribute with the local bucket count")
                    .longdesc("Clone mode: the transient node attribute that receives the number of this "
                            + "VIP's buckets on the node after start, stop and monitor (when it changed). "
                            + "Unset: <resource>_clone_count, resource being OCF_RESOURCE_INSTANCE without "
                            + "the :n clone suffix (Percona IPaddr3's name). Empty: not published."))
            .standardActions("20s", "10s", "20s")
            .build();
}
