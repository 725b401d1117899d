package io.clonevip.agent.ipaddr;

import io.clonevip.cluster.ClusterRuleset;
import io.clonevip.cluster.DesiredState;
import io.clonevip.rtnl.IpLiteral;
import java.net.InetAddress;
import java.util.Optional;

/**
 * What a clone instance's monitor concludes from the kernel and the node's recorded
 * {@link DesiredState} when the VIP's tables are gone, without the resident daemon to put them
 * back: the VIP's address still on the NIC without its tables (the ruleset was flushed, e.g. by
 * a firewall reload) means the node answers every client of the VIP, a failure whose reason
 * names it, for each instance whose bucket is desired here; instances not desired here are
 * simply not running. No record (nothing recorded it, e.g. after an upgrade) counts as desired,
 * so a flushed ruleset is still a failure.
 */
record DesiredCheck(InetAddress vip, int bucket, DesiredState desired) {

    private boolean desiredHere() {
        return desired == null || (bucket <= desired.local().total() && desired.local().contains(bucket));
    }

    /** With the tables gone (or without their spec): a failure when the address is still on {@code nic}. */
    Optional<String> withoutTables(boolean addressPresent, String nic) {
        if (!addressPresent || !desiredHere()) return Optional.empty();
        return Optional.of(IpLiteral.format(vip) + " is on " + nic + " without its tables " + ClusterRuleset.tableName(vip)
                + " (ruleset flushed?): this node answers every client");
    }
}
