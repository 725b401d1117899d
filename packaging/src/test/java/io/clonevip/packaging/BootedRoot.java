package io.clonevip.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A root file system ({@link DebianRoot}) booted by systemd as PID 1 of a throw-away container:
 * {@code systemd-nspawn --boot} on an overlay whose upper layer is a tmpfs (the cached root is
 * never written), in a network namespace the caller made ({@code --network-namespace-path}, so
 * no host interface is seen or touched), with one host directory bound read-only at
 * {@code /packages}, and CAP_NET_ADMIN in its bounding set (nspawn keeps it only with a private network of
 * its own making: the agents need it for addresses and nf_tables). Mounts live in a private mount namespace and go with it; the container runs
 * in cgroups made here for it (the host needs no systemd of its own, nspawn does not register),
 * removed at {@link #close()} with whatever still runs in them. It boots multi-user.target, where
 * an installed package's enabled services start.
 */
final class BootedRoot implements AutoCloseable {
    static final String PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /** In the private mount namespace: $1 = scratch dir, $2 = lower root, $3 = machine, $4 = netns path, $5 = packages. */
    private static final String BOOT = """
            set -eu
            d=$1 lower=$2 name=$3 netns=$4 packages=$5
            for cg in $CGROUPS; do echo $$ > "$cg/cgroup.procs"; done
            mkdir -p /run/systemd
            mount -t tmpfs -o mode=755 tmpfs /run/systemd
            mount -t tmpfs -o mode=755 tmpfs "$d"
            mkdir "$d/upper" "$d/work" "$d/root"
            mount -t overlay overlay -o "lowerdir=$lower,upperdir=$d/upper,workdir=$d/work" "$d/root"
            systemd-id128 new > "$d/root/etc/machine-id"
            exec systemd-nspawn --quiet --directory="$d/root" --network-namespace-path="$netns" --register=no \\
                --capability=CAP_NET_ADMIN \\
                --keep-unit --machine="$name" --console=read-only --bind-ro="$packages:/packages" --boot \\
                -- systemd.unit=multi-user.target
            """;

    private final Process nspawn;
    private final long leader;
    private final Path scratch;
    private final List<Path> cgroups;

    private BootedRoot(Process nspawn, long leader, Path scratch, List<Path> cgroups) {
        this.nspawn = nspawn;
        this.leader = leader;
        this.scratch = scratch;
        this.cgroups = cgroups;
    }

    /** Boots {@code lower} until its systemd has started up (running or degraded) within {@code limit}; console to {@code log}. */
    static BootedRoot boot(Path lower, Path netns, Path packages, Path log, Duration limit) throws Exception {
        String name = "clonevip-pkg-" + UUID.randomUUID().toString().substring(0, 8);
        List<Path> cgroups = new ArrayList<>();
        Path scratch = Files.createTempDirectory("clonevip-pkg-root-");
        Process p = null;
        try {
            for (Path h : hierarchies()) {
                cgroups.add(Files.createDirectory(h.resolve(name)));
            }
            ProcessBuilder pb = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sh", "-c", BOOT,
                    "boot", scratch.toString(), lower.toString(), name, netns.toString(), packages.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().put("CGROUPS", String.join(" ", cgroups.stream().map(Path::toString).toList()));
            p = pb.start();
            long deadline = System.nanoTime() + limit.toNanos();
            BootedRoot b = new BootedRoot(p, leader(p, deadline, log), scratch, cgroups);
            String state = "";
            while (System.nanoTime() < deadline && p.isAlive()) {
                state = b.run(10, "systemctl", "is-system-running").out().strip();
                if (state.equals("running") || state.equals("degraded")) {
                    return b;
                }
                Thread.sleep(100);
            }
            b.close();
            throw new AssertionError("systemd not up within " + limit.toSeconds() + " s (state '" + state + "'): "
                    + Files.readString(log));
        } catch (Exception | AssertionError e) {
            if (p != null && p.isAlive()) {
                stop(p);
            }
            removeCgroups(cgroups);
            Files.deleteIfExists(scratch);
            throw e;
        }
    }

    /** The unified cgroup root, or the name=systemd and unified hierarchies of a hybrid host. */
    private static List<Path> hierarchies() {
        Path root = Path.of("/sys/fs/cgroup");
        if (Files.exists(root.resolve("cgroup.controllers"))) {
            return List.of(root);
        }
        List<Path> h = Stream.of(root.resolve("systemd"), root.resolve("unified"))
                .filter(d -> Files.exists(d.resolve("cgroup.procs"))).toList();
        if (h.isEmpty()) {
            throw new IllegalStateException("no cgroup hierarchy for systemd under " + root);
        }
        return h;
    }

    /** The container's PID 1 as seen here: the child of systemd-nspawn that runs systemd. */
    private static long leader(Process nspawn, long deadline, Path log) throws Exception {
        while (System.nanoTime() < deadline && nspawn.isAlive()) {
            var systemd = nspawn.children().filter(c -> comm(c.pid()).equals("systemd")).findFirst();
            if (systemd.isPresent()) {
                return systemd.get().pid();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no container booted: " + Files.readString(log));
    }

    private static String comm(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** Runs {@code argv} inside (all of the container's namespaces), with nothing but a PATH and a UTF-8 locale. */
    Run run(int timeoutSeconds, String... argv) {
        List<String> a = new ArrayList<>(List.of("nsenter", "--target", Long.toString(leader), "--all", "--", "env", "-i",
                PATH, "LANG=C.UTF-8", "DEBIAN_FRONTEND=noninteractive"));
        a.addAll(List.of(argv));
        return Run.of(timeoutSeconds, a);
    }

    /** Like {@link #run} and fails the test unless it exits 0; returns its stdout. */
    String ok(int timeoutSeconds, String... argv) {
        return run(timeoutSeconds, argv).assertOk().out();
    }

    /** The container's root directory as seen from here ({@code /proc/PID/root/.}: a directory, not the link). */
    Path root() {
        return Path.of("/proc", Long.toString(leader), "root", ".");
    }

    /** Shuts the container down (SIGTERM to systemd-nspawn: a clean poweroff), then removes its cgroups and scratch dir. */
    @Override
    public void close() throws Exception {
        try {
            stop(nspawn);
        } finally {
            try {
                removeCgroups(cgroups);
            } finally {
                Files.deleteIfExists(scratch);
            }
        }
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Kills what is left in the container's cgroups (only its processes), deepest first, then removes them. */
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
                    try (Stream<String> pids = Files.lines(d.resolve("cgroup.procs"))) {
                        pids.forEach(pid -> ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly));
                    } catch (IOException gone) {
                        // removed meanwhile
                    }
                    try {
                        Files.deleteIfExists(d);
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
