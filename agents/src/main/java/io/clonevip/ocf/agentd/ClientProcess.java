package io.clonevip.ocf.agentd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The entry script that sent a request, as {@code /proc/<pid>} shows it. Its identity is
 * proven by its file descriptor 3 being the very reply pipe the daemon opened (so a pid from
 * another pid namespace, or a reused one, is never mistaken for the client); its environment
 * is what Pacemaker passed when it started the script, read from {@code environ} and never
 * copied anywhere else.
 */
final class ClientProcess {
    private final Path proc;

    ClientProcess(long pid) {
        this.proc = Path.of("/proc", Long.toString(pid));
    }

    /** Whether the process holds {@code reply} as its descriptor 3. */
    boolean holds(Fifo reply) {
        try {
            Map<String, Object> mine = Files.readAttributes(reply.procPath(), "unix:ino,dev");
            Map<String, Object> theirs = Files.readAttributes(proc.resolve("fd/3"), "unix:ino,dev");
            return mine.equals(theirs);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Whether the process runs as root. */
    boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(proc, "unix:uid"));
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the process is in the daemon's network namespace. */
    boolean sharesNetns() {
        try {
            return Files.readSymbolicLink(proc.resolve("ns/net"))
                    .equals(Files.readSymbolicLink(Path.of("/proc/self/ns/net")));
        } catch (IOException e) {
            return false;
        }
    }

    /** The environment the process was started with (NUL-separated {@code NAME=value}). */
    Map<String, String> environment() throws IOException {
        byte[] raw = Files.readAllBytes(proc.resolve("environ"));
        Map<String, String> env = new HashMap<>();
        int start = 0;
        for (int i = 0; i <= raw.length; i++) {
            if (i == raw.length || raw[i] == 0) {
                if (i > start) {
                    String entry = new String(raw, start, i - start, StandardCharsets.UTF_8);
                    int eq = entry.indexOf('=');
                    if (eq > 0) {
                        env.putIfAbsent(entry.substring(0, eq), entry.substring(eq + 1)); // getenv takes the first
                    }
                }
                start = i + 1;
            }
        }
        return env;
    }
}
