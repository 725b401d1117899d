package io.clonevip.lab.e2e;

import io.clonevip.pacemaker.CrmMonView;
import io.clonevip.lab.net.LabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The end-to-end lab ({@code lab/e2e/e2e-lab.sh}, docs/developer/e2e-lab.md): three Corosync + Pacemaker
 * nodes {@code node1..3} (198.51.100.11-13) and a client namespace (198.51.100.250) on one
 * bridge, a Galera member inside each node, and clonevip's agents installed for the run and
 * visible in every node as provider {@code clonevip}, with clonevip-agentd running in every node
 * unless turned off (environment {@code E2E_AGENTD=0}, or {@link #start(Path, boolean)}). {@link #close()} tears down exactly this
 * run's namespaces, processes and directories (a shutdown hook does it if close is never
 * reached) and checks that nothing is left.
 */
public final class E2eLab implements AutoCloseable {

    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);
    public static final String CLIENT_ADDRESS = "198.51.100.250";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final LabScript script;
    private final String id;
    private final String appPassword;
    private final Thread hook;
    private boolean agentd = true;
    private Duration upTime = Duration.ZERO;
    private boolean closed;

    private E2eLab(String id, String appPassword, String monitorPassword) {
        this.id = id;
        this.appPassword = appPassword;
        this.script = new LabScript(LabScript.locate(), appPassword, monitorPassword);
        this.script.id(id);
        this.hook = Thread.ofPlatform().unstarted(this::down);
    }

    /**
     * Brings the whole lab up (about 20 s); tears down what was built when it fails. clonevip-agentd
     * runs in every node unless the environment says {@code E2E_AGENTD=0}.
     */
    public static E2eLab start() {
        return start(null, agentdByDefault());
    }

    /** {@code E2E_AGENTD} of this process's environment: anything but 0 (the default 1) runs agentd. */
    public static boolean agentdByDefault() {
        return !"0".equals(System.getenv().getOrDefault("E2E_AGENTD", "1"));
    }

    /**
     * As {@link #start()}; with {@code upstreamIpaddr2} (a copy of ClusterLabs' heartbeat/IPaddr2,
     * not null) that agent is also installed for this run as {@code ocf:upstream:IPaddr2}; with
     * {@code agentd} false no node runs clonevip-agentd (every IPaddr3 action is a JVM of its own).
     */
    public static E2eLab start(Path upstreamIpaddr2, boolean agentd) {
        String id = "e" + Long.toString(ProcessHandle.current().pid(), 36) + Integer.toString(RANDOM.nextInt(36 * 36 * 36), 36);
        E2eLab lab = new E2eLab(id.length() > 12 ? id.substring(0, 12) : id, secret(), secret());
        if (upstreamIpaddr2 != null) {
            lab.script.set("E2E_UPSTREAM_IPADDR2", upstreamIpaddr2.toAbsolutePath().toString());
        }
        lab.agentd = agentd;
        lab.script.set("E2E_AGENTD", agentd ? "1" : "0");
        Runtime.getRuntime().addShutdownHook(lab.hook);
        try {
            long t0 = System.nanoTime();
            lab.script.ok(COMMAND_TIMEOUT, "up");
            lab.upTime = Duration.ofNanos(System.nanoTime() - t0);
            return lab;
        } catch (RuntimeException e) {
            try {
                lab.close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private static String secret() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    public String id() {
        return id;
    }

    public Duration upTime() {
        return upTime;
    }

    /** Password of the client account {@code app} (never printed). */
    String appPassword() {
        return appPassword;
    }

    public static String nodeName(int n) {
        return "node" + n;
    }

    public static String nodeAddress(int n) {
        return "198.51.100." + (10 + n);
    }

    /** The client's network namespace. */
    public String clientNamespace() {
        return "cvpm-" + id + "-cl";
    }

    /** The run directory (datadirs, installed agents, logs). */
    public Path dir() {
        return Path.of("/tmp", "clonevip-e2e-" + id);
    }

    /** Whether the nodes run clonevip-agentd (when IPaddr3 is installed). */
    public boolean agentd() {
        return agentd && Files.isExecutable(dir().resolve("clonevip/bin/clonevip-agentd"));
    }

    /** The Pacemaker lab's state directory (nodes' logs). */
    public Path pcmkDir() {
        return Path.of("/tmp", "clonevip-pcmk-" + id);
    }

    /** What went through the nodes' clonevip-agentd so far (read from their logs and Pacemaker's). */
    public AgentdTally agentdTally() {
        try {
            return AgentdTally.read(dir().resolve("agentd"), pcmkDir(), 3, SeedConfig.VIP_PRIMITIVE);
        } catch (IOException e) {
            throw new LabException("cannot read the agentd and Pacemaker logs: " + e.getMessage());
        }
    }

    /** clonevip agents installed for this run (e.g. IPaddr3, mysql_monitor). */
    public Set<String> agents() {
        Set<String> names = new TreeSet<>();
        try (var files = Files.list(dir().resolve("resource.d/clonevip"))) {
            files.forEach(p -> names.add(p.getFileName().toString()));
        } catch (IOException e) {
            // none installed
        }
        return names;
    }

    /** Agents installed for this run as provider {@code upstream} (the comparison's IPaddr2). */
    public Set<String> upstreamAgents() {
        Set<String> names = new TreeSet<>();
        try (var files = Files.list(dir().resolve("resource.d/upstream"))) {
            files.forEach(p -> names.add(p.getFileName().toString()));
        } catch (IOException e) {
            // none installed
        }
        return names;
    }

    /** Adds {@code address}/24 to the client namespace's eth0 (another source address for the client). */
    public void clientAddress(String address) {
        LabScript.Result r = client("ip", "addr", "add", address + "/24", "dev", "eth0");
        if (!r.ok()) {
            throw new LabException("cannot add " + address + " to the client: " + r.err().strip());
        }
    }

    /** The DC's name as node n sees it, if any. */
    public java.util.Optional<String> dc(int n) {
        return status(n).dc();
    }

    /** mysql_monitor's credentials file (mode 600, root). */
    public Path monitorCredentials() {
        return dir().resolve("monitor.cnf");
    }

    /** Runs {@code cmd} inside node {@code n}. */
    public LabScript.Result exec(int n, String... cmd) {
        List<String> args = new ArrayList<>(List.of("x", Integer.toString(n)));
        args.addAll(List.of(cmd));
        return script.run(COMMAND_TIMEOUT, args);
    }

    /** Runs {@code cmd} inside node {@code n}; stdout, or an exception when it fails. */
    public String execOk(int n, String... cmd) {
        List<String> args = new ArrayList<>(List.of("x", Integer.toString(n)));
        args.addAll(List.of(cmd));
        return script.ok(COMMAND_TIMEOUT, args.toArray(String[]::new));
    }

    /** Runs {@code cmd} in the client namespace. */
    public LabScript.Result client(String... cmd) {
        List<String> args = new ArrayList<>(List.of("client"));
        args.addAll(List.of(cmd));
        return script.run(COMMAND_TIMEOUT, args);
    }

    /** SQL as root on member {@code n} (inside node n). */
    public String sql(int n, String sql) {
        return script.ok(COMMAND_TIMEOUT, "db", "sql", Integer.toString(n), sql);
    }

    /** SET GLOBAL wsrep_desync=1 on member n. */
    public void desync(int n) {
        script.ok(COMMAND_TIMEOUT, "db", "desync", Integer.toString(n));
    }

    /** SET GLOBAL wsrep_desync=0 on member n. */
    public void resync(int n) {
        script.ok(COMMAND_TIMEOUT, "db", "resync", Integer.toString(n));
    }

    /** wsrep_local_state_comment of member n ("" when it does not answer). */
    public String dbState(int n) {
        LabScript.Result r = script.run(Duration.ofSeconds(20), List.of("db", "state", Integer.toString(n)));
        return r.ok() ? r.out().strip() : "";
    }

    /** Galera status of the three members, one line each. */
    public String dbStatus() {
        return script.run(Duration.ofSeconds(30), List.of("db", "status")).out();
    }

    /**
     * Until the cluster, as node {@code n} sees it, has nothing left to do: what
     * {@code crm_resource --wait} waits for, and the DC idle, polled every 0.1 s
     * ({@code pcmk-lab.sh settle}).
     */
    public void settle(int n) {
        script.ok(COMMAND_TIMEOUT, "settle", Integer.toString(n), "60");
    }

    /** Node n's view of the cluster. */
    public CrmMonView status(int n) {
        return CrmMonView.parse(execOk(n, "crm_mon", "-1", "--output-as=xml"));
    }

    /** crm_mon -1 -A -r as node n prints it (the blog's crm_mon -A1 view). */
    public String crmMonText(int n) {
        return exec(n, "crm_mon", "-1", "-A", "-r").out();
    }

    /** Writes a transient node attribute of node n through attrd (what mysql_monitor does). */
    public void attribute(int n, String name, String value) {
        execOk(n, "attrd_updater", "-n", name, "-U", value);
    }

    /** Loads crm shell configuration text ({@code crm configure load update}) from node 1. */
    public void crmConfigure(String text) {
        try {
            Path f = Files.createTempFile(dir(), "config-", ".crm");
            Files.writeString(f, text);
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
            execOk(1, "crm", "configure", "load", "update", f.toString());
        } catch (IOException e) {
            throw new LabException("cannot write the configuration: " + e.getMessage());
        }
    }

    /** Hard power-off of node n: every process of the node (Galera member included) dies at once. */
    public void crash(int n) {
        script.ok(COMMAND_TIMEOUT, "crash", Integer.toString(n));
    }

    /** Boots crashed node n again: the agents' view, agentd, Pacemaker and its Galera member (Synced). */
    public void boot(int n) {
        script.ok(COMMAND_TIMEOUT, "boot", Integer.toString(n));
    }

    /** Cuts node n off the bridge. */
    public void partition(int n) {
        script.ok(COMMAND_TIMEOUT, "partition", Integer.toString(n));
    }

    /** Reconnects node n. */
    public void heal(int n) {
        script.ok(COMMAND_TIMEOUT, "heal", Integer.toString(n));
    }

    /** Polls {@code probe} every 20 ms until it is true; on timeout the error shows {@code seen}. */
    public static void await(String what, Duration timeout, Supplier<Boolean> probe, Supplier<String> seen) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (true) {
            try {
                if (Boolean.TRUE.equals(probe.get())) {
                    return;
                }
                last = null;
            } catch (RuntimeException e) {
                last = e;
            }
            if (System.nanoTime() - deadline > 0) {
                LabException e = new LabException("timed out after " + timeout.toMillis() + " ms waiting for " + what
                        + "; last seen: " + seen.get() + (last == null ? "" : "; last error: " + last.getMessage()));
                throw e;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LabException("interrupted waiting for " + what);
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        List<String> daemons = agentdProcesses();
        down();
        List<String> left = leftovers();
        daemons.stream().filter(E2eLab::stillRunning).forEach(d -> left.add("clonevip-agentd process " + d));
        if (!left.isEmpty()) {
            throw new LabException("lab " + id + " not cleaned up: " + left);
        }
    }

    /** The agentd processes e2e-lab.sh recorded as running: "hostpid starttime". */
    private List<String> agentdProcesses() {
        List<String> found = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            try {
                Path d = dir().resolve("agentd");
                found.add(Files.readString(d.resolve("node" + n + ".pid")).strip() + " "
                        + Files.readString(d.resolve("node" + n + ".start")).strip());
            } catch (IOException e) {
                // none recorded for that node (off, or crashed and not booted)
            }
        }
        return found;
    }

    /** Whether "pid starttime" is still that process (a reused PID has another start time). */
    private static boolean stillRunning(String pidAndStart) {
        String[] f = pidAndStart.split(" ");
        try {
            String stat = Files.readString(Path.of("/proc", f[0], "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return fields.length > 19 && fields[19].equals(f[1]); // field 22 counted from 1 (pid, comm, state...)
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return false;
        }
    }

    /** Namespaces, mounts or directories of this run still present. */
    public List<String> leftovers() {
        List<String> left = new ArrayList<>();
        try {
            Path netns = Path.of("/run/netns");
            if (Files.isDirectory(netns)) {
                try (var names = Files.list(netns)) {
                    names.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("cvpm-" + id + "-"))
                            .forEach(n -> left.add("netns " + n));
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
                if (line.contains("cvpm-" + id + "-") || line.contains("clonevip-e2e-" + id)) {
                    left.add("mount " + line);
                }
            }
        } catch (IOException e) {
            left.add("cannot check: " + e.getMessage());
        }
        for (Path p : List.of(dir(), Path.of("/tmp", "clonevip-pcmk-" + id))) {
            if (Files.exists(p)) {
                left.add("dir " + p);
            }
        }
        return left;
    }

    private void down() {
        try {
            LabScript.Result r = script.run(COMMAND_TIMEOUT, List.of("down"));
            if (!r.ok()) {
                System.err.println("e2e-lab.sh down for lab " + id + " exited " + r.exit() + ": " + r.err().strip());
            }
        } catch (RuntimeException e) {
            System.err.println("e2e-lab.sh down for lab " + id + " failed: " + e.getMessage());
        }
    }
}
