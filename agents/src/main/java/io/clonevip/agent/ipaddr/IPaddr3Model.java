package io.clonevip.agent.ipaddr;

import io.clonevip.ocf.AgentMetaData;
import io.clonevip.ocf.Parameter;

/**
 * The declarative meta-data of {@link IPaddr3}: the parameters of ClusterLabs' IPaddr2 and
 * Percona's IPaddr3 (same names, same defaults), so that a configuration written for either
 * works by changing only the provider, plus clonevip's own ({@code backend}, {@code hash_seed},
 * {@code clone_count_attribute}).
 */
final class IPaddr3Model {
    private IPaddr3Model() {
    }

    static final String NAME = "IPaddr3";

    static final AgentMetaData META = AgentMetaData.builder(NAME)
            .version("1.0")
            .shortdesc("Virtual IP address, load-shared over a clone with nftables (IPaddr2/IPaddr3 compatible)")
            .longdesc("Manages a virtual IPv4 or IPv6 address on a network interface. As a primitive (or a "
                    + "clone with clone-max 1) it adds the address, announces it with gratuitous ARP and "
                    + "removes it on stop, as IPaddr2 does. As a clone with clone-max N > 1 every clone "
                    + "instance k (CRM_meta_clone k-1) is hash bucket k of N: all nodes that run an instance "
                    + "hold the address and the shared multicast cluster MAC, and an nftables ruleset "
                    + "(jhash, like the old iptables CLUSTERIP target) lets each node answer only the "
                    + "clients of its buckets. The number of buckets on the node is published as the "
                    + "transient node attribute <resource>_clone_count, as Percona's IPaddr3 did, so a "
                    + "location rule such as '-1: p_cluster_vip_clone_count gt 1' spreads the buckets "
                    + "again after failed nodes recover.")
            .parameter(Parameter.string("ip").required().unique()
                    .shortdesc("Virtual IP address")
                    .longdesc("The IPv4 address in dotted-quad form (e.g. 192.0.2.100) or an IPv6 address "
                            + "(e.g. 2001:db8::64). No host names."))
            .parameter(Parameter.string("nic")
                    .shortdesc("Network interface")
                    .longdesc("The interface to put the address on, e.g. eth1; 'eth1:lbl' also sets the "
                            + "label as iflabel does. Empty: the interface whose route or address covers "
                            + "ip (like IPaddr2's findif); ip must then be on a directly connected network."))
            .parameter(Parameter.string("cidr_netmask").aliases("netmask")
                    .shortdesc("Prefix length")
                    .longdesc("The prefix length (e.g. 24), or an IPv4 netmask (255.255.255.0). Empty: "
                            + "taken from the address on nic that covers ip."))
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
                    .longdesc("Clone mode: the multicast MAC every node answers ARP with and joins on nic "
                            + "(odd first octet, e.g. 01:00:5e:00:02:64). Empty: 01:00:5e + the low 23 "
                            + "bits of an IPv4 ip (33:33 + low 32 bits for IPv6)."))
            .parameter(Parameter.select("clusterip_hash", "sourceip", "sourceip-sourceport",
                            "sourceip-sourceport-destport").defaultValue("sourceip-sourceport")
                    .shortdesc("Hash mode")
                    .longdesc("Clone mode: which fields of a client's packets choose its bucket, as "
                            + "CLUSTERIP's --hashmode. Ports count for TCP and UDP only."))
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
                    .longdesc("Number of gratuitous ARP rounds sent at start, 1..1000."))
            .parameter(Parameter.bool("arp_bg").defaultValue("true")
                    .shortdesc("Send gratuitous ARPs in the background")
                    .longdesc("true: the first round is sent before start returns, the rest by a "
                            + "background process (stopped by stop); false: all rounds before start returns."))
            .parameter(Parameter.string("arp_sender")
                    .shortdesc("ARP sender program (ignored)")
                    .longdesc("Accepted for IPaddr2 compatibility (send_arp, iputils_arping, ...): this agent "
                            + "always sends its announcements itself; a value is logged and ignored."))
            .parameter(Parameter.bool("flush_routes").defaultValue("false")
                    .shortdesc("Flush the route cache on stop")
                    .longdesc("As IPaddr2: flush the kernel's route cache after removing the address."))
            .parameter(Parameter.select("backend", "auto", "nft", "clusterip").defaultValue("auto")
                    .shortdesc("Load-sharing backend")
                    .longdesc("Clone mode: auto and nft use nftables (the only backend so far); clusterip "
                            + "is reserved for the old iptables CLUSTERIP target and refused as not available."))
            .parameter(Parameter.string("clone_count_attribute")
                    .shortdesc("Node attribute with the local bucket count")
                    .longdesc("Clone mode: the transient node attribute that receives the number of this "
                            + "VIP's buckets on the node after start, stop and monitor (when it changed). "
                            + "Unset: <resource>_clone_count, resource being OCF_RESOURCE_INSTANCE without "
                            + "the :n clone suffix (Percona IPaddr3's name). Empty: not published."))
            .standardActions("20s", "10s", "20s")
            .build();
}
