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
 * {@code "1,3\n"} and changed by writing {@code "+k"} or {@code "-k"}; live through the static
 * methods, or as a copy an operator saved ({@link #copy}, the record: the file's name is the VIP,
 * its content the node numbers, an empty line when the node serves none). Both are read by one
 * parser. Live paths go through {@code /proc/thread-self/net}, so the file of the calling
 * thread's network namespace is used (inside {@link io.clonevip.nativ.NetNs} work as well).
 *
 * <p>Trap: the file's {@code seq_start()} ignores the read position, so a reader that issues
 * several read(2) calls (Java's {@code Files.readString}, {@code dd bs=1}) gets garbage such as
 * {@code "1,1,2"}. The file is read with ONE read(2) into a buffer far larger than its longest
 * content ({@code "1,2,...,16\n"}, 38 bytes).
 *
 * @param vip        the VIP (the file name)
 * @param localNodes the local node numbers, ascending
 * @param source     the file (line 1)
 */
public record ClusterIpProc(String vip, SortedSet<Integer> localNodes, SourceLine source) {
    private static final int O_WRONLY = 1;
    private static final int READ_BUFFER = 4096;
    private static final String LIVE = "read /proc/net/ipt_CLUSTERIP";

    public ClusterIpProc {
        localNodes = Collections.unmodifiableSortedSet(new TreeSet<>(localNodes));
    }

    /**
     * A saved copy of the file.
     *
     * @param file     the file as the user named it (for messages)
     * @param fileName the file's own name (the VIP)
     * @param content  the file content
     */
    public static ClusterIpProc copy(String file, String fileName, String content) throws ClusterIpException {
        if (!ClusterIpParams.isIpv4(fileName)) {
            throw new SourceLine(file, 0).error("file name '" + fileName + "' is not an IPv4 address"
                    + " (a /proc/net/ipt_CLUSTERIP file is named after its VIP)");
        }
        return new ClusterIpProc(fileName, nodes(file, content), new SourceLine(file, 1));
    }

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

    /** Parses the live file's content ({@code ""} or {@code "1,3\n"}); what the kernel would never write is malformed. */
    static SortedSet<Integer> parse(String content) throws KernelException {
        try {
            return nodes(LIVE, content);
        } catch (ClusterIpException e) {
            throw KernelException.malformed(LIVE, e.detail());
        }
    }

    /** The one parser: one line of distinct node numbers 1..16 separated by commas, or an empty line. */
    private static SortedSet<Integer> nodes(String file, String content) throws ClusterIpException {
        String[] lines = content.split("\n", -1);
        int used = lines.length;
        while (used > 0 && lines[used - 1].isBlank()) used--;
        if (used > 1) throw new SourceLine(file, 2).error("more than one line (want one line like 1,3)");
        SourceLine where = new SourceLine(file, 1);
        TreeSet<Integer> nodes = new TreeSet<>();
        String text = used == 0 ? "" : lines[0].strip();
        if (!text.isEmpty()) {
            for (String item : text.split(",", -1)) {
                String v = item.strip();
                if (v.isEmpty()) throw where.error("empty entry in '" + text + "' (want node numbers like 1,3)");
                int node = (int) where.number("local node", v, 1, ClusterIpTarget.MAX_NODES);
                if (!nodes.add(node)) throw where.error("local node " + node + " listed twice");
            }
        }
        return Collections.unmodifiableSortedSet(nodes);
    }
}
