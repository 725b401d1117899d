package io.clonevip.ocf.agentd;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.Syscalls;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Named pipes as the daemon uses them: {@code mkfifo(3)}, and the write end of a client's
 * reply pipe opened without blocking ({@code O_WRONLY|O_NONBLOCK}), which fails at once when
 * no reader holds it (the client left) instead of waiting for one. Writes retry on
 * {@code EAGAIN} with short pauses, so a full pipe never blocks a carrier thread for long; and
 * {@code poll(2)} on that write end, which tells when the client's read end is gone.
 */
final class Fifo implements AutoCloseable {
    private static final int O_WRONLY = 1;
    private static final int O_NONBLOCK = 0x800;
    private static final int O_CLOEXEC = 0x80000;
    /** How long a write may wait for a client that does not read. */
    private static final long WRITE_PATIENCE_MS = 30_000;

    private static final class MkFifo {
        static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
        static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
        static final MethodHandle H = Linker.nativeLinker().downcallHandle(
                Linker.nativeLinker().defaultLookup().find("mkfifo").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
                Linker.Option.captureCallState("errno"));
    }

    private static final class Poll {
        static final short POLLERR = 0x8;
        static final MethodHandle H = Linker.nativeLinker().downcallHandle(
                Linker.nativeLinker().defaultLookup().find("poll").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    }

    private final int fd;

    private Fifo(int fd) {
        this.fd = fd;
    }

    /** Creates a named pipe with {@code mode} (before the umask). */
    static void create(Path path, int mode) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment state = a.allocate(MkFifo.CAPTURE);
            int r = (int) MkFifo.H.invokeExact(state, a.allocateFrom(path.toString()), mode);
            if (r < 0) {
                int errno = (int) MkFifo.ERRNO.get(state, 0L);
                throw new IOException("mkfifo " + path + ": " + Errno.valueOf(errno).description());
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("mkfifo", t);
        }
    }

    /** The write end of {@code path}, or empty when it does not exist or nobody reads it. */
    static Optional<Fifo> openWriter(Path path) throws IOException {
        try {
            return Optional.of(new Fifo(Syscalls.open(path.toString(), O_WRONLY | O_NONBLOCK | O_CLOEXEC)));
        } catch (KernelException e) {
            if (e.is(Errno.ENOENT) || e.is(Errno.ENXIO)) {
                return Optional.empty();
            }
            throw new IOException(e.getMessage());
        }
    }

    /** The path of this descriptor in /proc, to compare identities. */
    Path procPath() {
        return Path.of("/proc/self/fd/" + fd);
    }

    /** Writes all of {@code bytes}; fails when the reader is gone or does not read for long. */
    void write(byte[] bytes) throws IOException {
        long deadline = System.currentTimeMillis() + WRITE_PATIENCE_MS;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(Math.max(1, bytes.length));
            MemorySegment.copy(bytes, 0, buf, ValueLayout.JAVA_BYTE, 0, bytes.length);
            long done = 0;
            while (done < bytes.length) {
                try {
                    done += Syscalls.write(fd, buf.asSlice(done, bytes.length - done));
                } catch (KernelException e) {
                    if (!e.is(Errno.EAGAIN) || System.currentTimeMillis() > deadline) {
                        throw new IOException(e.getMessage());
                    }
                    pause();
                }
            }
        }
    }

    /**
     * Waits at most {@code timeoutMs} for the pipe to lose its last reader and says whether it has:
     * the write end of a pipe polls as an error once no process holds its read end (the client
     * exited or was killed).
     */
    boolean readerGone(int timeoutMs) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment pfd = a.allocate(8, 4); // struct pollfd { int fd; short events; short revents; }
            pfd.set(ValueLayout.JAVA_INT, 0, fd);
            int r = (int) Poll.H.invokeExact(pfd, 1L, timeoutMs); // events 0: only POLLERR/POLLHUP/POLLNVAL
            return r > 0 && (pfd.get(ValueLayout.JAVA_SHORT, 6) & Poll.POLLERR) != 0;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("poll", t);
        }
    }

    private static void pause() throws IOException {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    @Override
    public void close() {
        Syscalls.close(fd);
    }
}
