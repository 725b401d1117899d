package io.clonevip.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The documentation's links hold: every relative link (and image) in README.md and docs/**.md
 * names a file that exists, and its {@code #anchor} a heading of that file (GitHub's slugs);
 * every {@code docs/….md} path named in the repository's sources, scripts and docs exists.
 * Lives here because this module writes docs too (BenchReport); it reads files only.
 */
class DocLinksTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** {@code [text](target)} and {@code ![alt](target)}; the target up to a space or ')'. */
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    /** A path below docs/ ending in .md, named in prose or code. */
    private static final Pattern DOCS_PATH = Pattern.compile("(?<![\\w./-])docs/[A-Za-z0-9_./-]*[A-Za-z0-9_-]\\.md\\b");
    private static final Set<String> SOURCE_ENDINGS = Set.of(".md", ".java", ".sh", ".in", ".py", ".xml", ".list",
            ".csv", ".txt", "Makefile");

    @Test
    void everyRelativeLinkInTheDocsResolves() throws IOException {
        assertTrue(Files.isDirectory(ROOT.resolve("docs")) && Files.exists(ROOT.resolve("README.md")), "no repository at " + ROOT);
        List<String> broken = new ArrayList<>();
        for (Path md : markdown()) {
            for (String target : links(Files.readString(md))) {
                String problem = check(md, target);
                if (problem != null) broken.add(ROOT.relativize(md) + ": (" + target + ") " + problem);
            }
        }
        assertEquals(List.of(), broken, "broken links");
    }

    @Test
    void everyDocsPathNamedInTheRepositoryExists() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Path f : sources()) {
            Matcher m = DOCS_PATH.matcher(Files.readString(f));
            while (m.find()) {
                if (!Files.exists(ROOT.resolve(m.group()))) missing.add(ROOT.relativize(f) + ": " + m.group());
            }
        }
        assertEquals(List.of(), missing, "docs paths that do not exist");
    }

    @Test
    void findsWhatItMustFind() {
        assertEquals(List.of("a.md", "b/c.svg", "d.md#x"), links("[a](a.md) ![i](b/c.svg \"t\") `[no](n.md)`\n"
                + "```\n[no](n.md)\n```\n[d](d.md#x) [w](https://example.org/x.md)"));
        assertEquals(Set.of("a-node-that-has-just-joined-not_defined-in-the--inf-rule", "tests", "tests-1"),
                anchors("## A node that has just joined: `not_defined` in the `-inf` rule\n## Tests\n```\n# no\n```\n### Tests\n"));
    }

    private static List<Path> markdown() throws IOException {
        List<Path> l = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> s = Files.walk(ROOT.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(l::add);
        }
        return l;
    }

    /** The repository's text sources, without build output ({@code target}) and hidden directories. */
    private static List<Path> sources() throws IOException {
        List<Path> out = new ArrayList<>();
        Files.walkFileTree(ROOT, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String name = dir.getFileName().toString();
                boolean skip = !dir.equals(ROOT) && (name.equals("target") || name.startsWith("."));
                return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String name = file.getFileName().toString();
                if (attrs.isRegularFile() && SOURCE_ENDINGS.stream().anyMatch(name::endsWith)) out.add(file);
                return FileVisitResult.CONTINUE;
            }
        });
        return out;
    }

    /** Relative link targets outside code blocks and code spans. */
    static List<String> links(String markdown) {
        List<String> out = new ArrayList<>();
        for (String line : prose(markdown)) {
            Matcher m = LINK.matcher(line.replaceAll("`[^`]*`", ""));
            while (m.find()) {
                String t = m.group(1);
                if (!t.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.*")) out.add(t);
            }
        }
        return out;
    }

    /** The lines outside fenced code blocks. */
    private static List<String> prose(String markdown) {
        List<String> out = new ArrayList<>();
        boolean fenced = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.stripLeading().startsWith("```")) fenced = !fenced;
            else if (!fenced) out.add(line);
        }
        return out;
    }

    /** GitHub's heading anchors: lower case, only letters, digits, '_', '-' and spaces kept, spaces as '-'; repeats get -1, -2, .... */
    static Set<String> anchors(String markdown) {
        Set<String> out = new HashSet<>();
        for (String line : prose(markdown)) {
            if (!line.matches("#{1,6} .*")) continue;
            String slug = line.replaceFirst("#+ ", "").strip().toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N}_ -]", "").replace(' ', '-');
            String s = slug;
            for (int n = 1; !out.add(s); n++) s = slug + "-" + n;
        }
        return out;
    }

    /** Null when {@code target}, a link in {@code from}, resolves; else what is wrong. */
    private static String check(Path from, String target) {
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path to = file.isEmpty() ? from : from.getParent().resolve(file).normalize();
        if (!to.startsWith(ROOT)) return "points outside the repository";
        if (!Files.exists(to)) return "no such file";
        if (hash < 0 || !to.toString().endsWith(".md")) return null;
        try {
            return anchors(Files.readString(to)).contains(target.substring(hash + 1)) ? null : "no such heading";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
