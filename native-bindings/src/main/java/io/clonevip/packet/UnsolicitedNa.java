package io.clonevip.packet;

import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.libc_h;
import io.clonevip.rtnl.Link;
import io.clonevip.rtnl.MacAddress;
import java.net.Inet6Address;
import java.time.Duration;
import java.util.List;

/**
 * IPv6 unsolicited neighbour advertisement (RFC 4861 7.2.6) for a VIP: Ethernet
 * {@code NIC MAC -> 33:33:00:00:00:01}, IPv6 {@code VIP -> ff02::1} with hop limit 255, ICMPv6
 * type 136 with only the Override flag, target = the VIP, and the target link-layer address
 * option carrying {@code targetMac} (the cluster MAC, or the NIC's). The ICMPv6 checksum covers
 * the pseudo-header.
 *
 * <p>Equivalent to resource-agents' {@code send_ua VIP PREFIX NIC} (IPaddr2 for IPv6).
 */
public record UnsolicitedNa(int linkIndex, MacAddress nicMac, Inet6Address ip, MacAddress targetMac) {
    static final byte[] ALL_NODES = {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    static final byte[] ALL_NODES_MAC = {0x33, 0x33, 0, 0, 0, 1};
    /** ICMPv6 NA flags byte: Override. */
    static final int FLAG_OVERRIDE = 0x20;
    static final int OPT_TARGET_LL = 2;

    /** An advertisement of {@code ip} on {@code nic} with the NIC's MAC as target link-layer address. */
    public static UnsolicitedNa of(Link nic, Inet6Address ip) {
        return new UnsolicitedNa(nic.index(), nic.mac(), ip, nic.mac());
    }

    /** With {@code mac} (the cluster MAC) in the target link-layer address option. */
    public UnsolicitedNa withTargetMac(MacAddress mac) { return new UnsolicitedNa(linkIndex, nicMac, ip, mac); }

    /** The 86-byte frame. */
    public byte[] frame() throws KernelException {
        Announcer.checkEthernet("unsolicited NA for " + ip.getHostAddress(), nicMac, targetMac);
        byte[] vip = ip.getAddress();
        int icmpLen = 24 + 8;
        FrameWriter w = new FrameWriter();
        w.bytes(ALL_NODES_MAC).bytes(nicMac.bytes()).u16(libc_h.ETH_P_IPV6());
        int ip6 = w.position();
        w.u32(0x60000000).u16(icmpLen).u8(libc_h.IPPROTO_ICMPV6()).u8(255).bytes(vip).bytes(ALL_NODES);
        int icmp = w.position();
        w.u8(libc_h.ND_NEIGHBOR_ADVERT()).u8(0).u16(0).u8(FLAG_OVERRIDE).zeros(3).bytes(vip);
        w.u8(OPT_TARGET_LL).u8(1).bytes(targetMac.bytes());
        // pseudo-header: source, destination, upper-layer length (32 bit), 3 zero bytes, next header
        long sum = w.sum(ip6 + 8, 32, 0) + icmpLen + libc_h.IPPROTO_ICMPV6();
        w.putU16At(icmp + 2, FrameWriter.fold(w.sum(icmp, icmpLen, sum)));
        return w.toBytes();
    }

    /**
     * Sends {@code count} advertisements {@code interval} apart from the calling thread's
     * namespace (the NIC's). Needs CAP_NET_RAW.
     */
    public void send(int count, Duration interval) throws KernelException {
        Announcer.send("unsolicited NA for " + ip.getHostAddress(), linkIndex, List.of(frame()), count, interval);
    }
}
