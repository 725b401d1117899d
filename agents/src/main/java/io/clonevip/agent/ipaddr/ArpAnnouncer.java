package io.clonevip.agent.ipaddr;

import io.clonevip.netlink.NetlinkConn;
import io.clonevip.rtnl.Links;
import io.clonevip.rtnl.MacAddress;
import io.clonevip.rtnl.Rtnetlink;
import java.net.InetAddress;
import java.time.Duration;

/**
 * The background part of an announcement (arp_bg): {@code ArpAnnouncer NIC IP SENDER_MAC
 * ROUNDS INTERVAL_MS} waits one interval, then sends the remaining rounds. Started by
 * {@link Announcement} in the network namespace of the agent; ended by stop.
 */
public final class ArpAnnouncer {
    private ArpAnnouncer() {
    }

    public static void main(String[] args) {
        int rc = 0;
        try {
            Duration interval = Duration.ofMillis(Long.parseLong(args[4]));
            Thread.sleep(interval);
            try (NetlinkConn conn = Rtnetlink.open()) {
                Announcement.send(new Links(conn).byName(args[0]), InetAddress.ofLiteral(args[1]),
                        MacAddress.parse(args[2]), Integer.parseInt(args[3]), interval);
            }
        } catch (Exception e) {
            System.err.println("ArpAnnouncer: " + e.getMessage());
            rc = 1;
        }
        System.exit(rc);
    }
}
