package io.clonevip.lab.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The clonevip-agentd processes e2e-lab.sh recorded as running ({@code node<n>.pid} and
 * {@code node<n>.start} in its agentd directory), as "hostpid starttime", so that the lab's
 * teardown check can tell whether exactly those processes are still alive.
 */
record AgentdProcesses(List<String> recorded) {

    /** What the lab recorded for nodes 1..{@code nodes} (none for a node whose agentd is off or crashed). */
    static AgentdProcesses recorded(Path dir, int nodes) {
        List<String> found = new ArrayList<>();
        for (int n = 1; n <= nodes; n++) {
            try {
                found.add(Files.readString(dir.resolve("node" + n + ".pid")).strip() + " "
                        + Files.readString(dir.resolve("node" + n + ".start")).strip());
            } catch (IOException e) {
                // none recorded for that node (off, or crashed and not booted)
            }
        }
        return new AgentdProcesses(List.copyOf(found));
    }

    /** The recorded processes still running. */
    List<String> running() {
        return recorded.stream().filter(AgentdProcesses::stillRunning).toList();
    }

    /** Whether "pid starttime" is still that process (a reused PID has another start time). */
    private static boolean stillRunning(String pidAndStart) {
        String[] f = pidAndStart.split(" ");
        try {
            String stat = Files.readString(Path.of("/proc", f[0], "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return fields.length > 19 && fields[19].equals(f[1]); // field 22 counted from 1 (pid, comm, state...)
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return false;
        }
    }
}
