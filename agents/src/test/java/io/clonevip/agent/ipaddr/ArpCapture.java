package io.clonevip.agent.ipaddr;

import io.clonevip.testkit.net.VipNetns;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.nativ.NetNs;
import io.clonevip.nativ.bind.libc_h;
import io.clonevip.netlink.NetlinkConn;
import io.clonevip.packet.PacketSocket;
import io.clonevip.packet.ReceivedFrame;
import io.clonevip.rtnl.Links;
import io.clonevip.rtnl.Rtnetlink;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gratuitous ARP rounds for {@link VipNetns#VIP} as {@code veth1}, the peer of the VIP's NIC,
 * receives them (AF_PACKET): arrival time of each round's request.
 */
final class ArpCapture implements AutoCloseable {
    static final int INTERVAL_MS = 200;
    static final int TOLERANCE_MS = 60;
    private static final byte[] VIP = InetAddress.ofLiteral(VipNetns.VIP).getAddress();

    private final PacketSocket rx;

    private ArpCapture(PacketSocket rx) {
        this.rx = rx;
    }

    static ArpCapture on(VipNetns lab) throws Exception {
        return new ArpCapture(NetNs.call(lab.name(), () -> {
            try (NetlinkConn c = Rtnetlink.open()) {
                return PacketSocket.open(new Links(c).byName("veth1").index(), libc_h.ETH_P_ARP());
            }
        }));
    }

    /** Arrival times (ns) of up to {@code max} rounds, each within {@code quiet} of the one before. */
    List<Long> rounds(int max, Duration quiet) throws Exception {
        List<Long> at = new ArrayList<>();
        ReceivedFrame f;
        while (at.size() < max && (f = rx.receive(quiet)) != null) {
            byte[] b = f.bytes();
            if (b.length >= 42 && Arrays.equals(b, 28, 32, VIP, 0, 4) && b[21] == 1) { // opcode 1: the round's request
                at.add(System.nanoTime());
            }
        }
        return at;
    }

    static List<Long> spacingMs(List<Long> at) {
        List<Long> d = new ArrayList<>();
        for (int i = 1; i < at.size(); i++) {
            d.add(TimeUnit.NANOSECONDS.toMillis(at.get(i) - at.get(i - 1)));
        }
        return d;
    }

    static void assertOnTime(List<Long> spacing) {
        for (long ms : spacing) {
            assertTrue(Math.abs(ms - INTERVAL_MS) <= TOLERANCE_MS, "rounds " + spacing + " ms apart, wanted " + INTERVAL_MS);
        }
    }

    @Override
    public void close() {
        rx.close();
    }
}
