package io.clonevip.rtnl;

/**
 * One link-layer multicast address of an interface, as {@code /proc/net/dev_mcast} lists it:
 * interface index and name, the address, its reference count, and whether it was joined
 * explicitly (SIOCADDMULTI / {@code ip maddr add}: {@code static} in {@code ip maddr show}).
 */
public record MulticastMac(int linkIndex, String linkName, MacAddress mac, int users, boolean global) {}
