package io.clonevip.ocf.agentd;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The entry script that sent a request, read through one open handle on its {@code /proc/<pid>}
 * directory. Every read goes through that handle ({@code openat}/{@code fstatat}), and the
 * kernel ties the handle to the process it was opened for: once that process is gone every read
 * fails ({@code ESRCH}), even if its pid is reused. Its identity is proven first, by its file
 * descriptor 3 being the very reply pipe the daemon opened (so a pid from another pid namespace,
 * or a reused one, is never mistaken for the client); after that every other fact (uid,
 * capabilities, namespaces, environment) is the client's. Its environment is what Pacemaker
 * passed when it started the script, read from {@code environ} and never copied anywhere else.
 */
final class ClientProcess implements AutoCloseable {
    private final SecureDirectoryStream<Path> proc;

    private ClientProcess(SecureDirectoryStream<Path> proc) {
        this.proc = proc;
    }

    /** A handle on {@code /proc/<pid>}, or empty when there is no such process. */
    static Optional<ClientProcess> open(long pid) {
        try {
            DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid)));
            if (dir instanceof SecureDirectoryStream<Path> secure) {
                return Optional.of(new ClientProcess(secure));
            }
            dir.close();
            return Optional.empty(); // not Linux: no handle-relative reads, no service
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Whether the process holds {@code reply} as its descriptor 3. */
    boolean holds(Fifo reply) {
        try {
            Object mine = Files.readAttributes(reply.procPath(), BasicFileAttributes.class).fileKey();
            return mine != null && mine.equals(fileKey("fd/3"));
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the process is in the same namespace of {@code type} ("net", "user", "mnt") as the daemon. */
    boolean sharesNamespace(String type) {
        try {
            Object mine = Files.readAttributes(Path.of("/proc/self/ns", type), BasicFileAttributes.class).fileKey();
            return mine != null && mine.equals(fileKey("ns/" + type));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether {@code absolute}, looked up in the process's own root and mount namespace, is the
     * file the daemon finds at that path (same device and inode).
     */
    boolean sees(Path absolute) {
        try {
            Object mine = Files.readAttributes(absolute, BasicFileAttributes.class).fileKey();
            String rel = absolute.normalize().toString().substring(1);
            return mine != null && mine.equals(fileKey(rel.isEmpty() ? "root" : "root/" + rel));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The process's credentials, from its {@code status}. */
    ProcStatus status() throws IOException {
        return ProcStatus.parse(new String(read("status"), StandardCharsets.UTF_8));
    }

    /** The environment the process was started with (NUL-separated {@code NAME=value}). */
    Map<String, String> environment() throws IOException {
        byte[] raw = read("environ");
        Map<String, String> env = new HashMap<>();
        int start = 0;
        for (int i = 0; i <= raw.length; i++) {
            if (i == raw.length || raw[i] == 0) {
                if (i > start) {
                    String entry = new String(raw, start, i - start, StandardCharsets.UTF_8);
                    int eq = entry.indexOf('=');
                    if (eq > 0) {
                        env.putIfAbsent(entry.substring(0, eq), entry.substring(eq + 1)); // getenv takes the first
                    }
                }
                start = i + 1;
            }
        }
        return env;
    }

    private Object fileKey(String relative) throws IOException {
        return proc.getFileAttributeView(Path.of(relative), BasicFileAttributeView.class).readAttributes().fileKey();
    }

    private byte[] read(String relative) throws IOException {
        try (SeekableByteChannel ch = proc.newByteChannel(Path.of(relative), Set.of(StandardOpenOption.READ))) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (ch.read(buf) > 0) {
                all.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            return all.toByteArray();
        }
    }

    @Override
    public void close() {
        try {
            proc.close();
        } catch (IOException e) {
            // a directory handle: nothing was written
        }
    }
}
