package io.clonevip.netctl.migrate;

import io.clonevip.netctl.Netctl;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import picocli.CommandLine;

/** Runs netctl in-process with captured output, and handles the tests' files. */
record MigrateRun(int exit, String out, String err) {
    static final Path FIXTURES = Path.of("src/test/resources/migrate");

    static MigrateRun run(String... args) {
        CommandLine cl = Netctl.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new MigrateRun(code, out.toString(), err.toString());
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
