package io.clonevip.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of this repository (lab scripts), found above the working directory: the module or the repository root. */
public final class Repo {

    private Repo() {
    }

    /** {@code relative} in the nearest directory above the working directory that has it. */
    public static Path file(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
    }

    /** As {@link #file(String)}, unless system property {@code override} names the file. */
    public static Path file(String relative, String override) {
        String path = System.getProperty(override);
        return path != null ? Path.of(path).toAbsolutePath() : file(relative);
    }
}
