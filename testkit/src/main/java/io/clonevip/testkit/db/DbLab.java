package io.clonevip.testkit.db;

import io.clonevip.testkit.Repo;
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
 * A real MariaDB lab of one test run, in one of two {@link Flavour}s: the 3-node Galera cluster
 * ({@code lab/db/galera.sh}, nodes 1..3) or the GTID primary (1) / replica (2) pair
 * ({@code lab/db/replication.sh}); both scripts share {@code lab/db/lib.sh}. Each run has its own
 * directory under /tmp, its own block of 40 free loopback ports, a random monitor password.
 * {@link #close()} SIGKILLs exactly the servers this lab started (by their recorded PIDs) and
 * deletes the run directory. Templates are cached in {@code agents/target/db-templates}.
 */
public final class DbLab implements AutoCloseable {
    /** The replication flavour's primary and replica. */
    public static final int PRIMARY = 1;
    public static final int REPLICA = 2;
    /** Galera: short failure detection so that isolation and a frozen node are seen in seconds. */
    public static final String FAST_EVS = "evs.suspect_timeout=PT2S;evs.inactive_timeout=PT4S;evs.keepalive_period=PT0.5S";

    /** Which lab script, with the run directory's prefix and its extra environment. */
    public enum Flavour {
        GALERA("galera.sh", "clonevip-galera-", Map.of("GALERA_EXTRA", FAST_EVS)),
        REPLICATION("replication.sh", "clonevip-repl-", Map.of());

        final String script;
        final String prefix;
        final Map<String, String> env;

        Flavour(String script, String prefix, Map<String, String> env) {
            this.script = script;
            this.prefix = prefix;
            this.env = env;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Path script;
    private final Path runDir;
    private final int basePort;
    private final String password;
    private final Map<String, String> extraEnv;
    private final StringBuilder transcript = new StringBuilder();

    private DbLab(Flavour flavour) throws IOException {
        this.script = labDir().resolve(flavour.script);
        this.runDir = Files.createTempDirectory(flavour.prefix + ProcessHandle.current().pid() + "-");
        this.basePort = freePortBlock();
        this.password = "pw-" + HexFormat.of().formatHex(RANDOM.generateSeed(8));
        this.extraEnv = flavour.env;
    }

    /** Starts the 3-node Galera cluster; on failure everything started so far is torn down. */
    public static DbLab galera() throws IOException {
        return up(Flavour.GALERA);
    }

    /** Starts the primary/replica pair; on failure everything started so far is torn down. */
    public static DbLab replication() throws IOException {
        return up(Flavour.REPLICATION);
    }

    /** Starts a lab of {@code flavour}; on failure everything started so far is torn down. */
    public static DbLab up(Flavour flavour) throws IOException {
        DbLab lab = new DbLab(flavour);
        try {
            lab.run("up");
            return lab;
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    /** {@code lab/db} above the working directory. */
    public static Path labDir() {
        return Repo.file("lab/db/lib.sh").getParent();
    }

    /** The monitor accounts' password of this run (a secret: must never show up in logs). */
    public String monitorPassword() {
        return password;
    }

    public Path runDir() {
        return runDir;
    }

    public int basePort() {
        return basePort;
    }

    /** Everything the lab scripts printed so far (for the no-secret check and for failures). */
    public synchronized String transcript() {
        return transcript.toString();
    }

    /** Runs the script with {@code args}; stdin text optional; returns stdout; throws on failure. */
    public String runWithInput(String stdin, String... args) throws IOException {
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

    public String run(String... args) throws IOException {
        return runWithInput(null, args);
    }

    public String sql(int node, String sql) throws IOException {
        return runWithInput(sql, "sql", Integer.toString(node));
    }

    public int port(int node) throws IOException {
        return Integer.parseInt(run("port", Integer.toString(node)));
    }

    public long pid(int node) throws IOException {
        return Long.parseLong(run("pid", Integer.toString(node)));
    }

    public Path socket(int node) throws IOException {
        return Path.of(run("sock", Integer.toString(node)));
    }

    /** Galera: SET GLOBAL wsrep_desync=1 on {@code node}. */
    public void desync(int node) throws IOException {
        onNode("desync", node);
    }

    /** Galera: wsrep_desync=0 again. */
    public void resync(int node) throws IOException {
        onNode("resync", node);
    }

    /** Galera: gmcast.isolate=1 (non-Primary on its own); {@link #unisolate} rejoins. */
    public void isolate(int node) throws IOException {
        onNode("isolate", node);
    }

    public void unisolate(int node) throws IOException {
        onNode("unisolate", node);
    }

    /** SIGSTOP of the node's mariadbd; {@link #thaw} sends SIGCONT. */
    public void freeze(int node) throws IOException {
        onNode("freeze", node);
    }

    public void thaw(int node) throws IOException {
        onNode("thaw", node);
    }

    private void onNode(String verb, int node) throws IOException {
        run(verb, Integer.toString(node));
    }

    /** Galera: waits (up to a minute) until {@code node} is Synced. */
    public void waitSynced(int node) throws IOException {
        run("wait-synced", Integer.toString(node), "60");
    }

    /** Replication: sets the replica's replication password (stdin, never argv) and restarts its threads. */
    public void replicationPassword(String password) throws IOException {
        runWithInput(password + "\n", "repl-password");
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
