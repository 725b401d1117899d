package io.clonevip.lab.e2e;

import io.clonevip.pacemaker.CrmMonView;
import io.clonevip.lab.net.LabException;
import io.clonevip.testkit.Cmd;
import io.clonevip.testkit.Leftovers;
import io.clonevip.testkit.Poll;
import io.clonevip.testkit.Teardown;
import io.clonevip.testkit.pacemaker.PacemakerLab;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
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
    private final Teardown teardown;
    private boolean agentd = true;
    private Duration upTime = Duration.ZERO;

    private E2eLab(String id, String appPassword, String monitorPassword) {
        this.id = id;
        this.appPassword = appPassword;
        this.script = new LabScript(LabScript.locate(), appPassword, monitorPassword);
        this.script.id(id);
        this.teardown = new Teardown(this::down);
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
        E2eLab lab = new E2eLab(Teardown.runId("e"), secret(), secret());
        if (upstreamIpaddr2 != null) {
            lab.script.set("E2E_UPSTREAM_IPADDR2", upstreamIpaddr2.toAbsolutePath().toString());
        }
        lab.agentd = agentd;
        lab.script.set("E2E_AGENTD", agentd ? "1" : "0");
        lab.teardown.arm();
        Teardown.upOrClose(() -> {
            long t0 = System.nanoTime();
            lab.script.ok(COMMAND_TIMEOUT, "up");
            lab.upTime = Duration.ofNanos(System.nanoTime() - t0);
        }, lab::close);
        return lab;
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
    public String appPassword() {
        return appPassword;
    }

    /** Pacemaker's name of node {@code n}: the Pacemaker lab's ({@link PacemakerLab#nodeName}). */
    public static String nodeName(int n) {
        return PacemakerLab.nodeName(n);
    }

    /** Node {@code n}'s address on the lab bridge ({@link PacemakerLab#nodeAddress}). */
    public static String nodeAddress(int n) {
        return PacemakerLab.nodeAddress(n);
    }

    /** The client's network namespace. */
    public String clientNamespace() {
        return "cvpm-" + id + "-cl";
    }

    /** The namespace of the lab's bridge ({@code br0}, one port per node and the client). */
    public String lanNamespace() {
        return "cvpm-" + id + "-lan";
    }

    /**
     * Node n's network namespace. Namespaces named {@code cvpm-<id>-...} that a user of the lab
     * adds are deleted by {@link #close()} too, after every process in them is killed.
     */
    public String nodeNamespace(int n) {
        return "cvpm-" + id + "-n" + n;
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

    /** clonevip agents installed for this run (e.g. IPaddr3, mysql_monitor). */
    public Set<String> agents() {
        return agents("clonevip");
    }

    /** Agents installed for this run as {@code provider} ({@code upstream}: the comparison's IPaddr2). */
    public Set<String> agents(String provider) {
        Set<String> names = new TreeSet<>();
        try (var files = Files.list(dir().resolve("resource.d").resolve(provider))) {
            files.forEach(p -> names.add(p.getFileName().toString()));
        } catch (IOException e) {
            // none installed
        }
        return names;
    }

    /** Adds {@code address}/24 to the client namespace's eth0 (another source address for the client). */
    public void clientAddress(String address) {
        Cmd r = client("ip", "addr", "add", address + "/24", "dev", "eth0");
        if (!r.ok()) {
            throw new LabException("cannot add " + address + " to the client: " + r.err().strip());
        }
    }

    /** mysql_monitor's credentials file (mode 600, root). */
    public Path monitorCredentials() {
        return dir().resolve("monitor.cnf");
    }

    /** Runs {@code cmd} inside node {@code n}. */
    public Cmd exec(int n, String... cmd) {
        return script.run(COMMAND_TIMEOUT, prefixed(List.of("x", Integer.toString(n)), cmd));
    }

    /** Runs {@code cmd} inside node {@code n}; stdout, or an exception when it fails. */
    public String execOk(int n, String... cmd) {
        return script.ok(COMMAND_TIMEOUT, prefixed(List.of("x", Integer.toString(n)), cmd).toArray(String[]::new));
    }

    /** Runs {@code cmd} in the client namespace. */
    public Cmd client(String... cmd) {
        return script.run(COMMAND_TIMEOUT, prefixed(List.of("client"), cmd));
    }

    private static List<String> prefixed(List<String> prefix, String... cmd) {
        List<String> args = new ArrayList<>(prefix);
        args.addAll(List.of(cmd));
        return args;
    }

    /** The Galera members, one inside each node. */
    public GaleraMembers db() {
        return new GaleraMembers(script);
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

    /** Polls {@code probe} ({@link Poll}, every 20 ms) until it is true; on timeout the error shows {@code seen}. */
    public static void await(String what, Duration timeout, Supplier<Boolean> probe, Supplier<String> seen) {
        try {
            Poll.until(what, timeout, () -> Boolean.TRUE.equals(probe.get()) ? Optional.of(true) : Optional.empty(), seen);
        } catch (AssertionError e) {
            throw new LabException(e.getMessage() + (e.getCause() == null ? "" : "; last error: " + e.getCause().getMessage()));
        }
    }

    @Override
    public void close() {
        if (!teardown.disarm()) {
            return;
        }
        AgentdProcesses daemons = AgentdProcesses.recorded(dir().resolve("agentd"), 3);
        down();
        List<String> left = leftovers();
        daemons.running().forEach(d -> left.add("clonevip-agentd process " + d));
        if (!left.isEmpty()) {
            throw new LabException("lab " + id + " not cleaned up: " + left);
        }
    }

    /** Namespaces, mounts or directories of this run still present. */
    public List<String> leftovers() {
        return new ArrayList<>(Leftovers.of("cvpm-" + id + "-", List.of("cvpm-" + id + "-", "clonevip-e2e-" + id),
                List.of(dir(), pcmkDir())));
    }

    private void down() {
        try {
            Cmd r = script.run(COMMAND_TIMEOUT, List.of("down"));
            if (!r.ok()) {
                System.err.println("e2e-lab.sh down for lab " + id + " exited " + r.exit() + ": " + r.err().strip());
            }
        } catch (RuntimeException e) {
            System.err.println("e2e-lab.sh down for lab " + id + " failed: " + e.getMessage());
        }
    }
}
