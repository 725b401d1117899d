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
 * checks (count since start), reader, writer (the values last written to attrd, -1 when that
 * write failed), decision, and for the level-10 monitor: want_reader, want_writer (the values the
 * decision asks for), reader_attribute, writer_attribute (the names) and republished (how many
 * republish requests were served).
 *
 * <p>Beside it, {@code <state>.republish} is the level-10 monitor's request: when it exists at
 * the start of a check the daemon deletes it and writes both attributes again in that check.
 */
public final class StatusFile {
    private final Path file;
    private final Path temp;
    private final Path republish;
    private final long staleAfterSeconds;
    private final long pid = ProcessHandle.current().pid();
    private final String names;

    public StatusFile(Path file, long staleAfterSeconds, String readerAttribute, String writerAttribute) {
        this.file = file;
        this.temp = file.resolveSibling(file.getFileName() + ".tmp");
        this.republish = republishRequest(file);
        this.staleAfterSeconds = staleAfterSeconds;
        this.names = "\nreader_attribute=" + readerAttribute + "\nwriter_attribute=" + writerAttribute;
    }

    /** The request file of the level-10 monitor beside {@code stateFile}. */
    static Path republishRequest(Path stateFile) {
        return stateFile.resolveSibling(stateFile.getFileName() + ".republish");
    }

    public Path path() {
        return file;
    }

    /** One heartbeat: what was written (reader, writer; -1 = write failed) and what is wanted. */
    public void write(long epochMillis, long checks, AttributePublisher published, long republished, Decision decision)
            throws IOException {
        String text = "checked_at=" + (epochMillis / 1000) + "\nchecked_at_ms=" + epochMillis
                + "\nstale_after=" + staleAfterSeconds + "\npid=" + pid + "\nchecks=" + checks
                + "\nreader=" + published.reader() + "\nwriter=" + published.writer() + "\ndecision=" + decision.name()
                + "\nwant_reader=" + published.wantedReader() + "\nwant_writer=" + published.wantedWriter()
                + names + "\nrepublished=" + republished + "\n";
        Files.writeString(temp, text, StandardCharsets.US_ASCII);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * True once per request of the level-10 monitor (the request file existed and is now
     * deleted). Costs one file-existence system call per check when there is none.
     */
    public boolean takeRepublishRequest() {
        if (!Files.exists(republish)) {
            return false;
        }
        try {
            return Files.deleteIfExists(republish);
        } catch (IOException e) {
            return false; // cannot delete: ignore rather than republish on every check
        }
    }

    public void delete() throws IOException {
        Files.deleteIfExists(temp);
        Files.deleteIfExists(republish);
        Files.deleteIfExists(file);
    }
}
