package io.clonevip.packet;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import java.time.Duration;
import io.clonevip.rtnl.MacAddress;
import java.util.List;

/** Sends a list of frames {@code count} times, {@code interval} apart, on one interface. */
final class Announcer {
    private Announcer() {}

    static void send(String op, int ifindex, List<byte[]> frames, int count, Duration interval) throws KernelException {
        if (count < 1) throw new KernelException(op, Errno.EINVAL, "count must be at least 1, got " + count);
        if (interval.isNegative()) throw new KernelException(op, Errno.EINVAL, "negative interval " + interval);
        try (PacketSocket s = PacketSocket.open(ifindex, 0)) {
            for (int i = 0; i < count; i++) {
                if (i > 0 && !interval.isZero()) {
                    try {
                        Thread.sleep(interval);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new KernelException(op, Errno.EINTR, "interrupted after " + i + " of " + count + " rounds");
                    }
                }
                for (byte[] f : frames) s.send(f);
            }
        }
    }

    static void checkEthernet(String op, MacAddress... macs) throws KernelException {
        for (MacAddress m : macs) {
            if (m == null || m.length() != 6) throw new KernelException(op, Errno.EINVAL, "an Ethernet MAC of 6 bytes is needed, got " + m);
        }
    }
}
