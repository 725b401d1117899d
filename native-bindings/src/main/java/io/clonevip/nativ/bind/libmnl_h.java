package io.clonevip.nativ.bind;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;

/**
 * The libmnl functions clonevip uses, from {@code libmnl.so.0} (hand-written in jextract's
 * shape: see package doc). The library is loaded on first use only.
 */
@SuppressWarnings("checkstyle:TypeName")
public final class libmnl_h {
    private libmnl_h() {}

    private static final class Lib {
        static final SymbolLookup LOOKUP = SymbolLookup.libraryLookup("libmnl.so.0", Arena.global());
    }

    static MemorySegment find(String name) {
        return Lib.LOOKUP.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libmnl symbol not found: " + name));
    }

    // void mnl_nlmsg_fprintf(FILE *fd, const void *data, size_t datalen, size_t extra_header_size)
    private static final class mnl_nlmsg_fprintf {
        static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(libc_h.C_POINTER, libc_h.C_POINTER, libc_h.C_LONG, libc_h.C_LONG);
        static final MemorySegment ADDR = find("mnl_nlmsg_fprintf");
    }
    public static FunctionDescriptor mnl_nlmsg_fprintf$descriptor() { return mnl_nlmsg_fprintf.DESC; }
    public static MemorySegment mnl_nlmsg_fprintf$address() { return mnl_nlmsg_fprintf.ADDR; }

    public static int MNL_ALIGNTO() { return 4; }
    private static final class PageSize {
        static final long VALUE;
        static {
            try {
                VALUE = (int) Linker.nativeLinker()
                        .downcallHandle(libc_h.getpagesize$address(), libc_h.getpagesize$descriptor()).invokeExact();
            } catch (Throwable t) {
                throw new ExceptionInInitializerError(t);
            }
        }
    }

    /**
     * {@code (sysconf(_SC_PAGESIZE) < 8192L ? sysconf(_SC_PAGESIZE) : 8192L)}: evaluated at run
     * time like the C macro (4096 on 4 KiB-page machines), so it is a long here as in C.
     */
    public static long MNL_SOCKET_BUFFER_SIZE() { return Math.min(PageSize.VALUE, 8192L); }
}
