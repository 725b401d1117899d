package io.clonevip.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.testkit.Cmd;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The repository names no path of one particular machine: no tracked file mentions a path under
 * the home directories or a build machine's work area. Copies of outside material are taken as
 * arguments by the scripts that need them, which name the public repository to get them from.
 * Lives in the first module of the build, so every build runs it; it reads the files git tracks.
 */
class MachinePathsTest {
    /** An absolute path starting there (not a part of a longer path such as /proc/PID/root/...). */
    static final Pattern MACHINE_PATH = Pattern.compile("(?<![\\w.$}\\])/-])/(work|root|home)/");

    @Test
    void noTrackedFileNamesAPathOfOneMachine() throws IOException {
        Path top = Path.of(Cmd.ok("git", "rev-parse", "--show-toplevel").strip());
        List<String> files = List.of(Cmd.ok("git", "-C", top.toString(), "ls-files", "-z").split("\0"));
        assertTrue(files.size() > 100, "git ls-files listed " + files.size() + " files");
        List<String> found = new ArrayList<>();
        for (String f : files) {
            Path p = top.resolve(f);
            if (!Files.isRegularFile(p)) continue; // deleted in the work tree, or a symbolic link
            byte[] bytes = Files.readAllBytes(p);
            if (indexOfNul(bytes) >= 0) continue; // binary
            String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                Matcher m = MACHINE_PATH.matcher(lines[i]);
                if (m.find()) found.add(f + ":" + (i + 1) + ": " + lines[i].strip());
            }
        }
        assertEquals(List.of(), found, "paths of one machine; take them as arguments instead");
    }

    @Test
    void thePatternFindsPathsNotPartsOfPaths() {
        // spelled in pieces, so that this file does not name such a path itself
        String work = "/wo" + "rk/", root = "/ro" + "ot/", home = "/ho" + "me/";
        for (String hit : List.of("cd " + work + "x", "PATH=" + home + "u/bin", "\"" + root + "a\"", "(" + root + "b)",
                "`" + work + "c`")) {
            assertTrue(MACHINE_PATH.matcher(hit).find(), hit);
        }
        for (String miss : List.of("/proc/$pid" + root + "run", "\"$d" + root + "etc\"", "." + work + "x", "HOME=/root ",
                "a" + home + "b", "/newroot/usr", "${dir}" + work + "x")) {
            assertTrue(!MACHINE_PATH.matcher(miss).find(), miss);
        }
    }

    private static int indexOfNul(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) if (bytes[i] == 0) return i;
        return -1;
    }
}
