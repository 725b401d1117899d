package io.clonevip.ocf.agentd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The credentials a process's {@code /proc/<pid>/status} shows: its real, effective, saved and
 * file-system uids and its effective capability set ({@code CapEff}, a bit per capability).
 */
record ProcStatus(List<Long> uids, long effectiveCaps) {
    /** The daemon's own. */
    static ProcStatus self() throws IOException {
        return parse(Files.readString(Path.of("/proc/self/status")));
    }

    static ProcStatus parse(String status) throws IOException {
        List<Long> uids = null;
        Long caps = null;
        for (String line : status.split("\n")) {
            String[] f = line.split("\\s+");
            try {
                if (f[0].equals("Uid:") && f.length == 5) {
                    uids = List.of(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]));
                } else if (f[0].equals("CapEff:") && f.length == 2) {
                    caps = Long.parseUnsignedLong(f[1], 16);
                }
            } catch (NumberFormatException e) {
                throw new IOException("unreadable " + f[0] + " in status");
            }
        }
        if (uids == null || caps == null) {
            throw new IOException("no Uid or CapEff in status");
        }
        return new ProcStatus(uids, caps);
    }

    /** Whether every uid is 0. */
    boolean root() {
        return uids.stream().allMatch(u -> u == 0);
    }

    /** The capabilities of {@code other} this process lacks. */
    long lacking(ProcStatus other) {
        return other.effectiveCaps & ~effectiveCaps;
    }

    static String hex(long caps) {
        return String.format("%016x", caps);
    }
}
