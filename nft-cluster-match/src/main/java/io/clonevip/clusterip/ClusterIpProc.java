package io.clonevip.clusterip;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.Syscalls;
import io.clonevip.nativ.bind.libc_h;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * {@code /proc/net/ipt_CLUSTERIP/<vip>}: the local node set of one cluster config, read as
 * {@code "1,3\n"} and changed by writing {@code "+k"} or {@code "-k"}. Paths go through
 * {@code /proc/thread-self/net}, so the file of the calling thread's network namespace is used
 * (inside {@link io.clonevip.nativ.NetNs} work as well).
 *
 * <p>Trap: the file's {@code seq_start()} ignores the read position, so a reader that issues
 * several read(2) calls (Java's {@code Files.readString}, {@code dd bs=1}) gets garbage such as
 * {@code "1,1,2"}. The file is read with ONE read(2) into a buffer far larger than its longest
 * content ({@code "1,2,...,16\n"}, 38 bytes).
 */
public final class ClusterIpProc {
    private static final int O_WRONLY = 1;
    private static final int READ_BUFFER = 4096;

    private ClusterIpProc() {}

    /** The file for {@code vip} in the calling thread's network namespace. */
    public static String path(Inet4Address vip) {
        return "/proc/thread-self/net/ipt_CLUSTERIP/" + vip.getHostAddress();
    }

    /** The live local nodes; empty when the kernel has no cluster config for {@code vip}. */
    public static Optional<SortedSet<Integer>> localNodes(Inet4Address vip) throws KernelException {
        int fd;
        try {
            fd = Syscalls.open(path(vip), libc_h.O_RDONLY() | libc_h.O_CLOEXEC());
        } catch (KernelException e) {
            if (e.is(Errno.ENOENT)) return Optional.empty();
            throw e;
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(READ_BUFFER);
            long n = Syscalls.read(fd, buf);
            return Optional.of(parse(new String(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII)));
        } finally {
            Syscalls.close(fd);
        }
    }

    /** Makes {@code node} local; false when it already was. */
    public static boolean add(Inet4Address vip, int node) throws KernelException {
        return write(vip, "+" + node, Errno.ENOMEM);
    }

    /** Makes {@code node} not local; false when it already was not. */
    public static boolean remove(Inet4Address vip, int node) throws KernelException {
        return write(vip, "-" + node, Errno.ENOENT);
    }

    /** The kernel answers "+k" for a node already set with ENOMEM and "-k" for an unset one with ENOENT. */
    private static boolean write(Inet4Address vip, String command, Errno unchanged) throws KernelException {
        int fd = Syscalls.open(path(vip), O_WRONLY | libc_h.O_CLOEXEC());
        try (Arena a = Arena.ofConfined()) {
            byte[] b = (command + "\n").getBytes(StandardCharsets.US_ASCII);
            MemorySegment buf = a.allocate(b.length);
            MemorySegment.copy(b, 0, buf, ValueLayout.JAVA_BYTE, 0, b.length);
            Syscalls.write(fd, buf);
            return true;
        } catch (KernelException e) {
            if (e.is(unchanged)) return false;
            throw new KernelException("write '" + command + "' to " + path(vip), e.rawErrno(), null, -1);
        } finally {
            Syscalls.close(fd);
        }
    }

    /** Parses the file content ({@code ""} or {@code "1,3\n"}). */
    static SortedSet<Integer> parse(String content) throws KernelException {
        TreeSet<Integer> nodes = new TreeSet<>();
        String s = content.strip();
        if (s.isEmpty()) return Collections.unmodifiableSortedSet(nodes);
        for (String part : s.split(",")) {
            try {
                if (!nodes.add(Integer.parseInt(part))) throw KernelException.malformed("read /proc/net/ipt_CLUSTERIP", "node listed twice: '" + s + "'");
            } catch (NumberFormatException e) {
                throw KernelException.malformed("read /proc/net/ipt_CLUSTERIP", "unexpected content '" + s + "'");
            }
        }
        return Collections.unmodifiableSortedSet(nodes);
    }
}
