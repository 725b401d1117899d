package io.clonevip.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The node's {@link DesiredState} per cluster IP of one network namespace: one file per VIP in
 * a root-only directory ({@code /run/clonevip/desired/ns-4026531840/198.51.100.100}: the inode
 * of the network namespace the writer ran in, so that states written in one namespace never reach
 * the daemon of another, e.g. a test's or a container's with the host's /run; or
 * {@code .../netns-NAME/...} for the namespace of IPaddr3's {@code network_namespace}), written
 * atomically (a mode-0600 temporary file renamed over the old one), plus the daemon's last
 * repair of it ({@code <vip>.repair}). Writers of one VIP's state serialise on {@link #lock}
 * (an flock on {@code <vip>.lock}, plus a lock within this JVM since the agentd runs agents and
 * the guard in one process), held from reading the kernel to applying the change, so the
 * daemon never sees a change an agent made before the agent recorded it.
 */
public final class DesiredStates {
    /** Where agents, netctl and the agentd keep desired states unless CLONEVIP_STATE_DIR names another directory. */
    public static final Path DEFAULT_ROOT = Path.of("/run/clonevip/desired");
    public static final String ROOT_VARIABLE = "CLONEVIP_STATE_DIR";
    /** The directory of the caller's own namespace: {@code ns-} and its inode. */
    private static final String OWN = "ns-";
    private static final String NETNS = "netns-";
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path dir;
    private final String netns;

    private DesiredStates(Path dir, String netns) {
        this.dir = dir;
        this.netns = netns;
    }

    /** The states of network namespace {@code netns} (null: the one the calling thread runs in) under {@code root}. */
    public static DesiredStates at(Path root, String netns) {
        return new DesiredStates(root.resolve(netns == null ? ownDir() : NETNS + netns), netns);
    }

    /** {@code ns-} and the inode of the calling thread's network namespace ({@code host} where /proc does not tell). */
    private static String ownDir() {
        try {
            return OWN + Files.getAttribute(Path.of("/proc/thread-self/ns/net"), "unix:ino");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "host";
        }
    }

    /** The root named by CLONEVIP_STATE_DIR in {@code env}, else {@link #DEFAULT_ROOT}. */
    public static Path root(Map<String, String> env) {
        String r = env.get(ROOT_VARIABLE);
        return r == null || r.isBlank() ? DEFAULT_ROOT : Path.of(r);
    }

    /**
     * The namespaces under {@code root} that have a directory: the caller's own (netns null) and the
     * named ones; the directories of other unnamed namespaces are their own daemons' to keep.
     */
    public static List<DesiredStates> all(Path root) throws IOException {
        List<DesiredStates> out = new ArrayList<>();
        if (!Files.isDirectory(root)) return out;
        String own = ownDir();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (n.equals(own)) out.add(new DesiredStates(p, null));
                else if (n.startsWith(NETNS) && n.length() > NETNS.length()) out.add(new DesiredStates(p, n.substring(NETNS.length())));
            }
        }
        return out;
    }

    /** The network namespace these states are for; null: the caller's own. */
    public String netns() { return netns; }

    public Path dir() { return dir; }

    private Path file(InetAddress vip) { return dir.resolve(vip.getHostAddress()); }

    /** The desired state of {@code vip}, or null when none is recorded. Unreadable content is a ClusterSpecException naming the file. */
    public DesiredState read(InetAddress vip) throws IOException {
        String text;
        try {
            text = Files.readString(file(vip), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        }
        try {
            return DesiredState.parse(text);
        } catch (ClusterSpecException e) {
            throw new ClusterSpecException("desired state file", file(vip), "the form clonevip writes (" + e.getMessage() + ")");
        }
    }

    /** Every recorded state of this namespace; unreadable files are skipped and named in {@code unreadable}. */
    public List<DesiredState> list(List<String> unreadable) throws IOException {
        List<DesiredState> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (n.contains(".") && (n.endsWith(".lock") || n.endsWith(".repair") || n.endsWith(".tmp"))) continue;
                try {
                    out.add(DesiredState.parse(Files.readString(p, StandardCharsets.UTF_8)));
                } catch (ClusterSpecException | IOException e) {
                    unreadable.add(p + ": " + e.getMessage());
                }
            }
        }
        return out;
    }

    /** Records {@code s} as the desired state of its VIP (atomic replace). */
    public void record(DesiredState s) throws IOException {
        write(file(s.vip()), s.format());
    }

    /** Forgets {@code vip}: nothing is desired for it any more (its last repair goes too). */
    public void forget(InetAddress vip) throws IOException {
        Files.deleteIfExists(file(vip));
        Files.deleteIfExists(repairFile(vip));
    }

    /**
     * Removes this namespace's directory with everything in it (states, repairs, locks): for a
     * namespace that is gone for good, e.g. a lab's when the lab ends. The directory is flat; a
     * link in it is removed, never followed.
     */
    public void removeAll() throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path f : ds) Files.deleteIfExists(f);
        }
        Files.deleteIfExists(dir);
    }

    private Path repairFile(InetAddress vip) { return dir.resolve(vip.getHostAddress() + ".repair"); }

    /** Records the daemon's latest repair of {@code vip}. */
    public void noteRepair(InetAddress vip, Repair r) throws IOException {
        write(repairFile(vip), r.format());
    }

    /** The latest repair of {@code vip} since it was last recorded, or null. */
    public Repair lastRepair(InetAddress vip) throws IOException {
        try {
            return Repair.parse(Files.readString(repairFile(vip), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private void write(Path target, String text) throws IOException {
        ensureDir();
        Path tmp = dir.resolve(target.getFileName() + "." + ProcessHandle.current().pid() + "." + Thread.currentThread().threadId() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private void ensureDir() throws IOException {
        if (Files.isDirectory(dir)) return;
        var mode = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
        Path parent = dir.getParent();
        if (parent != null && !Files.isDirectory(parent)) Files.createDirectories(parent, mode);
        try {
            Files.createDirectory(dir, mode);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // another writer made it meanwhile
        }
    }

    /** A held lock on one VIP's state; close releases it. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** Locks {@code vip}'s state against the other writers on this node (agents, netctl, the daemon's repairs). */
    public Held lock(InetAddress vip) throws IOException {
        Path f = dir.resolve(vip.getHostAddress() + ".lock");
        ReentrantLock mine = IN_PROCESS.computeIfAbsent(f.toAbsolutePath(), k -> new ReentrantLock());
        mine.lock();
        try {
            ensureDir();
            FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.lock();
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
            return () -> {
                try {
                    l.release();
                    ch.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    mine.unlock();
                }
            };
        } catch (IOException | RuntimeException e) {
            mine.unlock();
            throw e;
        }
    }
}
