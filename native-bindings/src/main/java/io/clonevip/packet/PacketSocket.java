package io.clonevip.packet;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.Syscalls;
import io.clonevip.nativ.bind.libc_h;
import io.clonevip.nativ.bind.sockaddr_ll;
import io.clonevip.nativ.bind.timeval;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * An AF_PACKET SOCK_RAW socket bound to one interface: sends whole Ethernet frames and receives
 * the frames of one EtherType (or all with ETH_P_ALL, none with 0). It keeps the network
 * namespace it was opened in, owns its buffers in its own arena and is not thread-safe.
 */
public final class PacketSocket implements AutoCloseable {
    private static final int RX_SIZE = 65536;

    private final Arena arena = Arena.ofShared();
    private final int fd;
    private final int ifindex;
    private final MemorySegment rx;
    private final MemorySegment from;
    private final MemorySegment fromLen;
    private final MemorySegment to;
    private boolean closed;

    private PacketSocket(int fd, int ifindex, int etherType) throws KernelException {
        this.fd = fd;
        this.ifindex = ifindex;
        try {
            rx = arena.allocate(RX_SIZE, 8);
            from = arena.allocate(sockaddr_ll.layout());
            fromLen = arena.allocate(ValueLayout.JAVA_INT);
            to = arena.allocate(sockaddr_ll.layout());
            MemorySegment local = arena.allocate(sockaddr_ll.layout());
            sockaddr_ll.sll_family(local, (short) libc_h.AF_PACKET());
            sockaddr_ll.sll_protocol(local, FrameWriter.htons(etherType));
            sockaddr_ll.sll_ifindex(local, ifindex);
            Syscalls.bind(fd, local);
            sockaddr_ll.sll_family(to, (short) libc_h.AF_PACKET());
            sockaddr_ll.sll_ifindex(to, ifindex);
            sockaddr_ll.sll_halen(to, (byte) 6);
        } catch (KernelException | RuntimeException e) {
            Syscalls.close(fd);
            arena.close();
            throw e;
        }
    }

    /**
     * A socket on interface {@code ifindex} of the calling thread's namespace receiving frames of
     * {@code etherType} (ETH_P_ALL for all, 0 for a send-only socket that queues nothing).
     * Needs CAP_NET_RAW.
     */
    public static PacketSocket open(int ifindex, int etherType) throws KernelException {
        if (ifindex <= 0) throw new KernelException("open packet socket", Errno.ENODEV, "no interface with index " + ifindex);
        int fd = Syscalls.socket(libc_h.AF_PACKET(), libc_h.SOCK_RAW() | libc_h.SOCK_CLOEXEC(), FrameWriter.htons(etherType) & 0xffff);
        return new PacketSocket(fd, ifindex, etherType);
    }

    public int ifindex() { return ifindex; }

    /** Sends one frame (Ethernet header included) out of the interface. */
    public void send(byte[] frame) throws KernelException {
        if (frame.length < 14) throw new KernelException("send frame", Errno.EINVAL, "a frame has at least 14 bytes, got " + frame.length);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(frame.length, 8);
            MemorySegment.copy(frame, 0, buf, ValueLayout.JAVA_BYTE, 0, frame.length);
            sockaddr_ll.sll_protocol(to, FrameWriter.htons((frame[12] & 0xff) << 8 | (frame[13] & 0xff)));
            MemorySegment.copy(frame, 0, sockaddr_ll.sll_addr(to), ValueLayout.JAVA_BYTE, 0, 6);
            Syscalls.sendto(fd, buf, frame.length, 0, to);
        }
    }

    /** The next frame, or null when none arrives within {@code timeout}. */
    public ReceivedFrame receive(Duration timeout) throws KernelException {
        long ms = Math.max(1, timeout.toMillis());
        try (Arena a = Arena.ofConfined()) {
            MemorySegment tv = a.allocate(timeval.layout());
            timeval.tv_sec(tv, ms / 1000);
            timeval.tv_usec(tv, (ms % 1000) * 1000);
            Syscalls.setsockopt(fd, libc_h.SOL_SOCKET(), libc_h.SO_RCVTIMEO(), tv);
        }
        fromLen.set(ValueLayout.JAVA_INT, 0, (int) sockaddr_ll.sizeof());
        long n = Syscalls.recvfrom(fd, rx, libc_h.MSG_TRUNC(), from, fromLen);
        if (n < 0) return null;
        if (n > RX_SIZE) throw KernelException.malformed("receive frame", "frame of " + n + " bytes exceeds the " + RX_SIZE + "-byte buffer");
        return new ReceivedFrame(rx.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE),
                sockaddr_ll.sll_pkttype(from) & 0xff, FrameWriter.htons(sockaddr_ll.sll_protocol(from)) & 0xffff);
    }

    /** The first frame that {@code match} accepts within {@code timeout}, or null; others are dropped. */
    public ReceivedFrame receive(Duration timeout, Predicate<ReceivedFrame> match) throws KernelException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return null;
            ReceivedFrame f = receive(Duration.ofNanos(left));
            if (f == null) return null;
            if (match.test(f)) return f;
        }
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        Syscalls.close(fd);
        arena.close();
    }
}
