package io.clonevip.nativ.bind;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;

/**
 * libc functions and macros used by clonevip (hand-written in jextract's shape: see package doc).
 * Each function's holder class is initialised on first use only, so an action that never calls a
 * function never looks it up.
 */
@SuppressWarnings({"checkstyle:TypeName", "unused"})
public final class libc_h {
    private libc_h() {}

    static final Linker LINKER = Linker.nativeLinker();
    static final SymbolLookup SYMBOL_LOOKUP = LINKER.defaultLookup();

    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    public static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;
    public static final ValueLayout.OfShort C_SHORT = ValueLayout.JAVA_SHORT;
    public static final ValueLayout.OfByte C_CHAR = ValueLayout.JAVA_BYTE;
    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS;

    static MemorySegment find(String name) {
        return SYMBOL_LOOKUP.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc symbol not found: " + name));
    }

    // int socket(int domain, int type, int protocol)
    private static final class socket {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT);
        static final MemorySegment ADDR = find("socket");
    }
    public static FunctionDescriptor socket$descriptor() { return socket.DESC; }
    public static MemorySegment socket$address() { return socket.ADDR; }

    // int bind(int fd, const struct sockaddr *addr, socklen_t len)
    private static final class bind {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT);
        static final MemorySegment ADDR = find("bind");
    }
    public static FunctionDescriptor bind$descriptor() { return bind.DESC; }
    public static MemorySegment bind$address() { return bind.ADDR; }

    // int getsockname(int fd, struct sockaddr *addr, socklen_t *len)
    private static final class getsockname {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = find("getsockname");
    }
    public static FunctionDescriptor getsockname$descriptor() { return getsockname.DESC; }
    public static MemorySegment getsockname$address() { return getsockname.ADDR; }

    // ssize_t sendto(int fd, const void *buf, size_t n, int flags, const struct sockaddr *addr, socklen_t len)
    private static final class sendto {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_LONG, C_INT, C_POINTER, C_INT);
        static final MemorySegment ADDR = find("sendto");
    }
    public static FunctionDescriptor sendto$descriptor() { return sendto.DESC; }
    public static MemorySegment sendto$address() { return sendto.ADDR; }

    // ssize_t recvfrom(int fd, void *buf, size_t n, int flags, struct sockaddr *addr, socklen_t *len)
    private static final class recvfrom {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_LONG, C_INT, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = find("recvfrom");
    }
    public static FunctionDescriptor recvfrom$descriptor() { return recvfrom.DESC; }
    public static MemorySegment recvfrom$address() { return recvfrom.ADDR; }

    // int setsockopt(int fd, int level, int optname, const void *optval, socklen_t optlen)
    private static final class setsockopt {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT, C_POINTER, C_INT);
        static final MemorySegment ADDR = find("setsockopt");
    }
    public static FunctionDescriptor setsockopt$descriptor() { return setsockopt.DESC; }
    public static MemorySegment setsockopt$address() { return setsockopt.ADDR; }

    // int getsockopt(int fd, int level, int optname, void *optval, socklen_t *optlen)
    private static final class getsockopt {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = find("getsockopt");
    }
    public static FunctionDescriptor getsockopt$descriptor() { return getsockopt.DESC; }
    public static MemorySegment getsockopt$address() { return getsockopt.ADDR; }

    // int close(int fd)
    private static final class close {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT);
        static final MemorySegment ADDR = find("close");
    }
    public static FunctionDescriptor close$descriptor() { return close.DESC; }
    public static MemorySegment close$address() { return close.ADDR; }

    // int ioctl(int fd, unsigned long request, ...) — called with one pointer argument
    private static final class ioctl {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_LONG, C_POINTER);
        static final MemorySegment ADDR = find("ioctl");
    }
    public static FunctionDescriptor ioctl$descriptor() { return ioctl.DESC; }
    public static MemorySegment ioctl$address() { return ioctl.ADDR; }
    /** The variadic part of ioctl: the request's pointer argument follows the fixed two. */
    public static Linker.Option ioctl$variadic() { return Linker.Option.firstVariadicArg(2); }

    // int open(const char *path, int flags, ...)
    private static final class open {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT);
        static final MemorySegment ADDR = find("open");
    }
    public static FunctionDescriptor open$descriptor() { return open.DESC; }
    public static MemorySegment open$address() { return open.ADDR; }

    // ssize_t read(int fd, void *buf, size_t n)
    private static final class read {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_LONG);
        static final MemorySegment ADDR = find("read");
    }
    public static FunctionDescriptor read$descriptor() { return read.DESC; }
    public static MemorySegment read$address() { return read.ADDR; }

    // int statx(int dirfd, const char *path, int flags, unsigned int mask, struct statx *buf)
    private static final class statx {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT, C_INT, C_POINTER);
        static final MemorySegment ADDR = find("statx");
    }
    public static FunctionDescriptor statx$descriptor() { return statx.DESC; }
    public static MemorySegment statx$address() { return statx.ADDR; }

    // int setns(int fd, int nstype)
    private static final class setns {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT);
        static final MemorySegment ADDR = find("setns");
    }
    public static FunctionDescriptor setns$descriptor() { return setns.DESC; }
    public static MemorySegment setns$address() { return setns.ADDR; }

    // unsigned int if_nametoindex(const char *name)
    private static final class if_nametoindex {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MemorySegment ADDR = find("if_nametoindex");
    }
    public static FunctionDescriptor if_nametoindex$descriptor() { return if_nametoindex.DESC; }
    public static MemorySegment if_nametoindex$address() { return if_nametoindex.ADDR; }

    // FILE *open_memstream(char **ptr, size_t *sizeloc)
    private static final class open_memstream {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER);
        static final MemorySegment ADDR = find("open_memstream");
    }
    public static FunctionDescriptor open_memstream$descriptor() { return open_memstream.DESC; }
    public static MemorySegment open_memstream$address() { return open_memstream.ADDR; }

    // int fclose(FILE *stream)
    private static final class fclose {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MemorySegment ADDR = find("fclose");
    }
    public static FunctionDescriptor fclose$descriptor() { return fclose.DESC; }
    public static MemorySegment fclose$address() { return fclose.ADDR; }

    // void free(void *ptr)
    private static final class free {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(C_POINTER);
        static final MemorySegment ADDR = find("free");
    }
    public static FunctionDescriptor free$descriptor() { return free.DESC; }
    public static MemorySegment free$address() { return free.ADDR; }

    // int getpagesize(void)
    private static final class getpagesize {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT);
        static final MemorySegment ADDR = find("getpagesize");
    }
    public static FunctionDescriptor getpagesize$descriptor() { return getpagesize.DESC; }
    public static MemorySegment getpagesize$address() { return getpagesize.ADDR; }

    // ---- macros (sys/socket.h, bits/socket.h, fcntl.h, sched.h, linux/sockios.h, linux/if_ether.h,
    //      linux/if_arp.h, linux/if_packet.h, netinet/in.h, netinet/icmp6.h) ----
    public static int AF_UNSPEC() { return 0; }
    public static int AF_INET() { return 2; }
    public static int AF_NETLINK() { return 16; }
    public static int AF_PACKET() { return 17; }
    public static int AF_INET6() { return 10; }
    public static int SOCK_DGRAM() { return 2; }
    public static int SOCK_RAW() { return 3; }
    public static int SOCK_CLOEXEC() { return 0x80000; }
    public static int SOL_SOCKET() { return 1; }
    public static int SO_RCVBUF() { return 8; }
    public static int SO_RCVTIMEO() { return 20; }
    public static int SOL_NETLINK() { return 270; }
    public static int MSG_PEEK() { return 0x2; }
    public static int MSG_TRUNC() { return 0x20; }
    public static int MSG_DONTWAIT() { return 0x40; }
    public static int O_RDONLY() { return 0; }
    public static int O_CLOEXEC() { return 0x80000; }
    public static int O_NOFOLLOW() { return 0x20000; }
    public static int O_NONBLOCK() { return 0x800; }
    public static int O_NOCTTY() { return 0x100; }
    public static int AT_EMPTY_PATH() { return 0x1000; }
    public static int STATX_TYPE() { return 0x1; }
    public static int STATX_MODE() { return 0x2; }
    public static int STATX_UID() { return 0x8; }
    public static int S_IFMT() { return 0170000; }
    public static int S_IFREG() { return 0100000; }
    public static int CLONE_NEWNET() { return 0x40000000; }
    public static long SIOCADDMULTI() { return 0x8931; }
    public static long SIOCDELMULTI() { return 0x8932; }
    public static int IFNAMSIZ() { return 16; }
    public static int ETH_P_ALL() { return 0x0003; }
    public static int ETH_P_IP() { return 0x0800; }
    public static int ETH_ALEN() { return 6; }
    public static int ARPHRD_ETHER() { return 1; }
    public static int ARPOP_REQUEST() { return 1; }
    public static int ARPOP_REPLY() { return 2; }
    public static int IPPROTO_TCP() { return 6; }
    public static int IPPROTO_ICMPV6() { return 58; }
    public static int ND_NEIGHBOR_ADVERT() { return 136; }
    public static int PACKET_HOST() { return 0; }
    public static int PACKET_BROADCAST() { return 1; }
    public static int PACKET_MULTICAST() { return 2; }
    public static int PACKET_OTHERHOST() { return 3; }
    public static int PACKET_OUTGOING() { return 4; }
    public static int ETH_P_ARP() { return 0x0806; }
    public static int ETH_P_IPV6() { return 0x86DD; }
}
