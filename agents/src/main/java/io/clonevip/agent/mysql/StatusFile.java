package io.clonevip.agent.mysql;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The heartbeat the shell {@code monitor} action reads without starting a JVM: written after
 * every completed check to a temporary file renamed over the status file (atomic), as lines
 * {@code key=value}: checked_at (epoch seconds), checked_at_ms, stale_after (seconds), pid,
 * checks (count since start), reader, writer, decision.
 */
public final class StatusFile {
    private final Path file;
    private final Path temp;
    private final long staleAfterSeconds;
    private final long pid = ProcessHandle.current().pid();

    public StatusFile(Path file, long staleAfterSeconds) {
        this.file = file;
        this.temp = file.resolveSibling(file.getFileName() + ".tmp");
        this.staleAfterSeconds = staleAfterSeconds;
    }

    public Path path() {
        return file;
    }

    public void write(long epochMillis, long checks, int reader, int writer, Decision decision) throws IOException {
        String text = "checked_at=" + (epochMillis / 1000) + "\nchecked_at_ms=" + epochMillis
                + "\nstale_after=" + staleAfterSeconds + "\npid=" + pid + "\nchecks=" + checks
                + "\nreader=" + reader + "\nwriter=" + writer + "\ndecision=" + decision.name() + "\n";
        Files.writeString(temp, text, StandardCharsets.US_ASCII);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    public void delete() throws IOException {
        Files.deleteIfExists(temp);
        Files.deleteIfExists(file);
    }
}
