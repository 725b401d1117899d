package io.clonevip.agent.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.ocf.OcfException;
import io.clonevip.ocf.OcfExitCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The credentials file is opened once ({@code O_NOFOLLOW}) and checked and read through that one
 * descriptor: symbolic links, files others can read or write, other owners and non-files are
 * refused, and a file renamed over the path between the check and the read is not what is read.
 */
class CredentialsFileTest {
    private static final String PW = "Cf-S3cret-9Kq";
    private static final String OTHER_PW = "Cf-Planted-4Zr";

    @TempDir
    Path dir;
    private Path file;

    @BeforeEach
    void privateFile() throws IOException {
        file = dir.resolve("monitor.cnf");
        write(file, "[client]\nuser=mon\npassword=" + PW + "\n", "rw-------");
    }

    private static void write(Path f, String text, String mode) throws IOException {
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
    }

    private OcfException refused(Path f, OcfExitCode exitCode, String says) {
        OcfException e = assertThrows(OcfException.class, () -> CredentialsFile.read(f));
        assertTrue(e.getMessage().startsWith("credentials_file: "), e.getMessage());
        assertEquals(exitCode, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(says), e.getMessage());
        assertFalse(e.getMessage().contains(PW) || e.getMessage().contains(OTHER_PW), e.getMessage());
        return e;
    }

    @Test
    void aPrivateFileOfRootIsRead() throws Exception {
        CredentialsFile c = CredentialsFile.read(file);
        assertEquals("mon", c.user());
        assertEquals(PW, c.password().reveal());
    }

    @Test
    void aSymbolicLinkIsRefusedEvenToAGoodFile() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("link.cnf"), file);
        refused(link, OcfExitCode.ERR_PERM, "is a symbolic link");
    }

    @Test
    void groupOrWorldWritableOrReadableIsRefused() throws Exception {
        for (String mode : new String[] {"rw--w----", "rw-----w-", "rw-rw-rw-", "rw-r-----", "rw----r--"}) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
            refused(file, OcfExitCode.ERR_PERM, "readable or writable by group or others");
        }
    }

    @Test
    void anotherOwnerIsRefused() throws Exception {
        Files.setAttribute(file, "unix:uid", 4242);
        refused(file, OcfExitCode.ERR_PERM, "owned by uid 4242");
    }

    @Test
    void notAFileIsRefusedWithoutBlocking() throws Exception {
        Path fifo = dir.resolve("fifo.cnf");
        assertEquals(0, new ProcessBuilder("mkfifo", "-m", "600", fifo.toString()).start().waitFor());
        refused(fifo, OcfExitCode.ERR_INSTALLED, "is not a regular file");
        refused(dir, OcfExitCode.ERR_INSTALLED, "is not a regular file");
        refused(dir.resolve("absent.cnf"), OcfExitCode.ERR_INSTALLED, "cannot open");
    }

    /** Between the check and the read somebody renames a world-writable file of theirs over the path. */
    @Test
    void aFileSwappedInAfterTheCheckIsNotWhatIsRead() throws Exception {
        Path planted = dir.resolve("planted.cnf");
        write(planted, "[client]\nuser=evil\npassword=" + OTHER_PW + "\n", "rw-rw-rw-");
        CredentialsFile c = CredentialsFile.read(file, () -> {
            try {
                Files.move(planted, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertTrue(Files.readString(file).contains(OTHER_PW), "the swap happened");
        assertEquals("mon", c.user());
        assertEquals(PW, c.password().reveal(), "read what was checked");
    }
}
