package io.clonevip.rtnl;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.Syscalls;
import io.clonevip.nativ.bind.ifreq;
import io.clonevip.nativ.bind.libc_h;
import io.clonevip.nativ.bind.sockaddr;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Makes a NIC accept frames for a multicast MAC (the cluster MAC), as {@code ip maddr add/del}
 * does: ioctl SIOCADDMULTI / SIOCDELMULTI with a {@code struct ifreq} on a datagram socket of the
 * calling thread's network namespace. Memberships are read from
 * {@code /proc/thread-self/net/dev_mcast} (thread-self: {@link io.clonevip.nativ.NetNs} moves only
 * the calling thread). Join and leave are idempotent.
 */
public final class MulticastMembership {
    private MulticastMembership() {}

    static final String DEV_MCAST = "/proc/thread-self/net/dev_mcast";

    /**
     * Joins {@code mac} on interface {@code ifname}; joining again changes nothing (the kernel
     * keeps one explicit membership). Equivalent to: {@code ip maddr add MAC dev IFNAME}.
     */
    public static void join(String ifname, MacAddress mac) throws KernelException {
        ioctl("join multicast " + mac + " on " + ifname, libc_h.SIOCADDMULTI(), ifname, mac);
    }

    /**
     * Leaves {@code mac} on {@code ifname}: true when it was joined, false when it was not (the
     * kernel's ENOENT; idempotent). Equivalent to: {@code ip maddr del MAC dev IFNAME}.
     */
    public static boolean leave(String ifname, MacAddress mac) throws KernelException {
        try {
            ioctl("leave multicast " + mac + " on " + ifname, libc_h.SIOCDELMULTI(), ifname, mac);
            return true;
        } catch (KernelException e) {
            if (e.is(Errno.ENOENT)) return false;
            throw e;
        }
    }

    /** Whether {@code mac} was joined explicitly on {@code ifname}. */
    public static boolean isJoined(String ifname, MacAddress mac) throws KernelException {
        for (MulticastMac m : list()) {
            if (m.linkName().equals(ifname) && m.mac().equals(mac) && m.global()) return true;
        }
        return false;
    }

    /** Every link-layer multicast address of every interface. Equivalent to: {@code ip maddr show} (link lines). */
    public static List<MulticastMac> list() throws KernelException {
        return parse(read());
    }

    private static void ioctl(String op, long request, String ifname, MacAddress mac) throws KernelException {
        byte[] name = ifname == null ? new byte[0] : ifname.getBytes(StandardCharsets.UTF_8);
        if (name.length == 0 || name.length > Links.MAX_NAME) {
            throw new KernelException(op, Errno.ENODEV, "no interface named '" + ifname + "'");
        }
        if (!mac.isMulticast()) throw new KernelException(op, Errno.EINVAL, mac + " is not a multicast MAC (group bit clear)");
        if (mac.length() > 14) throw new KernelException(op, Errno.EINVAL, "hardware address longer than 14 bytes");
        int fd = Syscalls.socket(libc_h.AF_INET(), libc_h.SOCK_DGRAM() | libc_h.SOCK_CLOEXEC(), 0);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment req = a.allocate(ifreq.layout());
            MemorySegment.copy(name, 0, ifreq.ifr_name(req), ValueLayout.JAVA_BYTE, 0, name.length);
            MemorySegment hw = ifreq.ifr_hwaddr(req);
            sockaddr.sa_family(hw, (short) libc_h.AF_UNSPEC());
            byte[] m = mac.bytes();
            MemorySegment.copy(m, 0, sockaddr.sa_data(hw), ValueLayout.JAVA_BYTE, 0, m.length);
            try {
                Syscalls.ioctl(fd, request, req, op);
            } catch (KernelException e) {
                if (e.is(Errno.ENODEV)) throw new KernelException(op, Errno.ENODEV, "no interface named '" + ifname + "'");
                throw e;
            }
        } finally {
            Syscalls.close(fd);
        }
    }

    private static String read() throws KernelException {
        int fd = Syscalls.open(DEV_MCAST, libc_h.O_RDONLY() | libc_h.O_CLOEXEC());
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(64 * 1024);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            // one read(2) normally returns the whole file; seq_file may split very long lists
            for (long n; (n = Syscalls.read(fd, buf)) > 0; ) {
                out.write(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), 0, (int) n);
            }
            return out.toString(StandardCharsets.US_ASCII);
        } finally {
            Syscalls.close(fd);
        }
    }

    /** Lines of {@code "%-4d %-15s %-5d %-5d %*phN"}: index, name, refcount, global_use, hex address. */
    static List<MulticastMac> parse(String text) throws KernelException {
        List<MulticastMac> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) continue;
            String[] f = line.trim().split("\\s+");
            if (f.length != 5 || !f[0].matches("[0-9]{1,9}") || !f[2].matches("[0-9]{1,9}") || !f[3].matches("[0-9]{1,9}")
                    || !f[4].matches("([0-9a-fA-F]{2})+")) {
                throw KernelException.malformed("read " + DEV_MCAST, "unexpected line '" + line + "'");
            }
            out.add(new MulticastMac(Integer.parseInt(f[0]), f[1], MacAddress.of(HexFormat.of().parseHex(f[4])),
                    Integer.parseInt(f[2]), !"0".equals(f[3])));
        }
        return out;
    }
}
