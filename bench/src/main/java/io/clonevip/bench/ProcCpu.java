package io.clonevip.bench;

import io.clonevip.testkit.Cmd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU time from /proc: a process's own and its reaped children's (utime + stime + cutime + cstime,
 * so a checker that forks a script per check is charged for the scripts), the processes of a
 * network namespace by command name, and the machine's busy and softirq time from /proc/stat.
 * Times in milliseconds.
 */
final class ProcCpu {
    private ProcCpu() {}

    private static final double MS_PER_TICK = 1000.0 / 100; // USER_HZ is 100 on Linux

    /** utime + stime + cutime + cstime of {@code pid} in ms; 0 when it is gone. */
    static double process(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields 14-17 of stat(5); f[0] is field 3 (state)
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
            return ticks * MS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** User and system time (ms) of {@code pids}, each with its reaped children's. */
    static double[] userSys(List<Long> pids) {
        double u = 0, sys = 0;
        for (long pid : pids) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                u += (Long.parseLong(f[11]) + Long.parseLong(f[13])) * MS_PER_TICK;
                sys += (Long.parseLong(f[12]) + Long.parseLong(f[14])) * MS_PER_TICK;
            } catch (IOException | RuntimeException e) {
                // gone
            }
        }
        return new double[] {u, sys};
    }

    /** Sum of {@link #process} over {@code pids}. */
    static double processes(List<Long> pids) {
        return pids.stream().mapToDouble(ProcCpu::process).sum();
    }

    /** Host PIDs of the processes in network namespace {@code ns} whose comm is {@code comm}. */
    static List<Long> pidsIn(String ns, String comm) {
        List<Long> l = new ArrayList<>();
        for (String p : Cmd.run("ip", "netns", "pids", ns).out().split("\\s+")) {
            if (p.isBlank()) continue;
            try {
                String c = Files.readString(Path.of("/proc", p, "comm")).strip();
                if (c.equals(comm)) l.add(Long.parseLong(p));
            } catch (IOException e) {
                // gone
            }
        }
        return l;
    }

    /** The command line of {@code pid} (NULs as spaces), "" when gone. */
    static String cmdline(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    /** The machine's CPU time so far, ms, summed over CPUs. */
    record Machine(double busy, double softirq, double total) {
        static Machine now() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
                // cpu user nice system idle iowait irq softirq steal
                long user = Long.parseLong(f[1]), nice = Long.parseLong(f[2]), sys = Long.parseLong(f[3]);
                long idle = Long.parseLong(f[4]), iowait = Long.parseLong(f[5]), irq = Long.parseLong(f[6]);
                long softirq = Long.parseLong(f[7]), steal = Long.parseLong(f[8]);
                long busy = user + nice + sys + irq + softirq;
                return new Machine(busy * MS_PER_TICK, softirq * MS_PER_TICK, (busy + idle + iowait + steal) * MS_PER_TICK);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        Machine minus(Machine o) {
            return new Machine(busy - o.busy, softirq - o.softirq, total - o.total);
        }
    }
}
