package io.clonevip.agent.ipaddr;

import io.clonevip.testkit.net.TestNetns;
import java.util.stream.Collectors;

/**
 * What the kernel of a test namespace holds that IPaddr3 could change, as the real tools print
 * it: addresses, the nftables ruleset, link-layer multicast memberships.
 */
record KernelSnapshot(String addresses, String ruleset, String multicast) {

    static KernelSnapshot of(TestNetns ns) {
        // What the kernel does on its own after a link comes up is not our change: IPv6 duplicate
        // address detection ending ("tentative"), the link-local address appearing late, and the
        // solicited-node multicast groups that come with it (never static, unlike ours).
        String addresses = ns.ip("-o", "addr", "show").replace(" tentative", "").replace(" dadfailed", "")
                .lines().filter(l -> !l.contains(" inet6 fe80:")).collect(Collectors.joining("\n"));
        String multicast = ns.ip("maddr", "show").lines()
                .filter(l -> l.contains("static") || !(l.contains("33:33:ff:") || l.contains("ff02::1:ff")))
                .collect(Collectors.joining("\n"));
        return new KernelSnapshot(addresses, ns.execOk("nft", "list", "ruleset"), multicast);
    }

    /** Whether nothing of clonevip's is left: no clonevip table, VIP address or static multicast entry. */
    boolean nothingOf(String vip) {
        return !ruleset.contains("clonevip") && !addresses.contains(" " + vip + "/") && !multicast.contains("static");
    }
}
