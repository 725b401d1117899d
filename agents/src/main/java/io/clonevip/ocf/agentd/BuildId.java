package io.clonevip.ocf.agentd;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * What identifies an installation's code: the first 32 hex digits of the SHA-256 of every
 * {@code <libdir>/lib/*.jar}, concatenated in byte order of their names. scripts/install.sh
 * runs {@link #main} ({@code java io.clonevip.ocf.agentd.BuildId <libdir>}) and renders what it
 * prints into the entry scripts; a client only talks to a daemon that runs the jars it was
 * installed with.
 */
public final class BuildId {
    static final int LENGTH = 32;

    private BuildId() {
    }

    /** Prints the build id of the installation at {@code args[0]}; exit status 1 with a reason when it has none. */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: BuildId <libdir>");
            System.exit(2);
        }
        try {
            System.out.println(of(Path.of(args[0])));
        } catch (IOException e) {
            System.err.println("BuildId: " + e.getMessage());
            System.exit(1);
        }
    }

    static String of(Path libDir) throws IOException {
        List<Path> jars;
        try (Stream<Path> all = Files.list(libDir.resolve("lib"))) {
            jars = all.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
        }
        if (jars.isEmpty()) {
            throw new IOException("no jars in " + libDir.resolve("lib"));
        }
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 16];
        for (Path jar : jars) {
            try (InputStream in = Files.newInputStream(jar)) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    sha.update(buf, 0, n);
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest()).substring(0, LENGTH);
    }
}
