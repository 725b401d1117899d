package io.clonevip.ocf.agentd;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The daemon's root-only directory (default {@code /run/clonevip/agentd}, mode 0700):
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

    /** Creates or takes over {@code dir}: mode 0700, lock held, a fresh request pipe. */
    static RunDir claim(Path dir) throws IOException {
        Files.createDirectories(dir.getParent());
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(dir + " exists and is not a directory");
            }
            Files.createDirectory(dir);
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        FileChannel ch = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
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
        Files.writeString(tmp, pid + " " + build + "\n", StandardCharsets.US_ASCII);
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
