package io.clonevip.agent.ipaddr;

import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.bind.libc_h;
import io.clonevip.packet.FrameReader;
import io.clonevip.packet.FrameWriter;
import io.clonevip.packet.PacketSocket;
import io.clonevip.packet.ReceivedFrame;
import io.clonevip.rtnl.Link;
import io.clonevip.rtnl.MacAddress;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * IPaddr2's run_arping ({@code arping -q -c 2 -w 3 -D -I NIC IP}): ARP probes (RFC 5227: sender
 * IP 0.0.0.0, target IP = the address) one interval apart, listening until one interval after the
 * last; any ARP packet from another host claiming the address as its sender is a collision.
 */
final class ArpCollisionProbe {
    private static final int PACKET_OUTGOING = 4;
    private static final int PROBES = 2;
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    private ArpCollisionProbe() {
    }

    /** The MAC of another host that holds {@code ip} on {@code nic}'s network, if one answers. */
    static Optional<MacAddress> holder(Link nic, Inet4Address ip) throws KernelException {
        byte[] probe = probe(nic.mac(), ip);
        try (PacketSocket socket = PacketSocket.open(nic.index(), libc_h.ETH_P_ARP())) {
            for (int i = 0; i < PROBES; i++) {
                socket.send(probe);
                ReceivedFrame f = socket.receive(INTERVAL, r -> claims(r, nic.mac(), ip));
                if (f != null) {
                    return Optional.of(MacAddress.of(Arrays.copyOfRange(f.bytes(), 22, 28)));
                }
            }
        }
        return Optional.empty();
    }

    /** One 42-byte probe: broadcast, ARP request, sender MAC = the NIC's, sender IP 0, target IP = ip. */
    static byte[] probe(MacAddress nicMac, Inet4Address ip) {
        FrameWriter w = new FrameWriter();
        w.bytes(MacAddress.BROADCAST.bytes()).bytes(nicMac.bytes()).u16(libc_h.ETH_P_ARP());
        w.u16(libc_h.ARPHRD_ETHER()).u16(libc_h.ETH_P_IP()).u8(libc_h.ETH_ALEN()).u8(4).u16(libc_h.ARPOP_REQUEST());
        w.bytes(nicMac.bytes()).zeros(4);
        w.bytes(MacAddress.ZERO.bytes()).bytes(ip.getAddress());
        return w.toBytes();
    }

    /** An incoming ARP packet (request or reply) whose sender is {@code ip} at another MAC. */
    private static boolean claims(ReceivedFrame f, MacAddress own, Inet4Address ip) {
        if (f.packetType() == PACKET_OUTGOING || f.bytes().length < 42) {
            return false;
        }
        try {
            FrameReader r = new FrameReader(f.bytes());
            r.seek(12);
            if (r.u16() != libc_h.ETH_P_ARP() || r.u16() != libc_h.ARPHRD_ETHER() || r.u16() != libc_h.ETH_P_IP()) {
                return false;
            }
            r.seek(22);
            byte[] sha = r.bytes(6);
            byte[] spa = r.bytes(4);
            return Arrays.equals(spa, ip.getAddress()) && !Arrays.equals(sha, own.bytes());
        } catch (KernelException e) {
            return false;
        }
    }
}
