package io.clonevip.testkit.docker;

import io.clonevip.testkit.Cmd;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A Docker engine of a test's own: Debian's {@code dockerd} (package docker.io) started here, in a
 * network namespace made for it ({@code ip netns add}, entered with {@code nsenter --net=}: not
 * {@code ip netns exec}, which would also give it a mount namespace of its own, with /sys
 * remounted, where its mounts are out of this teardown's sight), with no
 * bridge and no iptables rules ({@code --bridge=none --iptables=false --ip6tables=false}), so that
 * no host interface or firewall table is touched; containers get {@code --network none}. Its data
 * root, exec root, socket, pid file, log and an empty config file (the host's
 * /etc/docker/daemon.json is not read) all live in one temporary directory; it runs its own
 * containerd under that exec root. {@link #close()} stops it by its PID (SIGTERM: it stops its
 * containers and its containerd; what is left of its processes is killed by PID), deletes its
 * namespace, unmounts whatever is still mounted under its directory and removes the directory.
 * Clients reach it at {@link #host()}: the docker CLI through {@link #docker}, Testcontainers
 * with {@code DOCKER_HOST} set to it.
 */
public final class PrivateDockerd implements AutoCloseable {
    /** Debian's client (docker.io), not whatever else a PATH finds first. */
    public static final String DOCKER = "/usr/bin/docker";

    private final Path dir;
    private final String netns;
    private final Process dockerd;
    private final boolean hadContainerdRunDir;

    private PrivateDockerd(Path dir, String netns, Process dockerd, boolean hadContainerdRunDir) {
        this.dir = dir;
        this.netns = netns;
        this.dockerd = dockerd;
        this.hadContainerdRunDir = hadContainerdRunDir;
    }

    /** Starts the engine and waits (up to {@code limit}) until it answers on its socket. */
    public static PrivateDockerd start(Duration limit) throws Exception {
        Path dir = Files.createTempDirectory("clonevip-dockerd-");
        String ns = "cvdock-" + UUID.randomUUID().toString().substring(0, 8);
        boolean hadContainerdRunDir = Files.exists(Path.of("/run/containerd"));
        Process p = null;
        boolean nsMade = false;
        try {
            Files.writeString(dir.resolve("daemon.json"), "{}\n");
            Cmd.ok(10, "ip", "netns", "add", ns);
            nsMade = true;
            Cmd.ok(10, "ip", "-n", ns, "link", "set", "lo", "up");
            p = new ProcessBuilder("nsenter", "--net=/run/netns/" + ns, "dockerd",
                    "--config-file", dir.resolve("daemon.json").toString(),
                    "--bridge=none", "--iptables=false", "--ip6tables=false",
                    "--data-root", dir.resolve("data").toString(), "--exec-root", dir.resolve("exec").toString(),
                    "--host", "unix://" + dir.resolve("docker.sock"), "--pidfile", dir.resolve("dockerd.pid").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("dockerd.log").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start(); // nsenter execs dockerd: this pid is the engine's
            PrivateDockerd d = new PrivateDockerd(dir, ns, p, hadContainerdRunDir);
            long deadline = System.nanoTime() + limit.toNanos();
            Cmd last = null;
            while (System.nanoTime() < deadline && p.isAlive()) {
                if (Files.exists(dir.resolve("docker.sock"))) {
                    last = d.docker(10, "version", "--format", "{{.Server.Version}}");
                    if (last.exit() == 0) {
                        return d;
                    }
                }
                Thread.sleep(50);
            }
            d.close();
            p = null;
            throw new IllegalStateException("dockerd not answering within " + limit.toSeconds() + " s (" + last + "): "
                    + readOrEmpty(dir.resolve("dockerd.log")));
        } catch (Exception | Error e) {
            if (p != null) {
                new PrivateDockerd(dir, nsMade ? ns : null, p, hadContainerdRunDir).close();
            } else if (Files.exists(dir)) {
                if (nsMade) {
                    Cmd.run(10, "ip", "netns", "del", ns);
                }
                Cmd.run(60, "rm", "-rf", dir.toString());
            }
            throw e;
        }
    }

    /** The engine's address for clients: {@code unix:///tmp/clonevip-dockerd-.../docker.sock}. */
    public String host() {
        return "unix://" + dir.resolve("docker.sock");
    }

    /** The engine's PID (dockerd). */
    public long pid() {
        return dockerd.pid();
    }

    /** The engine's output so far. */
    public String log() {
        return readOrEmpty(dir.resolve("dockerd.log"));
    }

    /** Runs Debian's docker CLI against this engine: {@code docker -H HOST args...}. */
    public Cmd docker(int timeoutSeconds, String... args) {
        List<String> a = new ArrayList<>(List.of(DOCKER, "-H", host()));
        a.addAll(List.of(args));
        return Cmd.run(timeoutSeconds, a.toArray(String[]::new));
    }

    /**
     * Makes an image named {@code name} of the root file system under {@code root} ({@code tar} of
     * it, numeric owners, piped into {@code docker import}); returns the image's id.
     */
    public String importRoot(Path root, String name, int timeoutSeconds) {
        return Cmd.run(Duration.ofSeconds(timeoutSeconds), List.of("bash", "-c",
                "set -euo pipefail; tar -C \"$1\" --numeric-owner -cf - . | \"$2\" -H \"$3\" import - \"$4\"",
                "import", root.toString(), DOCKER, host(), name)).assertOk().out().strip();
    }

    /**
     * Stops the engine by its PID (SIGTERM, then SIGKILL after 60 s, and SIGKILL to any process of
     * it left, by PID), deletes its namespace, unmounts what is left under its directory (the
     * containers' namespaces and overlays) and removes the directory.
     */
    @Override
    public void close() throws Exception {
        List<ProcessHandle> started = dockerd.descendants().toList(); // its containerd and the shims
        try {
            dockerd.destroy();
            if (!dockerd.waitFor(60, TimeUnit.SECONDS)) {
                dockerd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            for (ProcessHandle h : started) {
                if (h.isAlive()) {
                    h.destroy();
                    h.onExit().get(10, TimeUnit.SECONDS);
                }
            }
        } catch (Exception e) {
            started.forEach(ProcessHandle::destroyForcibly);
            dockerd.destroyForcibly();
        } finally {
            try {
                if (netns != null) {
                    Cmd.run(10, "ip", "netns", "del", netns);
                }
            } finally {
                try {
                    unmountUnder(dir);
                } finally {
                    Cmd.ok(120, "rm", "-rf", "--one-file-system", dir.toString());
                    if (!hadContainerdRunDir) {
                        // the shims' socket directory (/run/containerd/s), made by this engine's containerd
                        try {
                            Files.deleteIfExists(Path.of("/run/containerd/s"));
                            Files.deleteIfExists(Path.of("/run/containerd"));
                        } catch (IOException notEmpty) {
                            // another containerd's: left as it is
                        }
                    }
                }
            }
        }
    }

    /** True when nothing of the engine remains: its process, namespace, mounts and directory. */
    public boolean gone() {
        return !dockerd.isAlive() && !Files.exists(Path.of("/run/netns", netns)) && mountsUnder(dir).isEmpty()
                && !Files.exists(dir);
    }

    private static void unmountUnder(Path dir) {
        for (String m : mountsUnder(dir)) {
            if (Cmd.run(30, "umount", m).exit() != 0) {
                Cmd.run(30, "umount", "-l", m);
            }
        }
    }

    /** Mount points at or below {@code dir} in this mount namespace, deepest first. */
    private static List<String> mountsUnder(Path dir) {
        String d = dir.toString();
        List<String> points = new ArrayList<>();
        for (String line : readOrEmpty(Path.of("/proc/self/mountinfo")).lines().toList()) {
            String p = line.split(" ")[4].replace("\\040", " ");
            if (p.equals(d) || p.startsWith(d + "/")) {
                points.add(p);
            }
        }
        points.sort(Comparator.comparingInt(String::length).reversed());
        return points;
    }

    private static String readOrEmpty(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }
}
