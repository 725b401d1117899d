package io.clonevip.netlink;

import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.Syscalls;
import io.clonevip.nativ.bind.libc_h;
import io.clonevip.nativ.bind.netlink_h;
import io.clonevip.nativ.bind.sockaddr_nl;
import io.clonevip.nativ.bind.timeval;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;

/**
 * A netlink socket of one protocol (NETLINK_ROUTE, NETLINK_NETFILTER), with extended acks and
 * capped acks requested, a receive timeout, and its own arena for its buffers. It keeps the
 * network namespace it was opened in. Not thread-safe: one request at a time.
 */
public final class NetlinkSocket implements Transport {
    private static final int RX_SIZE = 256 * 1024;

    private final Arena arena = Arena.ofShared();
    private final int fd;
    private final int portId;
    private final MemorySegment rx;
    private final MemorySegment kernel;
    private boolean closed;

    private NetlinkSocket(int fd) throws KernelException {
        this.fd = fd;
        try {
            rx = arena.allocate(RX_SIZE, 8);
            MemorySegment local = arena.allocate(sockaddr_nl.layout());
            sockaddr_nl.nl_family(local, (short) libc_h.AF_NETLINK());
            Syscalls.bind(fd, local);
            MemorySegment len = arena.allocateFrom(ValueLayout.JAVA_INT, (int) sockaddr_nl.sizeof());
            Syscalls.getsockname(fd, local, len);
            portId = sockaddr_nl.nl_pid(local);
            kernel = arena.allocate(sockaddr_nl.layout());
            sockaddr_nl.nl_family(kernel, (short) libc_h.AF_NETLINK());
            Syscalls.setsockopt(fd, libc_h.SOL_NETLINK(), netlink_h.NETLINK_EXT_ACK(), 1);
            Syscalls.setsockopt(fd, libc_h.SOL_NETLINK(), netlink_h.NETLINK_CAP_ACK(), 1);
            Syscalls.setsockopt(fd, libc_h.SOL_SOCKET(), libc_h.SO_RCVBUF(), 1 << 20);
        } catch (KernelException | RuntimeException e) {
            Syscalls.close(fd);
            arena.close();
            throw e;
        }
    }

    /** Opens a socket of {@code protocol} in the calling thread's network namespace. */
    public static NetlinkSocket open(int protocol) throws KernelException {
        int fd = Syscalls.socket(libc_h.AF_NETLINK(), libc_h.SOCK_RAW() | libc_h.SOCK_CLOEXEC(), protocol);
        NetlinkSocket s = new NetlinkSocket(fd);
        s.receiveTimeout(Duration.ofSeconds(10));
        return s;
    }

    /** Blocking receives give up with ETIMEDOUT after this long. */
    public void receiveTimeout(Duration d) throws KernelException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment tv = a.allocate(timeval.layout());
            timeval.tv_sec(tv, d.toSeconds());
            timeval.tv_usec(tv, d.toNanosPart() / 1000);
            Syscalls.setsockopt(fd, libc_h.SOL_SOCKET(), libc_h.SO_RCVTIMEO(), tv);
        }
    }

    /** Subscribes to a multicast group (events). */
    public void joinGroup(int group) throws KernelException {
        Syscalls.setsockopt(fd, libc_h.SOL_NETLINK(), netlink_h.NETLINK_ADD_MEMBERSHIP(), group);
    }

    public void leaveGroup(int group) throws KernelException {
        Syscalls.setsockopt(fd, libc_h.SOL_NETLINK(), netlink_h.NETLINK_DROP_MEMBERSHIP(), group);
    }

    @Override
    public int portId() { return portId; }

    @Override
    public void send(byte[] datagram) throws KernelException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(datagram.length, 8);
            MemorySegment.copy(datagram, 0, buf, ValueLayout.JAVA_BYTE, 0, datagram.length);
            Syscalls.sendto(fd, buf, datagram.length, 0, kernel);
        }
    }

    @Override
    public byte[] receive(boolean wait) throws KernelException {
        int flags = libc_h.MSG_TRUNC() | (wait ? 0 : libc_h.MSG_DONTWAIT());
        long n = Syscalls.recv(fd, rx, flags);
        if (n < 0) return null;
        if (n > RX_SIZE) throw KernelException.malformed("recv", "datagram of " + n + " bytes exceeds the " + RX_SIZE + "-byte buffer");
        return rx.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        Syscalls.close(fd);
        arena.close();
    }
}
