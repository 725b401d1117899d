package io.clonevip.agent.mysql;

import io.clonevip.nativ.Errno;
import io.clonevip.nativ.FileStatus;
import io.clonevip.nativ.KernelException;
import io.clonevip.nativ.Syscalls;
import io.clonevip.nativ.bind.libc_h;
import io.clonevip.ocf.OcfException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code credentials_file} parameter: a MySQL option file whose {@code [client]} section
 * (or a file without sections) gives {@code user=} and {@code password=}.
 *
 * <p>One lookup: the path is opened once with {@code O_NOFOLLOW} (a symbolic link is refused),
 * and type, owner and mode are checked on that open descriptor ({@code fstat}), which is then
 * read; renaming another file over the path after the open changes nothing. Refused when it is not
 * a regular file, is owned by someone other than root or the user running the monitor, or is
 * readable or writable by group or others (the MariaDB client ignores world-writable option files;
 * a writable file lets others choose the credentials). Java's NIO has no attributes of an open
 * channel, hence the FFM calls: with {@code Files} the check and the read would be two lookups.
 */
public record CredentialsFile(String user, Secret password) {
    static final String PARAMETER = "credentials_file";
    /** More than an option file with one account needs. */
    static final int MAX_BYTES = 64 * 1024;
    private static final int GROUP_OR_OTHERS_RW = 0066;

    public static CredentialsFile read(Path file) {
        return read(file, () -> { });
    }

    /** As {@link #read(Path)}; {@code afterCheck} runs between the checks and the read (tests). */
    static CredentialsFile read(Path file, Runnable afterCheck) {
        int fd;
        try {
            fd = Syscalls.open(file.toString(), libc_h.O_RDONLY() | libc_h.O_NOFOLLOW() | libc_h.O_CLOEXEC()
                    | libc_h.O_NONBLOCK() | libc_h.O_NOCTTY());
        } catch (KernelException e) {
            if (e.is(Errno.ELOOP)) {
                throw OcfException.perm(PARAMETER + ": " + file + " is a symbolic link (name the file itself)");
            }
            throw OcfException.installed(PARAMETER + ": cannot open " + file + " (" + e.errno().name() + ")");
        }
        try {
            check(file, Syscalls.fstat(fd));
            afterCheck.run();
            return parse(new String(readAll(file, fd), StandardCharsets.UTF_8).lines().toList());
        } catch (KernelException e) {
            throw OcfException.installed(PARAMETER + ": cannot read " + file + " (" + e.errno().name() + ")");
        } finally {
            Syscalls.close(fd);
        }
    }

    private static void check(Path file, FileStatus st) {
        if (!st.isRegularFile()) {
            throw OcfException.installed(PARAMETER + ": " + file + " is not a regular file");
        }
        int self = selfUid(file);
        if (st.uid() != 0 && st.uid() != self) {
            throw OcfException.perm(PARAMETER + ": " + file + " is owned by uid " + st.uid() + ", not by root or uid " + self);
        }
        if ((st.permissions() & GROUP_OR_OTHERS_RW) != 0) {
            throw OcfException.perm(PARAMETER + ": " + file + " is readable or writable by group or others (mode "
                    + String.format("%04o", st.permissions()) + "; chmod 600 it)");
        }
    }

    /** The effective uid of this process (the owner of /proc/self). */
    private static int selfUid(Path file) {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | RuntimeException e) {
            throw OcfException.installed(PARAMETER + ": cannot check the owner of " + file + " (no /proc/self)");
        }
    }

    private static byte[] readAll(Path file, int fd) throws KernelException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(MAX_BYTES + 1L);
            try {
                long n = 0;
                long r;
                while (n <= MAX_BYTES && (r = Syscalls.read(fd, buf.asSlice(n))) > 0) {
                    n += r;
                }
                if (n > MAX_BYTES) {
                    throw OcfException.configured(PARAMETER + ": " + file + " is larger than " + MAX_BYTES + " bytes");
                }
                return buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
            } finally {
                buf.fill((byte) 0); // the password leaves native memory
            }
        }
    }

    static CredentialsFile parse(List<String> lines) {
        String section = "client";
        String user = null;
        String password = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).strip();
                continue;
            }
            if (!section.equals("client")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = line.substring(0, eq).strip().replace('-', '_');
            String value = unquote(line.substring(eq + 1).strip());
            if (key.equals("user")) {
                user = value;
            } else if (key.equals("password")) {
                password = value;
            }
        }
        if (password == null) {
            throw OcfException.configured(PARAMETER + ": no password= line in its [client] section");
        }
        return new CredentialsFile(user, Secret.of(password));
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
