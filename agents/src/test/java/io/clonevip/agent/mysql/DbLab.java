package io.clonevip.agent.mysql;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs one of the project's lab scripts ({@code lab/db/*.sh}) for one test run: its own
 * directory under /tmp, its own block of 40 free loopback ports, a random monitor password.
 * {@link #close()} SIGKILLs exactly the servers this lab started (by their recorded PIDs) and
 * deletes the run directory. Templates are cached in {@code agents/target/db-templates}.
 */
abstract class DbLab implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Path script;
    private final Path runDir;
    private final int basePort;
    private final String password;
    private final Map<String, String> extraEnv;
    private final StringBuilder transcript = new StringBuilder();

    DbLab(String scriptName, String prefix, Map<String, String> extraEnv) throws IOException {
        this.script = labDir().resolve(scriptName);
        this.runDir = Files.createTempDirectory(prefix + ProcessHandle.current().pid() + "-");
        this.basePort = freePortBlock();
        this.password = "pw-" + HexFormat.of().formatHex(RANDOM.generateSeed(8));
        this.extraEnv = extraEnv;
    }

    static Path labDir() {
        Path p = Path.of("").toAbsolutePath();
        for (Path d = p; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("lab/db/lib.sh"))) {
                return d.resolve("lab/db");
            }
        }
        throw new IllegalStateException("lab/db not found above " + p);
    }

    /** The monitor accounts' password of this run (a secret: must never show up in logs). */
    String monitorPassword() {
        return password;
    }

    Path runDir() {
        return runDir;
    }

    int basePort() {
        return basePort;
    }

    /** Everything the lab scripts printed so far (for the no-secret check and for failures). */
    synchronized String transcript() {
        return transcript.toString();
    }

    /** Runs the script with {@code args}; stdin text optional; returns stdout; throws on failure. */
    String runWithInput(String stdin, String... args) throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add(script.toString());
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("RUN_DIR", runDir.toString());
        env.put("BASE_PORT", Integer.toString(basePort));
        env.put("TEMPLATE_DIR", templateDir().toString());
        env.put("LAB_MONITOR_PASSWORD", password);
        env.putAll(extraEnv);
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(script.getFileName() + " " + String.join(" ", args) + " timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        synchronized (this) {
            transcript.append("$ ").append(script.getFileName()).append(' ').append(String.join(" ", args)).append('\n').append(out);
        }
        if (p.exitValue() != 0) {
            throw new IOException(script.getFileName() + " " + String.join(" ", args) + " exited " + p.exitValue() + ":\n" + out);
        }
        return out.strip();
    }

    String run(String... args) throws IOException {
        return runWithInput(null, args);
    }

    String sql(int node, String sql) throws IOException {
        return runWithInput(sql, "sql", Integer.toString(node));
    }

    int port(int node) throws IOException {
        return Integer.parseInt(run("port", Integer.toString(node)));
    }

    long pid(int node) throws IOException {
        return Long.parseLong(run("pid", Integer.toString(node)));
    }

    Path socket(int node) throws IOException {
        return Path.of(run("sock", Integer.toString(node)));
    }

    @Override
    public void close() throws IOException {
        try {
            run("kill");
        } finally {
            try (Stream<Path> s = Files.walk(runDir)) {
                s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static Path templateDir() {
        Path agents = labDir().getParent().getParent().resolve("agents");
        return agents.resolve("target/db-templates");
    }

    /** A block of 40 consecutive loopback ports, all free right now, outside the ephemeral range. */
    private static int freePortBlock() throws IOException {
        InetAddress lo = InetAddress.getLoopbackAddress();
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 10000 + RANDOM.nextInt(220) * 100; // below the ephemeral range (32768+)
            boolean free = true;
            for (int i = 0; i < 40 && free; i++) {
                try (ServerSocket s = new ServerSocket(base + i, 1, lo)) {
                    s.setReuseAddress(false);
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IOException("no free block of 40 loopback ports found");
    }
}
