package io.clonevip.agent.mysql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the database's {@link CpuCgroup}: the v2 group named by {@code load_cgroup}, or the group
 * of the process in the {@code pid} file, found again whenever that file names another process
 * (the database was restarted). {@code proc} and {@code mountinfo} are /proc and
 * /proc/self/mountinfo but in tests. Not thread-safe.
 */
final class CgroupLocator {
    private final String path;
    private final Path pidFile;
    private final Path proc;
    private final Path mountinfo;
    private final int cpus;
    private String pid;
    private CpuCgroup found;

    private CgroupLocator(String path, Path pidFile, Path proc, Path mountinfo, int cpus) {
        this.path = path;
        this.pidFile = pidFile;
        this.proc = proc;
        this.mountinfo = mountinfo;
        this.cpus = cpus;
    }

    /** The v2 group {@code path} when not null, else the group of the pid file's process. */
    static CgroupLocator of(String path, Path pidFile, Path proc, Path mountinfo, int cpus) {
        if (path == null && pidFile == null) {
            throw new IllegalArgumentException("a cgroup path or a pid file is needed");
        }
        return new CgroupLocator(path, pidFile, proc, mountinfo, cpus);
    }

    /** This host's /proc, with as many CPUs as the JVM sees. */
    static CgroupLocator onThisHost(String path, Path pidFile) {
        return of(path, pidFile, Path.of("/proc"), Path.of("/proc/self/mountinfo"),
                Runtime.getRuntime().availableProcessors());
    }

    /** The group now; throws naming what is missing (no pid file, no process, no group of its own). */
    CpuCgroup current() throws IOException {
        if (path != null) {
            if (found == null) {
                found = CpuCgroup.ofPath(path, CgroupMounts.read(mountinfo), cpus);
            }
            return found;
        }
        String now = Files.readString(pidFile).strip();
        if (!now.matches("[1-9][0-9]{0,9}")) {
            throw new IOException("pid file " + pidFile + " holds no process id");
        }
        if (found == null || !now.equals(pid)) {
            found = null;
            found = CpuCgroup.ofProcess(proc, Long.parseLong(now), CgroupMounts.read(mountinfo), cpus);
            pid = now;
        }
        return found;
    }

    /** Forgets the group (a read failed: it may be gone). */
    void reset() {
        found = null;
    }
}
