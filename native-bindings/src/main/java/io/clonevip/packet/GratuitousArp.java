package io.clonevip.packet;

import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.libc_h;
import io.clonevip.rtnl.Link;
import io.clonevip.rtnl.MacAddress;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.List;

/**
 * Gratuitous ARP for a VIP: Ethernet source = the NIC's MAC, destination broadcast; ARP sender
 * hardware address = {@code senderMac} (the cluster MAC, or the NIC's), sender and target IP =
 * the VIP. Requests carry a zero target hardware address (RFC 5227, as the kernel's own
 * gratuitous ARP); replies repeat the sender's (as {@code arping -A}).
 *
 * <p>Equivalent to: {@code arping -U -I NIC -c COUNT VIP} (requests) / {@code arping -A ...} (replies).
 */
public record GratuitousArp(int linkIndex, MacAddress nicMac, Inet4Address ip, MacAddress senderMac, ArpMode mode) {

    /** Requests for {@code ip} on {@code nic}, sender hardware address = the NIC's MAC. */
    public static GratuitousArp of(Link nic, Inet4Address ip) {
        return new GratuitousArp(nic.index(), nic.mac(), ip, nic.mac(), ArpMode.REQUEST);
    }

    /** With {@code mac} (the cluster MAC) as ARP sender hardware address. */
    public GratuitousArp withSenderMac(MacAddress mac) { return new GratuitousArp(linkIndex, nicMac, ip, mac, mode); }

    public GratuitousArp withMode(ArpMode m) { return new GratuitousArp(linkIndex, nicMac, ip, senderMac, m); }

    /** The frames of one round: one for REQUEST or REPLY, request then reply for BOTH. */
    public List<byte[]> frames() throws KernelException {
        Announcer.checkEthernet("gratuitous ARP for " + ip.getHostAddress(), nicMac, senderMac);
        return switch (mode) {
            case REQUEST -> List.of(frame(libc_h.ARPOP_REQUEST()));
            case REPLY -> List.of(frame(libc_h.ARPOP_REPLY()));
            case BOTH -> List.of(frame(libc_h.ARPOP_REQUEST()), frame(libc_h.ARPOP_REPLY()));
        };
    }

    /** One 42-byte frame with ARP operation {@code op}. */
    byte[] frame(int op) {
        byte[] vip = ip.getAddress();
        byte[] sha = senderMac.bytes();
        FrameWriter w = new FrameWriter();
        w.bytes(MacAddress.BROADCAST.bytes()).bytes(nicMac.bytes()).u16(libc_h.ETH_P_ARP());
        w.u16(libc_h.ARPHRD_ETHER()).u16(libc_h.ETH_P_IP()).u8(libc_h.ETH_ALEN()).u8(4).u16(op);
        w.bytes(sha).bytes(vip);
        w.bytes(op == libc_h.ARPOP_REPLY() ? sha : MacAddress.ZERO.bytes()).bytes(vip);
        return w.toBytes();
    }

    /**
     * Sends {@code count} rounds {@code interval} apart from the calling thread's namespace
     * (the NIC's; wrap in {@link io.clonevip.nativ.NetNs} otherwise). Needs CAP_NET_RAW.
     */
    public void send(int count, Duration interval) throws KernelException {
        Announcer.send("gratuitous ARP for " + ip.getHostAddress(), linkIndex, frames(), count, interval);
    }
}
