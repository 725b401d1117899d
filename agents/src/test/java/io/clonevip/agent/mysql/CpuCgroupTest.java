package io.clonevip.agent.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CgroupMounts}, {@link CpuCgroup} and {@link CgroupLocator} on a made-up /proc and cgroup tree
 * in a temporary directory: a cgroup v2 host (Debian 12), a hybrid host (the cpu controller on v1,
 * pressure and usage on v2, as on the machine the figures were measured on), quotas up the tree, the
 * root group refused, the pid file followed.
 */
class CpuCgroupTest {
    @TempDir
    Path dir;

    private Path write(String relative, String text) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private CgroupMounts v2Host() {
        return CgroupMounts.parse(List.of(
                "22 1 0:21 / /proc rw,nosuid - proc proc rw",
                "30 25 0:26 / " + dir.resolve("cg") + " rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate"));
    }

    @Test
    void mountinfoGivesTheV2AndV1CpuMountsAndUnescapesPaths() {
        CgroupMounts m = CgroupMounts.parse(List.of(
                "40 30 0:35 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu",
                "41 30 0:36 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct",
                "42 30 0:37 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory",
                "43 30 0:38 /inner /sys/fs/cgroup/uni\\040fied rw,relatime shared:9 master:2 - cgroup2 cgroup2 rw",
                "garbage line"));
        assertEquals(Path.of("/sys/fs/cgroup/cpu"), m.cpu().mountPoint());
        assertEquals(Path.of("/sys/fs/cgroup/cpuacct"), m.cpuacct().mountPoint());
        assertEquals(Path.of("/sys/fs/cgroup/uni fied"), m.unified().mountPoint());
        assertEquals(Path.of("/sys/fs/cgroup/uni fied/db"), m.unified().directory("/inner/db").orElseThrow());
        assertTrue(m.unified().directory("/other/db").isEmpty()); // not below the mounted root
        CgroupMounts both = CgroupMounts.parse(List.of("44 30 0:39 / /c rw - cgroup cgroup rw,cpu,cpuacct"));
        assertEquals(both.cpu(), both.cpuacct());
        assertNull(both.unified());
    }

    @Test
    void aV2GroupUsesItsCpuStatAndTheSmallestQuotaUpTheTree() throws Exception {
        write("cg/system.slice/cpu.max", "150000 100000\n");
        write("cg/system.slice/mariadb.service/cpu.max", "max 100000\n");
        write("cg/system.slice/mariadb.service/cpu.stat", "usage_usec 123456\nuser_usec 100000\nsystem_usec 23456\n");
        write("proc/4242/cgroup", "0::/system.slice/mariadb.service\n");
        CpuCgroup g = CpuCgroup.ofProcess(dir.resolve("proc"), 4242, v2Host(), 4);
        assertEquals(123456, g.usageMicros());
        assertEquals(1.5, g.limitCpus(), 1e-9);
        write("cg/system.slice/mariadb.service/cpu.max", "20000 100000\n");
        assertEquals(0.2, g.limitCpus(), 1e-9); // read again on every call
        write("cg/system.slice/cpu.max", "max 100000\n");
        write("cg/system.slice/mariadb.service/cpu.max", "max 100000\n");
        assertEquals(4, g.limitCpus(), 1e-9); // no quota: the host's CPUs
        assertEquals(dir.resolve("cg/system.slice/mariadb.service").toString(), g.name());
    }

    @Test
    void aHybridHostTakesTheQuotaFromV1AndTheUsageFromV2() throws Exception {
        CgroupMounts m = CgroupMounts.parse(List.of(
                "40 30 0:35 / " + dir.resolve("v1cpu") + " rw - cgroup cgroup rw,cpu",
                "41 30 0:36 / " + dir.resolve("v1acct") + " rw - cgroup cgroup rw,cpuacct",
                "45 30 0:40 / " + dir.resolve("v2") + " rw - cgroup2 cgroup2 rw"));
        write("proc/7/cgroup", "9:name=systemd:/\n2:cpuacct:/db1\n1:cpu:/db1\n0::/db1\n");
        write("v1cpu/db1/cpu.cfs_quota_us", "20000\n");
        write("v1cpu/db1/cpu.cfs_period_us", "100000\n");
        write("v1acct/db1/cpuacct.usage", "999000000\n");
        write("v2/db1/cpu.stat", "usage_usec 5000\n");
        CpuCgroup g = CpuCgroup.ofProcess(dir.resolve("proc"), 7, m, 2);
        assertEquals(5000, g.usageMicros()); // v2 first
        assertEquals(0.2, g.limitCpus(), 1e-9);
        write("v1cpu/db1/cpu.cfs_quota_us", "-1\n");
        assertEquals(2, g.limitCpus(), 1e-9);
        Files.delete(dir.resolve("v2/db1/cpu.stat"));
        CpuCgroup acct = CpuCgroup.ofProcess(dir.resolve("proc"), 7, m, 2);
        assertEquals(999000, acct.usageMicros()); // v1 cpuacct.usage is in ns
    }

    @Test
    void aProcessInTheRootGroupOrWithoutAReadableGroupIsRefusedWithTheReason() throws Exception {
        write("cg/cpu.stat", "usage_usec 1\n");
        write("proc/1/cgroup", "0::/\n");
        IOException root = assertThrows(IOException.class, () -> CpuCgroup.ofProcess(dir.resolve("proc"), 1, v2Host(), 2));
        assertTrue(root.getMessage().contains("root control group"), root.getMessage());
        write("proc/2/cgroup", "0::/gone.service\n");
        IOException none = assertThrows(IOException.class, () -> CpuCgroup.ofProcess(dir.resolve("proc"), 2, v2Host(), 2));
        assertTrue(none.getMessage().contains("no CPU usage"), none.getMessage());
    }

    @Test
    void theLocatorFollowsThePidFileAndReadsAGivenPath() throws Exception {
        Path mountinfo = write("proc/self/mountinfo",
                "30 25 0:26 / " + dir.resolve("cg") + " rw - cgroup2 cgroup2 rw\n");
        write("cg/a.service/cpu.stat", "usage_usec 10\n");
        write("cg/b.service/cpu.stat", "usage_usec 20\n");
        write("proc/100/cgroup", "0::/a.service\n");
        write("proc/200/cgroup", "0::/b.service\n");
        Path pid = write("run/mysqld.pid", "100\n");
        CgroupLocator l = CgroupLocator.of(null, pid, dir.resolve("proc"), mountinfo, 2);
        assertEquals(10, l.current().usageMicros());
        Files.writeString(pid, "200\n"); // the database restarted elsewhere
        assertEquals(20, l.current().usageMicros());
        Files.writeString(pid, "bogus\n");
        assertThrows(IOException.class, l::current);
        CgroupLocator byPath = CgroupLocator.of("/a.service", null, dir.resolve("proc"), mountinfo, 2);
        assertNotNull(byPath.current());
        assertEquals(10, byPath.current().usageMicros());
    }
}
