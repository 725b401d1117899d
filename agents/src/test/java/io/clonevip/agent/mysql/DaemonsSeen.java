package io.clonevip.agent.mysql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** The daemons a test sees in {@code /proc}, independently of the agent's own lookup. */
final class DaemonsSeen {
    private DaemonsSeen() {
    }

    /** Alive and not a zombie (the detached daemon is reaped by init, maybe later). */
    static boolean running(long pid) throws IOException {
        Path status = Path.of("/proc/" + pid + "/status");
        try {
            return Files.readAllLines(status).stream().noneMatch(l -> l.startsWith("State:") && l.contains("Z"));
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** The PIDs of MonitorDaemon processes whose environment names this test's state file. */
    static List<Long> daemonsFor(Path state) {
        String mine = "OCF_RESKEY_state=" + state + "\0";
        return ProcessHandle.allProcesses().filter(h -> {
            try {
                String cmd = Files.readString(Path.of("/proc/" + h.pid() + "/cmdline"));
                return cmd.contains("io.clonevip.agent.mysql.MonitorDaemon")
                        && (Files.readString(Path.of("/proc/" + h.pid() + "/environ")) + "\0").contains(mine);
            } catch (IOException | UncheckedIOException e) {
                return false; // gone, or not readable
            }
        }).map(ProcessHandle::pid).toList();
    }
}
