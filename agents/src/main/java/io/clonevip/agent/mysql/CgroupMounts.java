package io.clonevip.agent.mysql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where this process sees the control-group hierarchies that carry CPU figures, read from
 * {@code /proc/self/mountinfo} (the kernel's table, one mount a line: {@code ID PARENT MAJ:MIN
 * ROOT MOUNTPOINT OPTIONS [TAGS] - FSTYPE SOURCE SUPEROPTIONS}): the cgroup v2 mount, and the v1
 * mounts whose controllers include {@code cpu} and {@code cpuacct} (a host in hybrid mode has
 * both kinds: the cpu controller on v1, pressure files on v2). The first mount of each kind counts.
 *
 * @param unified the cgroup2 mount, or null
 * @param cpu     the v1 mount with the cpu controller, or null
 * @param cpuacct the v1 mount with the cpuacct controller, or null
 */
record CgroupMounts(Mount unified, Mount cpu, Mount cpuacct) {

    /**
     * One mount of a hierarchy.
     *
     * @param root       the group of the hierarchy that is mounted ({@code /} but in a container)
     * @param mountPoint where it is mounted
     */
    record Mount(String root, Path mountPoint) {
        /** The directory of the group {@code path} (as /proc/PID/cgroup names it), if it is below this mount's root. */
        Optional<Path> directory(String path) {
            String r = root.equals("/") ? "" : root;
            if (!path.equals(r) && !path.startsWith(r + "/")) {
                return Optional.empty();
            }
            String rest = path.substring(r.length());
            return Optional.of(rest.isEmpty() || rest.equals("/") ? mountPoint : mountPoint.resolve(rest.substring(1)));
        }
    }

    static CgroupMounts read(Path mountinfo) throws IOException {
        return parse(Files.readAllLines(mountinfo));
    }

    static CgroupMounts parse(List<String> lines) {
        Mount unified = null;
        Mount cpu = null;
        Mount cpuacct = null;
        for (String line : lines) {
            String[] f = line.split(" ");
            int dash = List.of(f).indexOf("-");
            if (dash < 5 || f.length < dash + 4) {
                continue;
            }
            Mount m = new Mount(unescape(f[3]), Path.of(unescape(f[4])));
            String type = f[dash + 1];
            if (type.equals("cgroup2") && unified == null) {
                unified = m;
            } else if (type.equals("cgroup")) {
                List<String> options = List.of(f[dash + 3].split(","));
                if (options.contains("cpu") && cpu == null) {
                    cpu = m;
                }
                if (options.contains("cpuacct") && cpuacct == null) {
                    cpuacct = m;
                }
            }
        }
        return new CgroupMounts(unified, cpu, cpuacct);
    }

    /** mountinfo writes space, tab, newline and backslash in paths as octal escapes ({@code \040}). */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).chars().allMatch(d -> d >= '0' && d <= '7')) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
