package io.clonevip.agent.mysql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The CPU figures of one control group, read from the kernel's cgroup files: the CPU time its
 * processes have used, and how much CPU they may use. Used: {@code usage_usec} of the v2 group's
 * {@code cpu.stat}, else the v1 {@code cpuacct.usage} (ns). May use: the smallest quota from the
 * group up to its hierarchy's root, v2 {@code cpu.max} ({@code QUOTA PERIOD} or {@code max}) and
 * v1 {@code cpu.cfs_quota_us / cpu.cfs_period_us} (-1: none), and never more than the CPUs this
 * host has. Found from a process ({@code /proc/PID/cgroup}, lines {@code 0::PATH} for v2 and
 * {@code N:CONTROLLERS:PATH} for v1) or from a v2 path. Only reads; reads the files on every call.
 */
public final class CpuCgroup {
    private final String name;
    private final Path usage;
    private final boolean usageInMicros;
    private final List<Path> v2Limits;
    private final List<Path> v1Limits;
    private final int cpus;

    CpuCgroup(String name, Path usage, boolean usageInMicros, List<Path> v2Limits, List<Path> v1Limits, int cpus) {
        this.name = name;
        this.usage = usage;
        this.usageInMicros = usageInMicros;
        this.v2Limits = List.copyOf(v2Limits);
        this.v1Limits = List.copyOf(v1Limits);
        this.cpus = cpus;
    }

    /**
     * The group of process {@code pid} as {@code proc} (the /proc of its PID namespace) shows it,
     * in the hierarchies of {@code mounts}. Fails, naming what is missing, when the process is
     * in no group of its own (the root group holds the whole host) or no hierarchy shows its usage.
     */
    static CpuCgroup ofProcess(Path proc, long pid, CgroupMounts mounts, int cpus) throws IOException {
        String v2 = null;
        String v1Cpu = null;
        String v1Acct = null;
        for (String line : Files.readAllLines(proc.resolve(pid + "/cgroup"))) {
            String[] f = line.split(":", 3);
            if (f.length < 3) {
                continue;
            }
            if (f[0].equals("0") && f[1].isEmpty()) {
                v2 = f[2];
            }
            List<String> controllers = List.of(f[1].split(","));
            if (controllers.contains("cpu")) {
                v1Cpu = f[2];
            }
            if (controllers.contains("cpuacct")) {
                v1Acct = f[2];
            }
        }
        return of("process " + pid, v2, v1Cpu, v1Acct, mounts, cpus);
    }

    /** The v2 group {@code path} (e.g. {@code /system.slice/mariadb.service}). */
    static CpuCgroup ofPath(String path, CgroupMounts mounts, int cpus) throws IOException {
        return of(path, path, null, null, mounts, cpus);
    }

    private static CpuCgroup of(String what, String v2, String v1Cpu, String v1Acct, CgroupMounts mounts, int cpus)
            throws IOException {
        Path v2Dir = v2 == null || mounts.unified() == null ? null : mounts.unified().directory(v2).orElse(null);
        Path cpuDir = v1Cpu == null || mounts.cpu() == null ? null : mounts.cpu().directory(v1Cpu).orElse(null);
        Path acctDir = v1Acct == null || mounts.cpuacct() == null ? null : mounts.cpuacct().directory(v1Acct).orElse(null);
        boolean v2Own = v2Dir != null && !v2Dir.equals(mounts.unified().mountPoint());
        Path usage;
        boolean micros;
        if (v2Own && Files.isRegularFile(v2Dir.resolve("cpu.stat"))) {
            usage = v2Dir.resolve("cpu.stat");
            micros = true;
        } else if (acctDir != null && !acctDir.equals(mounts.cpuacct().mountPoint())
                && Files.isRegularFile(acctDir.resolve("cpuacct.usage"))) {
            usage = acctDir.resolve("cpuacct.usage");
            micros = false;
        } else if (v2Dir != null && !v2Own) {
            throw new IOException(what + " is in the root control group, which holds the whole host: "
                    + "run the database in a group of its own (a systemd service has one)");
        } else {
            throw new IOException("no CPU usage of " + what + "'s control group: neither a cgroup v2 cpu.stat nor a v1 "
                    + "cpuacct.usage is mounted where this process can read it");
        }
        List<Path> v2Limits = v2Own ? upTo(v2Dir, mounts.unified().mountPoint()) : List.of();
        List<Path> v1Limits = cpuDir != null ? upTo(cpuDir, mounts.cpu().mountPoint()) : List.of();
        return new CpuCgroup(v2Own ? v2Dir.toString() : usage.getParent().toString(), usage, micros, v2Limits, v1Limits,
                cpus);
    }

    /** {@code dir} and its parents up to (without) {@code root}: where a quota can limit the group. */
    private static List<Path> upTo(Path dir, Path root) {
        List<Path> dirs = new ArrayList<>();
        for (Path d = dir; d != null && !d.equals(root) && d.startsWith(root); d = d.getParent()) {
            dirs.add(d);
        }
        return dirs;
    }

    /** The group's directory (for log lines). */
    public String name() {
        return name;
    }

    /** CPU time used by the group's processes since it was made, in microseconds. */
    public long usageMicros() throws IOException {
        if (!usageInMicros) {
            return Long.parseLong(Files.readString(usage).strip()) / 1000;
        }
        for (String line : Files.readAllLines(usage)) {
            if (line.startsWith("usage_usec ")) {
                return Long.parseLong(line.substring("usage_usec ".length()).strip());
            }
        }
        throw new IOException(usage + " has no usage_usec");
    }

    /** The CPUs the group may use now: the smallest quota on its way to the root, at most the host's CPUs. */
    public double limitCpus() throws IOException {
        double limit = cpus;
        for (Path d : v2Limits) {
            String[] max = readIfPresent(d.resolve("cpu.max"));
            if (max != null && max.length == 2 && !max[0].equals("max")) {
                limit = Math.min(limit, Double.parseDouble(max[0]) / Double.parseDouble(max[1]));
            }
        }
        for (Path d : v1Limits) {
            String[] quota = readIfPresent(d.resolve("cpu.cfs_quota_us"));
            String[] period = readIfPresent(d.resolve("cpu.cfs_period_us"));
            if (quota != null && period != null && !quota[0].startsWith("-")) {
                limit = Math.min(limit, Double.parseDouble(quota[0]) / Double.parseDouble(period[0]));
            }
        }
        return limit;
    }

    private static String[] readIfPresent(Path file) throws IOException {
        try {
            return Files.readString(file).strip().split("\\s+");
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
