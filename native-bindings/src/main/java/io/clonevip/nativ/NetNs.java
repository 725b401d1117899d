package io.clonevip.nativ;

import io.clonevip.nativ.bind.libc_h;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs work inside a named network namespace ({@code /run/netns/NAME}, as {@code ip netns add}
 * creates them) without {@code ip netns exec}: a dedicated platform thread calls
 * {@code setns(CLONE_NEWNET)} and runs the work; the thread ends with it, so no other work ever
 * runs in that namespace by accident. Sockets opened by the work keep the namespace they were
 * opened in and may be used from any thread afterwards.
 */
public final class NetNs {
    private NetNs() {}

    /** Where iproute2 keeps named network namespaces. */
    public static final String RUN_DIR = "/run/netns/";

    /**
     * What makes {@code name} a name {@code ip netns} refuses (iproute2: empty, longer than
     * NAME_MAX bytes, with a '/', "." or ".."), or null when it is a valid name.
     */
    public static String nameProblem(String name) {
        if (name == null || name.isEmpty()) return "it is empty";
        if (name.contains("/")) return "it contains '/'";
        if (name.equals(".") || name.equals("..")) return "'.' and '..' are not names";
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > 255) return "it is " + bytes + " bytes long, at most 255 are allowed";
        return null;
    }

    /** Checks a namespace name the way iproute2 would accept it. */
    public static void checkName(String name) throws KernelException {
        String problem = nameProblem(name);
        if (problem != null) {
            throw new KernelException("network namespace", Errno.EINVAL, "invalid namespace name '" + name + "': " + problem);
        }
    }

    /**
     * Calls {@code work} inside namespace {@code name}; a null name runs it on the calling thread
     * in the current namespace. Exceptions of the work are rethrown as they are.
     */
    public static <T> T call(String name, Callable<T> work) throws Exception {
        if (name == null) return work.call();
        checkName(name);
        int fd;
        try {
            fd = Syscalls.open(RUN_DIR + name, libc_h.O_RDONLY() | libc_h.O_CLOEXEC());
        } catch (KernelException e) {
            if (e.is(Errno.ENOENT)) {
                throw new KernelException("network namespace", Errno.ENOENT, "no network namespace named '" + name + "'");
            }
            throw e;
        }
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = Thread.ofPlatform().name("netns-" + name).unstarted(() -> {
            try {
                Syscalls.setns(fd, libc_h.CLONE_NEWNET());
                result.set(work.call());
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        try {
            t.start();
            t.join();
        } finally {
            Syscalls.close(fd);
        }
        Throwable f = failure.get();
        if (f instanceof Exception e) throw e;
        if (f instanceof Error e) throw e;
        return result.get();
    }

    /** {@link #call} for work without a result. */
    public static void run(String name, ThrowingRunnable work) throws Exception {
        call(name, () -> { work.run(); return null; });
    }

    /** Work that may throw. */
    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws Exception;
    }
}
