package io.clonevip.nativ;

import io.clonevip.nativ.bind.libc_h;
import io.clonevip.nativ.bind.statx;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The hand-written part of the native layer: libc calls linked with
 * {@code Linker.Option.captureCallState("errno")}, which jextract does not generate. Each call
 * returns its result or throws {@link KernelException} with the errno the call left.
 *
 * <p>Linking is lazy: every function has its own holder class, so an action links only the
 * functions it calls (the first downcall of a JVM costs 10–50 ms and each new signature ~5 ms).
 * The errno capture segment is per thread.
 */
public final class Syscalls {
    private Syscalls() {}

    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final ThreadLocal<MemorySegment> STATE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE));

    static MethodHandle link(MemorySegment address, FunctionDescriptor descriptor, Linker.Option... extra) {
        Linker.Option[] options = new Linker.Option[extra.length + 1];
        options[0] = Linker.Option.captureCallState("errno");
        System.arraycopy(extra, 0, options, 1, extra.length);
        return Linker.nativeLinker().downcallHandle(address, descriptor, options);
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    private static RuntimeException unexpected(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException("native call failed", t);
    }

    private static final class Socket { static final MethodHandle H = link(libc_h.socket$address(), libc_h.socket$descriptor()); }
    private static final class Bind { static final MethodHandle H = link(libc_h.bind$address(), libc_h.bind$descriptor()); }
    private static final class GetSockName { static final MethodHandle H = link(libc_h.getsockname$address(), libc_h.getsockname$descriptor()); }
    private static final class SendTo { static final MethodHandle H = link(libc_h.sendto$address(), libc_h.sendto$descriptor()); }
    private static final class RecvFrom { static final MethodHandle H = link(libc_h.recvfrom$address(), libc_h.recvfrom$descriptor()); }
    private static final class SetSockOpt { static final MethodHandle H = link(libc_h.setsockopt$address(), libc_h.setsockopt$descriptor()); }
    private static final class GetSockOpt { static final MethodHandle H = link(libc_h.getsockopt$address(), libc_h.getsockopt$descriptor()); }
    private static final class Close { static final MethodHandle H = link(libc_h.close$address(), libc_h.close$descriptor()); }
    private static final class Ioctl { static final MethodHandle H = link(libc_h.ioctl$address(), libc_h.ioctl$descriptor(), libc_h.ioctl$variadic()); }
    private static final class Open { static final MethodHandle H = link(libc_h.open$address(), libc_h.open$descriptor()); }
    private static final class Read { static final MethodHandle H = link(libc_h.read$address(), libc_h.read$descriptor()); }
    private static final class Statx { static final MethodHandle H = link(libc_h.statx$address(), libc_h.statx$descriptor()); }
    private static final class SetNs { static final MethodHandle H = link(libc_h.setns$address(), libc_h.setns$descriptor()); }
    private static final class IfNameToIndex { static final MethodHandle H = link(libc_h.if_nametoindex$address(), libc_h.if_nametoindex$descriptor()); }

    public static int socket(int domain, int type, int protocol) throws KernelException {
        MemorySegment st = STATE.get();
        int r;
        try { r = (int) Socket.H.invokeExact(st, domain, type, protocol); } catch (Throwable t) { throw unexpected(t); }
        if (r < 0) throw KernelException.of("socket", errno(st));
        return r;
    }

    public static void bind(int fd, MemorySegment addr) throws KernelException {
        MemorySegment st = STATE.get();
        int r;
        try { r = (int) Bind.H.invokeExact(st, fd, addr, (int) addr.byteSize()); } catch (Throwable t) { throw unexpected(t); }
        if (r < 0) throw KernelException.of("bind", errno(st));
    }

    /** Fills {@code addr} with the socket's own address. */
    public static void getsockname(int fd, MemorySegment addr, MemorySegment lenInOut) throws KernelException {
        MemorySegment st = STATE.get();
        int r;
        try { r = (int) GetSockName.H.invokeExact(st, fd, addr, lenInOut); } catch (Throwable t) { throw unexpected(t); }
        if (r < 0) throw KernelException.of("getsockname", errno(st));
    }

    public static long sendto(int fd, MemorySegment buf, long len, int flags, MemorySegment addr) throws KernelException {
        MemorySegment st = STATE.get();
        long r;
        int alen = addr == MemorySegment.NULL ? 0 : (int) addr.byteSize();
        try { r = (long) SendTo.H.invokeExact(st, fd, buf, len, flags, addr, alen); } catch (Throwable t) { throw unexpected(t); }
        if (r < 0) throw KernelException.of("sendto", errno(st));
        return r;
    }

    /** Returns the byte count, or -1 when {@code MSG_DONTWAIT} was given and nothing is queued. */
    public static long recv(int fd, MemorySegment buf, int flags) throws KernelException {
        MemorySegment st = STATE.get();
        long r;
        try {
            r = (long) RecvFrom.H.invokeExact(st, fd, buf, buf.byteSize(), flags, MemorySegment.NULL, MemorySegment.NULL);
        } catch (Throwable t) { throw unexpected(t); }
        if (r < 0) {
            int e = errno(st);
            if (e == Errno.EAGAIN.number() && (flags & libc_h.MSG_DONTWAIT()) != 0) return -1;
            if (e == Errno.EAGAIN.number()) throw new KernelException("recv", Errno.ETIMEDOUT, "no reply within the socket's receive timeout");
            throw KernelException.of("recv", e);
        }
        return r;
    }

    /**
     * recvfrom(2) that also fills {@code addr} (its size in {@code lenInOut}); returns the byte
     * count, or -1 when nothing arrived in time (EAGAIN: {@code MSG_DONTWAIT} or the socket's
     * receive timeout). Used by packet sockets, whose callers treat a timeout as "no frame".
     */
    public static long recvfrom(int fd, MemorySegment buf, int flags, MemorySegment addr, MemorySegment lenInOut) throws KernelException {
        MemorySegment st = STATE.get();
        long r;
        try {
            r = (long) RecvFrom.H.invokeExact(st, fd, buf, buf.byteSize(), flags, addr, lenInOut);
        } catch (Throwable t) { throw unexpected(t); }
        if (r < 0) {
            int e = errno(st);
            if (e == Errno.EAGAIN.number()) return -1;
            throw KernelException.of("recvfrom", e);
        }
        return r;
    }

    public static void setsockopt(int fd, int level, int name, MemorySegment value) throws KernelException {
        MemorySegment st = STATE.get();
        int r;
        try { r = (int) SetSockOpt.H.invokeExact(st, fd, level, name, value, (int) value.byteSize()); } catch (Throwable t) { throw unexpected(t); }
        if (r < 0) throw KernelException.of("setsockopt(" + level + "," + name + ")", errno(st));
    }

    public static void setsockopt(int fd, int level, int name, int value) throws KernelException {
        try (Arena a = Arena.ofConfined()) {
            setsockopt(fd, level, name, a.allocateFrom(ValueLayout.JAVA_INT, value));
        }
    }

    public static int getsockoptInt(int fd, int level, int name) throws KernelException {
        MemorySegment st = STATE.get();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(ValueLayout.JAVA_INT);
            MemorySegment len = a.allocateFrom(ValueLayout.JAVA_INT, 4);
            int r;
            try { r = (int) GetSockOpt.H.invokeExact(st, fd, level, name, v, len); } catch (Throwable t) { throw unexpected(t); }
            if (r < 0) throw KernelException.of("getsockopt(" + level + "," + name + ")", errno(st));
            return v.get(ValueLayout.JAVA_INT, 0);
        }
    }

    /** Closes {@code fd}; errors on close are not actionable and are ignored. */
    public static void close(int fd) {
        if (fd < 0) return;
        MemorySegment st = STATE.get();
        try { int ignored = (int) Close.H.invokeExact(st, fd); } catch (Throwable t) { throw unexpected(t); }
    }

    public static void ioctl(int fd, long request, MemorySegment arg, String what) throws KernelException {
        MemorySegment st = STATE.get();
        int r;
        try { r = (int) Ioctl.H.invokeExact(st, fd, request, arg); } catch (Throwable t) { throw unexpected(t); }
        if (r < 0) throw KernelException.of(what, errno(st));
    }

    public static int open(String path, int flags) throws KernelException {
        MemorySegment st = STATE.get();
        try (Arena a = Arena.ofConfined()) {
            int r;
            try { r = (int) Open.H.invokeExact(st, a.allocateFrom(path), flags); } catch (Throwable t) { throw unexpected(t); }
            if (r < 0) throw new KernelException("open " + path, errno(st), null, -1);
            return r;
        }
    }

    /** One read(2) call; returns the count (0 at end of file). */
    public static long read(int fd, MemorySegment buf) throws KernelException {
        MemorySegment st = STATE.get();
        long r;
        try { r = (long) Read.H.invokeExact(st, fd, buf, buf.byteSize()); } catch (Throwable t) { throw unexpected(t); }
        if (r < 0) throw KernelException.of("read", errno(st));
        return r;
    }

    /**
     * fstat(2) of an open descriptor: {@code statx(fd, "", AT_EMPTY_PATH, ...)}, which looks up no
     * path (the descriptor itself) and whose struct has one layout on every architecture.
     */
    public static FileStatus fstat(int fd) throws KernelException {
        MemorySegment st = STATE.get();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(statx.layout());
            int mask = libc_h.STATX_TYPE() | libc_h.STATX_MODE() | libc_h.STATX_UID();
            int r;
            try {
                r = (int) Statx.H.invokeExact(st, fd, a.allocateFrom(""), libc_h.AT_EMPTY_PATH(), mask, buf);
            } catch (Throwable t) { throw unexpected(t); }
            if (r < 0) throw KernelException.of("fstat", errno(st));
            if ((statx.stx_mask(buf) & mask) != mask) {
                throw new KernelException("fstat", Errno.EIO, "the file system reports no type, mode or owner");
            }
            return new FileStatus(statx.stx_mode(buf), statx.stx_uid(buf));
        }
    }

    public static void setns(int fd, int nstype) throws KernelException {
        MemorySegment st = STATE.get();
        int r;
        try { r = (int) SetNs.H.invokeExact(st, fd, nstype); } catch (Throwable t) { throw unexpected(t); }
        if (r < 0) throw KernelException.of("setns", errno(st));
    }

    /** The interface index, or 0 when there is no such interface. */
    public static int ifNameToIndex(String name) {
        MemorySegment st = STATE.get();
        try (Arena a = Arena.ofConfined()) {
            return (int) IfNameToIndex.H.invokeExact(st, a.allocateFrom(name));
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    // --- added for the legacy iptables ABI (io.clonevip.clusterip): buffer getsockopt, write, flock.
    // write and flock are looked up in libc directly (libc_h does not publish them).

    private static MethodHandle linkLibc(String name, FunctionDescriptor d) {
        MemorySegment addr = Linker.nativeLinker().defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc symbol not found: " + name));
        return link(addr, d);
    }

    private static final class Write {
        static final MethodHandle H = linkLibc("write", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    }
    private static final class Flock {
        static final MethodHandle H = linkLibc("flock", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    }

    /**
     * getsockopt(2) into {@code buf}, offering the whole segment; returns the length the kernel
     * reported back (the kernel may also have filled more than that, for the iptables ABI).
     */
    public static int getsockopt(int fd, int level, int name, MemorySegment buf) throws KernelException {
        MemorySegment st = STATE.get();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment len = a.allocateFrom(ValueLayout.JAVA_INT, (int) buf.byteSize());
            int r;
            try { r = (int) GetSockOpt.H.invokeExact(st, fd, level, name, buf, len); } catch (Throwable t) { throw unexpected(t); }
            if (r < 0) throw KernelException.of("getsockopt(" + level + "," + name + ")", errno(st));
            return len.get(ValueLayout.JAVA_INT, 0);
        }
    }

    /** One write(2) call of the whole segment; returns the count written. */
    public static long write(int fd, MemorySegment buf) throws KernelException {
        MemorySegment st = STATE.get();
        long r;
        try { r = (long) Write.H.invokeExact(st, fd, buf, buf.byteSize()); } catch (Throwable t) { throw unexpected(t); }
        if (r < 0) throw KernelException.of("write", errno(st));
        return r;
    }

    /** flock(2): {@code LOCK_SH}=1, {@code LOCK_EX}=2, {@code LOCK_NB}=4, {@code LOCK_UN}=8. */
    public static void flock(int fd, int operation) throws KernelException {
        MemorySegment st = STATE.get();
        int r;
        try { r = (int) Flock.H.invokeExact(st, fd, operation); } catch (Throwable t) { throw unexpected(t); }
        if (r < 0) throw KernelException.of("flock", errno(st));
    }
}
