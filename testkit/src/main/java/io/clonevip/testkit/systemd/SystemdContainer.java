package io.clonevip.testkit.systemd;

import io.clonevip.testkit.Cmd;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real systemd booted as PID 1 of a throw-away container ({@code systemd-nspawn --boot}) on the
 * host's own root: an overlay whose upper layer is a tmpfs, so nothing the container writes
 * reaches the host's files; its own network namespace ({@code --private-network}, only
 * {@code lo}), so no host interface is touched. It boots {@code basic.target}, so the host's
 * enabled services do not start. The overlay and tmpfs mounts exist only in a private mount
 * namespace ({@code unshare -m}) and go with it; {@code /run/systemd} there is a tmpfs too, for the lock and
 * propagation directories systemd-nspawn makes. The host needs no systemd of its own: no machined
 * registration, and the container runs in cgroups created here for it (name=systemd and unified
 * hierarchies, or the unified one), removed at {@link #close()} with whatever still runs in them.
 * Commands run inside with {@code nsenter} into all of the container's namespaces, with an
 * environment of nothing but a PATH and what the caller gives.
 */
public final class SystemdContainer implements AutoCloseable {
    public static final String PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /** Runs in the private mount namespace: $1 = mount point, $2 = machine name, $3.. = nspawn options (--bind-ro=). */
    private static final String BOOT = """
            set -eu
            d=$1 name=$2
            shift 2
            for cg in $CGROUPS; do echo $$ > "$cg/cgroup.procs"; done
            mkdir -p /run/systemd
            mount -t tmpfs -o mode=755 tmpfs /run/systemd
            mount -t tmpfs -o mode=755 tmpfs "$d"
            mkdir "$d/upper" "$d/work" "$d/root"
            mount -t overlay overlay -o "lowerdir=/,upperdir=$d/upper,workdir=$d/work" "$d/root"
            systemd-id128 new > "$d/root/etc/machine-id"
            exec systemd-nspawn --quiet --directory="$d/root" --private-network --register=no --keep-unit \\
                --machine="$name" --console=read-only "$@" --boot -- systemd.unit=basic.target
            """;

    private final Process nspawn;
    private final long leader;
    private final Path mountPoint;
    private final List<Path> cgroups;
    public final Path log;

    private SystemdContainer(Process nspawn, long leader, Path mountPoint, List<Path> cgroups, Path log) {
        this.nspawn = nspawn;
        this.leader = leader;
        this.mountPoint = mountPoint;
        this.cgroups = cgroups;
        this.log = log;
    }

    /**
     * Boots a container whose systemd has finished starting up (running or degraded) within
     * {@code limit}; {@code bindRo} host paths are visible at the same paths inside, read-only.
     * Its console output goes to {@code log}.
     */
    public static SystemdContainer boot(Path log, Duration limit, Path... bindRo) throws Exception {
        String name = "clonevip-sd-" + UUID.randomUUID().toString().substring(0, 8);
        List<Path> cgroups = new ArrayList<>();
        Path mountPoint = Files.createTempDirectory("clonevip-nspawn-");
        Process p = null;
        try {
            for (Path h : hierarchies()) {
                cgroups.add(Files.createDirectory(h.resolve(name)));
            }
            List<String> argv = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private",
                    "sh", "-c", BOOT, "boot", mountPoint.toString(), name));
            for (Path b : bindRo) {
                argv.add("--bind-ro=" + b);
            }
            ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().put("CGROUPS", String.join(" ", cgroups.stream().map(Path::toString).toList()));
            p = pb.start(); // unshare and sh exec: this pid becomes systemd-nspawn's
            long deadline = System.nanoTime() + limit.toNanos();
            long leader = awaitLeader(p, deadline, log);
            SystemdContainer c = new SystemdContainer(p, leader, mountPoint, cgroups, log);
            String state = "";
            while (System.nanoTime() < deadline && p.isAlive()) {
                state = c.run(10, "systemctl", "is-system-running").out().strip();
                if (state.equals("running") || state.equals("degraded")) {
                    return c;
                }
                Thread.sleep(50);
            }
            c.close();
            throw new AssertionError("container's systemd not up within " + limit.toSeconds() + " s (state '" + state
                    + "'): " + Files.readString(log));
        } catch (Exception | AssertionError e) {
            if (p != null && p.isAlive()) {
                stop(p);
            }
            removeCgroups(cgroups);
            Files.deleteIfExists(mountPoint);
            throw e;
        }
    }

    /** Where to make this container's cgroups: the name=systemd and unified hierarchies, or the unified root. */
    private static List<Path> hierarchies() {
        Path root = Path.of("/sys/fs/cgroup");
        if (Files.exists(root.resolve("cgroup.controllers"))) {
            return List.of(root);
        }
        List<Path> h = new ArrayList<>();
        if (Files.exists(root.resolve("systemd/cgroup.procs"))) {
            h.add(root.resolve("systemd"));
        }
        if (Files.exists(root.resolve("unified/cgroup.controllers"))) {
            h.add(root.resolve("unified"));
        }
        if (h.isEmpty()) {
            throw new IllegalStateException("no cgroup hierarchy for systemd under " + root);
        }
        return h;
    }

    /** The container's PID 1 (seen from here): systemd-nspawn's child running systemd. */
    private static long awaitLeader(Process nspawn, long deadline, Path log) throws Exception {
        Path children = Path.of("/proc", Long.toString(nspawn.pid()), "task", Long.toString(nspawn.pid()), "children");
        while (System.nanoTime() < deadline && nspawn.isAlive()) {
            String kids = readOrEmpty(children).strip();
            for (String k : kids.isEmpty() ? new String[0] : kids.split(" ")) {
                if (readOrEmpty(Path.of("/proc", k, "comm")).strip().equals("systemd")) {
                    return Long.parseLong(k);
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no container booted (systemd-nspawn " + (nspawn.isAlive() ? "running" : "exited "
                + nspawn.exitValue()) + "): " + Files.readString(log));
    }

    private static String readOrEmpty(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }

    /** Runs {@code argv} inside, with nothing but a PATH in its environment. */
    public Cmd run(int timeoutSeconds, String... argv) {
        return runWith(timeoutSeconds, List.of(), argv);
    }

    /** Runs {@code argv} inside, with a PATH and {@code env} ("NAME=value") in its environment. */
    public Cmd runWith(int timeoutSeconds, List<String> env, String... argv) {
        List<String> a = new ArrayList<>(List.of("nsenter", "--target", Long.toString(leader), "--all", "--", "env", "-i", PATH));
        a.addAll(env);
        a.addAll(List.of(argv));
        return Cmd.run(timeoutSeconds, a.toArray(String[]::new));
    }

    /** A file inside the container, as seen from here. */
    public Path file(String path) {
        return Path.of("/proc", Long.toString(leader), "root", path.substring(1));
    }

    /** The text of a file inside the container, if it exists. */
    public Optional<String> read(String path) {
        try {
            return Optional.of(Files.readString(file(path), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Shuts the container down (SIGTERM to systemd-nspawn: a clean poweroff), then removes its cgroups and mount point. */
    @Override
    public void close() throws Exception {
        try {
            stop(nspawn);
        } finally {
            try {
                removeCgroups(cgroups);
            } finally {
                Files.deleteIfExists(mountPoint);
            }
        }
    }

    /** True when nothing of the container remains: its processes, cgroups and mount point. */
    public boolean gone() {
        return !nspawn.isAlive() && !ProcessHandle.of(leader).isPresent() && cgroups.stream().noneMatch(Files::exists)
                && !Files.exists(mountPoint);
    }

    private static void stop(Process nspawn) throws InterruptedException {
        nspawn.destroy();
        if (!nspawn.waitFor(60, TimeUnit.SECONDS)) {
            nspawn.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Kills whatever is left in the container's cgroups (only its processes are there), then removes them. */
    private static void removeCgroups(List<Path> cgroups) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        for (Path cg : cgroups) {
            if (!Files.exists(cg)) {
                continue;
            }
            List<Path> dirs;
            try (Stream<Path> s = Files.walk(cg)) {
                dirs = s.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList();
            }
            for (Path d : dirs) {
                while (true) {
                    for (String pid : readOrEmpty(d.resolve("cgroup.procs")).lines().toList()) {
                        ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                    }
                    try {
                        Files.delete(d);
                        break;
                    } catch (IOException busy) {
                        if (System.nanoTime() > deadline) {
                            throw new IllegalStateException("cannot remove cgroup " + d + ": " + busy.getMessage(), busy);
                        }
                        Thread.sleep(20);
                    }
                }
            }
        }
    }
}
