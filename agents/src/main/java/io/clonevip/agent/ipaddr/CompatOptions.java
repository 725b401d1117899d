package io.clonevip.agent.ipaddr;

import io.clonevip.ocf.OcfAction;
import io.clonevip.ocf.OcfEnv;
import io.clonevip.ocf.OcfException;
import io.clonevip.rtnl.IfAddr;
import io.clonevip.rtnl.Link;
import io.clonevip.rtnl.OperState;
import java.net.InetAddress;
import java.net.Inet4Address;
import java.util.regex.Pattern;

/**
 * The IPaddr2 parameters added after its original set (Debian's 4.12 and upstream's 2026
 * meta-data), Percona's arp_mac and clonevip's preferred_src, checked and resolved for this action: what IPaddr3 does with each is in
 * {@link IPaddr3Model} and docs/user/ipaddr3.md. Parameters without meaning here are accepted and
 * logged (at start and validate-all); those whose silent acceptance would mislead are refused
 * with ERR_CONFIGURED naming them.
 *
 * @param noPrefixRoute     add the address with IFA_F_NOPREFIXROUTE (single VIP)
 * @param preferredLifetime IPv6 preferred lifetime in seconds, or -1 for forever (nothing sent)
 * @param arpCountRefresh   gratuitous ARP rounds per monitor of a running single IPv4 VIP
 * @param netns             the network namespace to work in, or null for the current one
 * @param checkLinkStatus   a NIC in operational state DOWN/LOWERLAYERDOWN means not running
 * @param runArping         single IPv4 VIP: probe for another holder of the address before adding it
 * @param addrLabel         single IPv6 VIP: the address label to set for it (lvs_ipv6_addrlabel), or -1
 * @param preferredSrc      single IPv4 VIP: clonevip's preferred_src ({@link PreferredSource})
 */
record CompatOptions(boolean noPrefixRoute, long preferredLifetime, int arpCountRefresh, String netns,
                     boolean checkLinkStatus, boolean runArping, long addrLabel, boolean preferredSrc) {

    private static final Pattern PROTO = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,31}|[0-9]{1,3}");

    /** Reads them; {@code clone}: load-shared clone mode. */
    static CompatOptions from(OcfEnv env, InetAddress ip, boolean clone) {
        boolean v4 = ip instanceof Inet4Address;
        boolean arping = env.bool("run_arping");
        if (arping && clone) {
            throw OcfException.configured("parameter 'run_arping' is for a single VIP: the address of a load-shared "
                    + "clone (clone-max > 1) is on several nodes by design, every check would find a collision");
        }
        int labelValue = env.integer("lvs_ipv6_addrlabel_value", 0, Integer.MAX_VALUE);
        boolean addrLabel = env.bool("lvs_ipv6_addrlabel") && !v4;
        boolean noPrefixRoute = env.bool("noprefixroute");
        if (noPrefixRoute && clone) {
            throw OcfException.configured("parameter 'noprefixroute' is for a single VIP, not a load-shared clone (clone-max > 1)");
        }
        long preferred = preferredLifetime(env.string("preferred_lft"));
        if (clone && !v4 && env.explicit("preferred_lft").isPresent() && preferred != 0) {
            env.log().info("preferred_lft=" + env.string("preferred_lft") + " ignored: a load-shared IPv6 VIP is held "
                    + "deprecated (0), so that the node's own connections never take it as their source");
        }
        String netns = VipSettings.blankToNull(env.optional("network_namespace").orElse(null));
        if (netns != null) {
            if (netns.length() > 255 || netns.contains("/") || netns.equals(".") || netns.equals("..")
                    || netns.chars().anyMatch(c -> Character.isWhitespace(c) || c == 0)) {
                throw OcfException.configured("parameter 'network_namespace' must be a namespace name (no '/' or "
                        + "blanks, at most 255 characters), got '" + netns + "'");
            }
            if (clone) {
                throw OcfException.configured("parameter 'network_namespace' is for a single VIP, not a load-shared "
                        + "clone (clone-max > 1): the clone count attribute cannot reach the cluster from inside it");
            }
        }
        int refresh = env.integer("arp_count_refresh", 0, 1000);
        boolean link = env.bool("check_link_status");
        String proto = VipSettings.blankToNull(env.optional("proto").orElse(null));
        if (proto != null && (!PROTO.matcher(proto).matches() || (Character.isDigit(proto.charAt(0)) && Integer.parseInt(proto) > 255))) {
            throw OcfException.configured("parameter 'proto' must be a route protocol name or 0..255, got '" + proto + "'");
        }
        logIgnored(env, v4, clone, proto, refresh);
        boolean prefSrc = env.bool("preferred_src");
        if (prefSrc && !v4) {
            throw OcfException.configured("parameter 'preferred_src' is for IPv4 addresses only");
        }
        if (prefSrc && (clone || env.bool("unique_clone_address"))) {
            throw OcfException.configured("parameter 'preferred_src' is for a single VIP: "
                    + (clone ? "replies to connections a node opens from a load-shared address would be hashed to any node"
                    : "every instance of unique_clone_address would claim the same route"));
        }
        env.explicit("arp_mac").filter(v -> !v.isBlank()).ifPresent(v -> {
            if (!v.strip().matches("[0-9A-Fa-f]{12}|[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}")) {
                throw OcfException.configured("parameter 'arp_mac' must be a MAC address (12 hex digits, colons "
                        + "optional), got '" + v + "'");
            }
        });
        return new CompatOptions(noPrefixRoute, v4 ? -1 : preferred, clone || !v4 ? 0 : refresh, netns, link,
                arping && v4, addrLabel ? labelValue : -1, prefSrc);
    }

    /** {@code forever} → -1; seconds 0..4294967295 (the latter is forever too). */
    static long preferredLifetime(String text) {
        String s = text.strip();
        if (s.equals("forever")) {
            return -1;
        }
        if (s.matches("[0-9]{1,10}")) {
            long v = Long.parseLong(s);
            if (v <= IfAddr.FOREVER) {
                return v == IfAddr.FOREVER ? -1 : v;
            }
        }
        throw OcfException.configured("parameter 'preferred_lft' must be 'forever' or seconds 0..4294967295, got '" + text + "'");
    }

    private static void logIgnored(OcfEnv env, boolean v4, boolean clone, String proto, int refresh) {
        if (env.action() != OcfAction.START && env.action() != OcfAction.VALIDATE_ALL) {
            return;
        }
        env.explicit("send_arp_opts").filter(v -> !v.isBlank()).ifPresent(v -> env.log().info(
                "send_arp_opts=" + v + " ignored: IPaddr3 sends its announcements itself"));
        if (env.bool("run_arping") && !v4) {
            env.log().info("run_arping ignored for an IPv6 address (IPv4 only, as in IPaddr2)");
        }
        env.explicit("arp_mac").filter(v -> !v.isBlank() && !v.strip().equalsIgnoreCase("ffffffffffff")).ifPresent(v ->
                env.log().info("arp_mac=" + v + " ignored: announcements go to the broadcast address (Percona's IPaddr3 "
                        + "did not use it either)"));
        if (proto != null) {
            env.log().info("proto=" + proto + " ignored: IPaddr3 finds nic from addresses and the route lookup, any protocol");
        }
        if (env.explicit("nodad").isPresent() && !env.bool("nodad") && !v4) {
            env.log().info("nodad=false has no effect: IPaddr3 always adds addresses without duplicate address detection");
        }
        if (clone && refresh > 0) {
            env.log().info("arp_count_refresh ignored for a load-shared clone (as IPaddr2 sends no refresh ARPs there)");
        }
        if (!v4 && refresh > 0) {
            env.log().info("arp_count_refresh ignored for an IPv6 address (IPv4 only, as in IPaddr2)");
        }
        if (clone && env.choice("clusterip_firewall").equals("iptables")) {
            env.log().info("clusterip_firewall=iptables: IPaddr3 shares the load with nftables (see parameter backend)");
        }
        for (String p : new String[] {"clusterip_table", "clusterip_chain"}) {
            env.explicit(p).filter(v -> !v.isBlank() && !v.equals(env.metaData().parameter(p).orElseThrow().defaultValue()))
                    .ifPresent(v -> env.log().info(p + "=" + v + " ignored: IPaddr3 uses no iptables chain"));
        }
        if (clone && env.explicit("clusterip_mac_mangle").isPresent() && !env.bool("clusterip_mac_mangle")) {
            env.log().info("clusterip_mac_mangle=false has no effect: IPaddr3 always answers ARP with the cluster MAC");
        }
        if (clone && env.bool("check_link_status") && env.choice("backend").equals("clusterip")) {
            env.log().info("check_link_status is not applied with backend=clusterip");
        }
    }

    /** With check_link_status: whether {@code nic} counts as down (IPaddr2: DOWN or LOWERLAYERDOWN). */
    boolean linkDown(Link nic) {
        return checkLinkStatus && (nic.operState() == OperState.DOWN || nic.operState() == OperState.LOWERLAYERDOWN);
    }
}
