package io.clonevip.lab.e2e;

import io.clonevip.lab.net.LabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The load run's control groups (docs/measurements/load-e2e.md). Every Galera member's mariadbd gets a
 * group of its own, {@code cvl-<lab id>-n<N>}, as a systemd host gives mariadb.service one; node
 * N's mysql_monitor finds it through {@code /proc/<pid>/cgroup}. A node's {@code /sys} is its
 * network namespace's own sysfs (ip netns exec), without the cgroup mounts: they are mounted
 * inside each node's private mount namespace (the host's hierarchies, seen again). The squeeze is
 * the group's CPU quota: cgroup v2 {@code cpu.max} where the v2 hierarchy has the cpu controller,
 * else (a hybrid host, like the one measured) the v1 {@code cpu.cfs_quota_us}. {@link #close()}
 * lifts the quotas, moves the members back to the root groups and removes the groups.
 */
final class CpuSqueeze implements AutoCloseable {
    private static final Path ROOT = Path.of("/sys/fs/cgroup");
    private static final long PERIOD_US = 100_000;

    private final E2eLab lab;
    private final boolean pureV2;
    private final String prefix;
    private final List<Integer> nodes = new ArrayList<>();

    CpuSqueeze(E2eLab lab) throws IOException {
        this.lab = lab;
        Path controllers = ROOT.resolve("cgroup.controllers");
        this.pureV2 = Files.exists(controllers) && List.of(Files.readString(controllers).strip().split(" ")).contains("cpu");
        this.prefix = "cvl-" + lab.id() + "-n";
    }

    /** The v2 directory the usage is read from (host view). */
    private Path v2(int n) {
        return (pureV2 ? ROOT : ROOT.resolve("unified")).resolve(prefix + n);
    }

    /** The directory of the quota (host view). */
    private Path quota(int n) {
        return pureV2 ? v2(n) : ROOT.resolve("cpu").resolve(prefix + n);
    }

    /** Mounts the hierarchies inside node n and moves its member into its group. */
    void adopt(int n) throws IOException {
        String mounts = pureV2
                ? "mountpoint -q /sys/fs/cgroup || mount -t cgroup2 cgroup2 /sys/fs/cgroup"
                : "mountpoint -q /sys/fs/cgroup/unified || { mount -t tmpfs -o mode=755 cgroup /sys/fs/cgroup"
                        + " && mkdir -p /sys/fs/cgroup/unified /sys/fs/cgroup/cpu"
                        + " && mount -t cgroup2 cgroup2 /sys/fs/cgroup/unified && mount -t cgroup -o cpu cgroup /sys/fs/cgroup/cpu; }";
        lab.execOk(n, "sh", "-c", mounts);
        Files.createDirectories(v2(n));
        Files.createDirectories(quota(n));
        nodes.add(n);
        String inNode = "/sys/fs/cgroup/" + (pureV2 ? "" : "unified/") + prefix + n;
        String move = "p=$(cat /run/mysqld/mysqld.pid) && echo $p > " + inNode + "/cgroup.procs"
                + (pureV2 ? "" : " && echo $p > /sys/fs/cgroup/cpu/" + prefix + n + "/cgroup.procs");
        lab.execOk(n, "sh", "-c", move);
        if (Files.readString(v2(n).resolve("cgroup.procs")).isBlank()) {
            throw new LabException("node" + n + "'s mariadbd is not in " + v2(n));
        }
    }

    /** Limits node n's member to {@code cpus} CPUs (0.2 = 20 % of one). */
    void squeeze(int n, double cpus) throws IOException {
        long q = Math.round(cpus * PERIOD_US);
        if (pureV2) {
            Files.writeString(quota(n).resolve("cpu.max"), q + " " + PERIOD_US);
        } else {
            Files.writeString(quota(n).resolve("cpu.cfs_period_us"), Long.toString(PERIOD_US));
            Files.writeString(quota(n).resolve("cpu.cfs_quota_us"), Long.toString(q));
        }
    }

    /** Lifts node n's quota. */
    void release(int n) throws IOException {
        if (pureV2) {
            Files.writeString(quota(n).resolve("cpu.max"), "max " + PERIOD_US);
        } else {
            Files.writeString(quota(n).resolve("cpu.cfs_quota_us"), "-1");
        }
    }

    /** The quota as the kernel shows it (for the run's log). */
    String shown(int n) throws IOException {
        return pureV2 ? Files.readString(quota(n).resolve("cpu.max")).strip()
                : String.format(Locale.ROOT, "cfs_quota_us %s, cfs_period_us %s",
                        Files.readString(quota(n).resolve("cpu.cfs_quota_us")).strip(),
                        Files.readString(quota(n).resolve("cpu.cfs_period_us")).strip());
    }

    @Override
    public void close() {
        for (int n : nodes) {
            try {
                release(n);
                // back to the root groups, from inside the node (its PIDs), then the empty groups go
                String back = "for p in $(cat /sys/fs/cgroup/" + (pureV2 ? "" : "unified/") + prefix + n + "/cgroup.procs); do "
                        + "echo $p > /sys/fs/cgroup/" + (pureV2 ? "" : "unified/") + "cgroup.procs; "
                        + (pureV2 ? "" : "echo $p > /sys/fs/cgroup/cpu/cgroup.procs; ") + "done";
                lab.exec(n, "sh", "-c", back);
            } catch (IOException | RuntimeException e) {
                System.err.println("load run: node" + n + "'s group: " + e.getMessage());
            }
        }
        for (int n : nodes) {
            for (Path d : pureV2 ? List.of(v2(n)) : List.of(v2(n), quota(n))) {
                try {
                    Files.deleteIfExists(d);
                } catch (IOException e) {
                    System.err.println("load run: cannot remove " + d + ": " + e.getMessage());
                }
            }
        }
    }
}
