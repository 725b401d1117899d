package io.clonevip.clusterip;

import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.Syscalls;
import io.clonevip.nativ.bind.libc_h;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The lock iptables takes around every read-modify-replace of a table: an exclusive
 * {@code flock(2)} on {@code /run/xtables.lock} (or {@code $XTABLES_LOCKFILE}). Holding it keeps
 * our table replacement and a concurrent {@code iptables} command from losing each other's
 * changes. It is one lock for all network namespaces, as in iptables. (Java's FileLock uses
 * {@code fcntl} locks, which do not exclude {@code flock} holders, hence flock through FFM.)
 */
final class XtablesLock implements AutoCloseable {
    private static final int LOCK_EX = 2;
    private final int fd;

    private XtablesLock(int fd) { this.fd = fd; }

    static Path path() {
        String env = System.getenv("XTABLES_LOCKFILE");
        return Path.of(env == null || env.isEmpty() ? "/run/xtables.lock" : env);
    }

    /** Blocks until the lock is held. */
    static XtablesLock acquire() throws KernelException {
        Path p = path();
        try {
            Files.createFile(p);
        } catch (FileAlreadyExistsException e) {
            // the usual case
        } catch (IOException e) {
            throw new KernelException("xtables lock " + p, io.clonevip.nativ.Errno.EACCES, "cannot create it: " + e.getMessage());
        }
        int fd = Syscalls.open(p.toString(), libc_h.O_RDONLY() | libc_h.O_CLOEXEC());
        try {
            Syscalls.flock(fd, LOCK_EX);
        } catch (KernelException e) {
            Syscalls.close(fd);
            throw e;
        }
        return new XtablesLock(fd);
    }

    @Override
    public void close() {
        Syscalls.close(fd);
    }
}
