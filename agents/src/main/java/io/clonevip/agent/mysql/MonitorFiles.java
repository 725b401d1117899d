package io.clonevip.agent.mysql;

import io.clonevip.ocf.OcfEnv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The files of one mysql_monitor instance: the heartbeat ({@code state}, default
 * {@code $HA_RSCTMP/mysql-monitor-<instance>.state} with a clone's {@code :} as {@code _}) and,
 * beside it, {@code <state>.pid} (the daemon's PID, locked while it lives), {@code <state>.log}
 * (its stderr), {@code <state>.tmp} (a heartbeat being written) and {@code <state>.republish}
 * (the level-10 monitor's request). Only files in the form the daemon writes are ever removed: a
 * misconfigured state path names somebody else's files.
 */
record MonitorFiles(Path state) {
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS_WRITE =
            Set.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    /** The instance's files; ERR_CONFIGURED for a relative state path (the daemon cannot have used it). */
    static MonitorFiles of(OcfEnv env) {
        String given = env.explicit("state").map(String::strip).orElse("");
        if (!given.isEmpty()) {
            return new MonitorFiles(MysqlMonitorConfig.absolute(env, "state", given));
        }
        String instance = env.variable("OCF_RESOURCE_INSTANCE").filter(i -> !i.isEmpty()).orElse(MysqlMonitorAgent.NAME);
        return new MonitorFiles(env.rscTmp().resolve("mysql-monitor-" + instance.replace(':', '_') + ".state"));
    }

    Path pid() {
        return sibling(".pid");
    }

    Path log() {
        return sibling(".log");
    }

    Path temp() {
        return sibling(".tmp");
    }

    Path republish() {
        return sibling(".republish");
    }

    private Path sibling(String suffix) {
        return state.resolveSibling(state.getFileName() + suffix);
    }

    /**
     * Why the state file's directory is unfit, empty when it is a real directory (no symbolic
     * link) of root or of the user running this, that neither group nor others can write: start
     * creates the daemon's files there (its log is opened for appending before the daemon runs),
     * so a directory others can write would let them plant a symbolic link or FIFO at one of
     * those names. Checked on the directory's own attributes (NIO, no link followed).
     */
    Optional<String> unfitDirectory() throws IOException {
        Path dir = state.getParent();
        PosixFileAttributes a;
        try {
            a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.of("does not exist");
        }
        int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int self = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (!a.isDirectory()) {
            return Optional.of(a.isSymbolicLink() ? "is a symbolic link" : "is not a directory");
        }
        if (owner != self && owner != 0) {
            return Optional.of("is owned by uid " + owner);
        }
        if (a.permissions().stream().anyMatch(GROUP_OR_OTHERS_WRITE::contains)) {
            return Optional.of("is writable by group or others");
        }
        return Optional.empty();
    }

    /** What a daemon of this instance leaves when it ends without its shutdown hook (the log stays). */
    void removeLeftovers() throws IOException {
        removeIf(state, Form.HEARTBEAT);
        removeIf(temp(), Form.HEARTBEAT);
        removeIf(republish(), Form.EMPTY);
        removeIf(pid(), Form.PID);
    }

    /** The forms of the daemon's files. */
    private enum Form { HEARTBEAT, PID, EMPTY }

    /** Removes {@code file} if it is a regular file (not a link) in the form the daemon writes. */
    private static void removeIf(Path file, Form form) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        String first;
        try (var lines = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            first = Optional.ofNullable(lines.readLine()).orElse("");
        }
        boolean ours = switch (form) {
            case HEARTBEAT -> first.matches("checked_at=[0-9].*");
            case PID -> first.matches("[0-9]*");
            case EMPTY -> Files.size(file) == 0;
        };
        if (ours) {
            Files.deleteIfExists(file);
        }
    }

    /** The PID in the pid file, if it holds one. */
    Optional<Long> recordedPid() {
        try {
            List<String> lines = Files.readAllLines(pid(), StandardCharsets.ISO_8859_1);
            String p = lines.isEmpty() ? "" : lines.getFirst().strip();
            return p.matches("[0-9]{1,18}") ? Optional.of(Long.parseLong(p)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
