package io.clonevip.packaging;

import io.clonevip.testkit.Cmd;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A clean Debian 12 root file system made from Debian's packages, with no JDK:
 * {@code debootstrap --variant=minbase} plus systemd (to boot it) and nothing else, cached under
 * {@code /var/cache/clonevip-test/} in a directory named after what it was made from (suite,
 * mirror, packages), so that it is made once per machine and list. It is never booted or written
 * by a test except through {@link #download}, which only adds .deb files to apt's cache:
 * tests boot a copy of it (CleanMachineIT: imported as a Docker image).
 */
final class DebianRoot {
    static final Path CACHE = Path.of("/var/cache/clonevip-test");
    static final String SUITE = "bookworm";
    static final String MIRROR = "http://deb.debian.org/debian";
    static final List<String> INCLUDE = List.of("systemd", "systemd-sysv", "dbus");
    static final String PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /** Runs in a private mount namespace: the root's /dev and /proc for apt and dpkg, then $2.. chrooted. */
    private static final String CHROOT = """
            set -eu
            r=$1
            shift
            mount --bind /dev "$r/dev"
            mount -t proc proc "$r/proc"
            exec chroot "$r" "$@"
            """;

    private DebianRoot() {
    }

    /** The cached root, made now (a few minutes) if it is not there yet. */
    static Path cached() throws IOException {
        Path dir = CACHE.resolve("debian12-minbase-" + key());
        Files.createDirectories(CACHE);
        try (FileChannel lockFile = FileChannel.open(CACHE.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = lockFile.lock()) {
            if (Files.isDirectory(dir)) {
                return dir;
            }
            Path tmp = CACHE.resolve(dir.getFileName() + ".new");
            Cmd.ok(120, "rm", "-rf", tmp.toString());
            Cmd.ok(1200, "debootstrap", "--variant=minbase", "--include=" + String.join(",", INCLUDE), SUITE,
                    tmp.toString(), MIRROR);
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            return dir;
        }
    }

    /**
     * Puts into the root's apt cache every .deb that installing {@code packages} (local .deb files
     * and package names) needs without recommended packages, from the mirror through this host's network: a booted copy with no
     * network of its own then installs them with apt as from the mirror. Debs already there are
     * not fetched again.
     */
    static void download(Path root, List<Path> debs, List<String> packages) throws IOException {
        try (FileChannel lockFile = FileChannel.open(CACHE.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = lockFile.lock()) {
            Path incoming = Files.createTempDirectory(root.resolve("tmp"), "clonevip-debs-");
            try {
                List<String> apt = new ArrayList<>(List.of("apt-get", "install", "-y", "-q", "--no-install-recommends",
                        "--download-only"));
                for (Path d : debs) {
                    Path copy = incoming.resolve(d.getFileName());
                    Files.copy(d, copy);
                    apt.add("/" + root.relativize(copy));
                }
                apt.addAll(packages);
                chroot(root, 300, List.of("apt-get", "update", "-q"));
                chroot(root, 900, apt);
            } finally {
                Cmd.ok(60, "rm", "-rf", incoming.toString());
            }
        }
    }

    private static void chroot(Path root, int timeoutSeconds, List<String> argv) {
        List<String> a = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c", CHROOT,
                "chroot", root.toString(), "env", "-i", PATH, "DEBIAN_FRONTEND=noninteractive"));
        a.addAll(argv);
        Cmd.run(Duration.ofSeconds(timeoutSeconds), a).assertOk();
    }

    /** What the cached root was made from, hashed: another list or mirror makes another root. */
    private static String key() {
        String what = String.join("\n", "v1", SUITE, MIRROR, "minbase", String.join(",", INCLUDE));
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(what.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
