package io.clonevip.rtnl;

import java.net.InetAddress;

/**
 * One single-path route of a routing table as {@code ip route show table all} lists it: the
 * destination network, table, protocol ({@code RTPROT_*}), scope, type ({@code RTN_*}), metric
 * (RTA_PRIORITY), outgoing link, gateway (null when directly connected) and preferred source
 * address (null for none). Also the request for {@link RouteTable#replace}/{@link RouteTable#delete}.
 */
public record RouteEntry(InetAddress destination, int prefix, int table, int protocol, int scope, int type,
                         int metric, int linkIndex, InetAddress gateway, InetAddress preferredSource) {

    /** This route with {@code src} as preferred source address (null: none). */
    public RouteEntry withPreferredSource(InetAddress src) {
        return new RouteEntry(destination, prefix, table, protocol, scope, type, metric, linkIndex, gateway, src);
    }

    /** {@code 198.51.100.0/24}. */
    public String cidr() { return IpLiteral.format(destination) + "/" + prefix; }
}
