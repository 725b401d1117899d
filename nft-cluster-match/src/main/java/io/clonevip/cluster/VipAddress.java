package io.clonevip.cluster;

import java.net.InetAddress;

/**
 * How the VIP goes on the NIC (IPaddr2's {@code cidr_netmask}, {@code broadcast}, {@code iflabel}).
 * An IPv6 VIP is added without duplicate address detection and deprecated (preferred lifetime 0),
 * so that the node never picks it as the source of its own connections ({@link ClusterIpNode}).
 *
 * @param prefix    prefix length (1..32 for IPv4, 1..128 for IPv6)
 * @param broadcast the broadcast address, or null for the one the prefix implies (IPv4 only: not used for IPv6)
 * @param label     an IPv4 label such as {@code eth0:vip} (must start with the NIC name), or null (not used for IPv6)
 */
public record VipAddress(int prefix, InetAddress broadcast, String label) {
    public static VipAddress of(int prefix) { return new VipAddress(prefix, null, null); }
}
