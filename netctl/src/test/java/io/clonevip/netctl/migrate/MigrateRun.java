package io.clonevip.netctl.migrate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The migrate tests' files: fixtures, copies, listings (netctl itself runs through {@code io.clonevip.netctl.Cli}). */
final class MigrateRun {
    static final Path FIXTURES = Path.of("src/test/resources/migrate");

    private MigrateRun() {
    }

    static String fixture(String name) {
        return FIXTURES.resolve(name).toString();
    }

    /** Copies a fixture into dir and returns the copy. */
    static Path copy(String name, Path dir) {
        try {
            return Files.copy(FIXTURES.resolve(name), dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names in dir, sorted. */
    static java.util.List<String> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
