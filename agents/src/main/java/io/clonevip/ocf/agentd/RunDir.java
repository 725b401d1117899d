package io.clonevip.ocf.agentd;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The daemon's root-only directory (default {@code /run/clonevip/agentd}, root's, mode 0700,
 * refused otherwise):
 * <ul>
 *   <li>{@code lock}: held for the daemon's life, so only one daemon serves a directory;</li>
 *   <li>{@code request}: the named pipe clients write their one-line requests to;</li>
 *   <li>{@code pid}: {@code <pid> <build id>}, written once the daemon reads requests, removed
 *       first when it stops;</li>
 *   <li>{@code c<client pid>}: a client's reply pipe, made by the client, removed by whichever
 *       side claims it (the daemon to accept, the client to give up) or swept once the client
 *       is dead.</li>
 * </ul>
 */
final class RunDir implements AutoCloseable {
    private final Path dir;
    private final FileChannel lockFile;
    private final FileLock lock;

    private RunDir(Path dir, FileChannel lockFile, FileLock lock) {
        this.dir = dir;
        this.lockFile = lockFile;
        this.lock = lock;
    }

    /**
     * Creates {@code dir} (mode 0700) or takes over an existing one that is root's, mode 0700,
     * in a parent only root can write: lock held, a fresh request pipe. Nothing in it is opened
     * through a symbolic link. An error message says what is wrong without repeating {@code dir}.
     */
    static RunDir claim(Path dir) throws IOException {
        Files.createDirectories(dir.getParent());
        checkOwnedByRoot(dir.getParent(), "its parent", false);
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            // an existing one: checked below like a new one
        }
        if (Files.isSymbolicLink(dir)) {
            throw new IOException("a symbolic link, not a directory: refusing it");
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("exists and is not a directory");
        }
        checkOwnedByRoot(dir, "it", true);
        Path lockPath = dir.resolve("lock");
        refuseLink(lockPath);
        FileChannel ch = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        if (lock == null) {
            ch.close();
            throw new IOException("another clonevip-agentd serves " + dir);
        }
        RunDir rd = new RunDir(dir, ch, lock);
        Files.deleteIfExists(rd.pidFile());
        Files.deleteIfExists(rd.requestPipe()); // requests left to a dead daemon are never served
        Fifo.create(rd.requestPipe(), 0600);
        rd.sweep();
        return rd;
    }

    /** Refuses {@code p} unless root owns it and nobody else may write it (with {@code exact}: mode exactly 0700). */
    private static void checkOwnedByRoot(Path p, String what, boolean exact) throws IOException {
        int uid = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
        String rule = " (a run directory must be root's, mode 0700, in a directory only root can write)";
        if (uid != 0) {
            throw new IOException(what + " is owned by uid " + uid + ", not root: refusing it" + rule);
        }
        if (exact ? mode != 0700 : (mode & 022) != 0) {
            throw new IOException(what + " has mode " + String.format("%04o", mode) + ": refusing it" + rule);
        }
    }

    /** Fails with a clear message when {@code p} is a symbolic link; the open after it is O_NOFOLLOW anyway. */
    private static void refuseLink(Path p) throws IOException {
        if (Files.isSymbolicLink(p)) {
            throw new IOException(p.getFileName() + " is a symbolic link: refusing to open it");
        }
    }

    Path requestPipe() {
        return dir.resolve("request");
    }

    Path pidFile() {
        return dir.resolve("pid");
    }

    Path replyPipe(long clientPid) {
        return dir.resolve("c" + clientPid);
    }

    /** Announces the daemon to clients. */
    void publish(long pid, String build) throws IOException {
        Path tmp = dir.resolve("pid.tmp");
        Files.deleteIfExists(tmp); // a link is removed, not followed; the new file is made, never reused
        Files.write(tmp, (pid + " " + build + "\n").getBytes(StandardCharsets.US_ASCII), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        Files.move(tmp, pidFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** New clients stop coming: pid file and request pipe removed. */
    void withdraw() {
        try {
            Files.deleteIfExists(pidFile());
            Files.deleteIfExists(requestPipe());
        } catch (IOException e) {
            // best effort: a client that still finds them sees a dead pid and runs in-process
        }
    }

    /** Removes reply pipes of clients that are gone (killed before anyone claimed them). */
    void sweep() {
        try (DirectoryStream<Path> all = Files.newDirectoryStream(dir, "c[0-9]*")) {
            for (Path p : all) {
                String pid = p.getFileName().toString().substring(1);
                if (pid.chars().allMatch(Character::isDigit) && !Files.exists(Path.of("/proc", pid))) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            // next time
        }
    }

    @Override
    public void close() {
        withdraw();
        try {
            lock.release();
            lockFile.close();
        } catch (IOException e) {
            // exiting anyway
        }
    }
}
