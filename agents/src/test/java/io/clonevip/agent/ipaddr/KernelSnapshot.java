package io.clonevip.agent.ipaddr;

import io.clonevip.testing.TestNetns;

/**
 * What the kernel of a test namespace holds that IPaddr3 could change, as the real tools print
 * it: addresses, the nftables ruleset, link-layer multicast memberships.
 */
record KernelSnapshot(String addresses, String ruleset, String multicast) {

    static KernelSnapshot of(TestNetns ns) {
        // IPv6 duplicate address detection ends on its own: "tentative" is not our change
        return new KernelSnapshot(ns.ip("-o", "addr", "show").replace(" tentative", "").replace(" dadfailed", ""), ns.execOk("nft", "list", "ruleset"),
                ns.ip("maddr", "show"));
    }

    /** Whether nothing of clonevip's is left: no clonevip table, VIP address or static multicast entry. */
    boolean nothingOf(String vip) {
        return !ruleset.contains("clonevip") && !addresses.contains(" " + vip + "/") && !multicast.contains("static");
    }
}
