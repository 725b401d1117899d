package io.clonevip.rtnl;

import java.net.InetAddress;

/**
 * The kernel's answer to a route lookup ({@code ip route get}): the destination asked for, the
 * outgoing interface index, the gateway (null when directly connected), the preferred source
 * address (null if none), the routing table and the route type ({@code RTN_UNICAST},
 * {@code RTN_LOCAL} for an address of this host, ...).
 */
public record Route(InetAddress destination, int linkIndex, InetAddress gateway, InetAddress preferredSource, int table, int type) {}
