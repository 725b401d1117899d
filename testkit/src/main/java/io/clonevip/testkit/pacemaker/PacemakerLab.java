package io.clonevip.testkit.pacemaker;

import io.clonevip.testkit.Cmd;
import io.clonevip.testkit.Leftovers;
import io.clonevip.testkit.Poll;
import io.clonevip.testkit.Teardown;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A real N-node Corosync + Pacemaker cluster on this host, made by
 * {@code lab/pacemaker/pcmk-lab.sh} (see docs/developer/labs.md). Node {@code n} is called
 * {@code node<n>} and has 198.51.100.(10+n) on its eth0. Every run gets its own lab id, so
 * parallel runs never share a name; {@link #close()} always tears down exactly this run's
 * namespaces and processes (a JVM shutdown hook does it too if close is never reached) and
 * then checks that nothing is left.
 *
 * <pre>{@code
 * try (PacemakerLab lab = PacemakerLab.start(3)) {
 *     lab.execOk(1, "crm_attribute", "-t", "rsc_defaults", "-n", "resource-stickiness", "-v", "100");
 *     lab.waitOnline(1, 3, Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class PacemakerLab implements AutoCloseable {

    /** Time limit of one command run in a node, and of {@code up}/{@code boot} waits. */
    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);

    private final PcmkLabScript script;
    private final String id;
    private final int nodes;
    private final boolean client;
    private final Map<Integer, Long> anchors = new HashMap<>();
    private final Teardown teardown;
    private Duration upTime = Duration.ZERO;

    private PacemakerLab(Path script, String id, int nodes, boolean client) {
        this.script = new PcmkLabScript(script, id, client);
        this.id = id;
        this.nodes = nodes;
        this.client = client;
        this.teardown = new Teardown(this::down);
    }

    /** Starts an {@code nodes}-node cluster and waits until every node is online with a DC. */
    public static PacemakerLab start(int nodes) {
        return start(nodes, false);
    }

    /** As {@link #start(int)}, with the client namespace (198.51.100.250) when {@code client}. */
    public static PacemakerLab start(int nodes, boolean client) {
        if (nodes < 1) {
            throw new IllegalArgumentException("at least one node: " + nodes);
        }
        PacemakerLab lab = new PacemakerLab(PcmkLabScript.locate(), Teardown.runId("j"), nodes, client);
        lab.teardown.arm();
        Teardown.upOrClose(() -> {
            long t0 = System.nanoTime();
            Cmd up = lab.script.run(List.of("up", Integer.toString(nodes)), COMMAND_TIMEOUT);
            if (!up.ok()) {
                throw new IllegalStateException("pcmk-lab.sh up " + nodes + " failed (exit " + up.exit()
                        + "): " + up.err().strip());
            }
            lab.upTime = Duration.ofNanos(System.nanoTime() - t0);
            lab.recordAnchors();
        }, lab::close);
        return lab;
    }

    /** This run's lab id (part of every namespace name: cvpm-<id>-...). */
    public String id() {
        return id;
    }

    /** Number of nodes. */
    public int nodes() {
        return nodes;
    }

    /** Wall time of {@code up}: namespaces, daemons, all nodes online with a DC. */
    public Duration upTime() {
        return upTime;
    }

    /** Pacemaker's name of node {@code n}. */
    public static String nodeName(int n) {
        return "node" + n;
    }

    /** Node {@code n}'s address on the lab bridge. */
    public static String nodeAddress(int n) {
        return "198.51.100." + (10 + n);
    }

    /** Node {@code n}'s network namespace (/run/netns), e.g. for sockets a test opens inside the node. */
    public String nodeNamespace(int n) {
        checkNode(n);
        return "cvpm-" + id + "-n" + n;
    }

    /** The client namespace's name (lab started with a client). */
    public String clientNamespace() {
        if (!client) {
            throw new IllegalStateException("lab " + id + " was started without a client namespace");
        }
        return "cvpm-" + id + "-cl";
    }

    /** Runs {@code cmd} inside node {@code n} (all its namespaces, private HOME). */
    public Cmd exec(int n, String... cmd) {
        return exec(n, List.of(cmd), COMMAND_TIMEOUT);
    }

    /** Runs {@code cmd} inside node {@code n} with a time limit. */
    public Cmd exec(int n, List<String> cmd, Duration timeout) {
        checkNode(n);
        List<String> args = new ArrayList<>(List.of("x", Integer.toString(n)));
        args.addAll(cmd);
        return script.run(args, timeout);
    }

    /** Runs {@code cmd} inside node {@code n}; returns stdout, throws when it exits non-zero. */
    public String execOk(int n, String... cmd) {
        Cmd result = exec(n, cmd);
        if (!result.ok()) {
            throw new IllegalStateException("node" + n + ": " + String.join(" ", cmd) + " exited "
                    + result.exit() + ": " + result.err().strip() + " " + result.out().strip());
        }
        return result.out();
    }

    /** Runs {@code cmd} in the client namespace (lab started with a client). */
    public Cmd client(String... cmd) {
        if (!client) {
            throw new IllegalStateException("lab " + id + " was started without a client namespace");
        }
        List<String> args = new ArrayList<>(List.of("client"));
        args.addAll(List.of(cmd));
        return script.run(args, COMMAND_TIMEOUT);
    }

    /** {@code crm_mon -1 --output-as=xml} as seen by node {@code n}. */
    public String crmMonXml(int n) {
        return execOk(n, "crm_mon", "-1", "--output-as=xml");
    }

    /** {@code crm_mon -1 --output-as=xml} as seen by node 1. */
    public String crmMonXml() {
        return crmMonXml(1);
    }

    /** Hard power-off of node {@code n}: every process of the node is SIGKILLed at once. */
    public void crash(int n) {
        script.runOk("crash", Integer.toString(n));
        anchors.remove(n);
    }

    /** Boots a crashed node (its CIB and logs are kept); does not wait for it to join. */
    public void boot(int n) {
        script.runOk("boot", Integer.toString(n));
        recordAnchors();
    }

    /** Cuts node {@code n} off the lab network (its bridge port goes down). */
    public void partition(int n) {
        script.runOk("partition", Integer.toString(n));
    }

    /** Reconnects node {@code n}. */
    public void heal(int n) {
        script.runOk("heal", Integer.toString(n));
    }

    /** Waits until node {@code viewer} sees {@code count} nodes online and a DC. */
    public void waitOnline(int viewer, int count, Duration timeout) {
        waitFor(count + " nodes online with a DC as seen by node" + viewer, timeout,
                () -> CrmMonSummary.parse(crmMonXml(viewer)).onlineWithDc(count) ? Optional.of(true) : Optional.empty());
    }

    /**
     * Waits until the cluster, as node {@code viewer} sees it, has nothing left to do: what
     * {@code crm_resource --wait} waits for (the scheduler plans no action on the live CIB), and
     * the DC idle; polled every 0.1 s ({@code crm_resource --wait} looks every 2 s).
     */
    public void settle(int viewer, Duration timeout) {
        checkNode(viewer);
        List<String> args = List.of("settle", Integer.toString(viewer), Long.toString(Math.max(1, timeout.toSeconds())));
        Cmd r = script.run(args, timeout.plusSeconds(10));
        if (!r.ok()) {
            throw new IllegalStateException("lab " + id + " did not settle in " + timeout + ": " + r.err().strip()
                    + "\n" + describe());
        }
    }

    /** {@link #settle(int, Duration)} with a minute. */
    public void settle(int viewer) {
        settle(viewer, Duration.ofSeconds(60));
    }

    /** Polls {@code probe} until it yields a value; on timeout shows node 1's crm_mon. */
    public <T> T waitFor(String what, Duration timeout, Supplier<Optional<T>> probe) {
        return Poll.until(what, timeout, probe, this::describe);
    }

    /** Polls {@code condition} until it holds. */
    public void waitFor(String what, Duration timeout, BooleanSupplier condition) {
        waitFor(what, timeout, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty());
    }

    /** Tears the lab down (idempotent) and checks that none of its namespaces, processes or files is left. */
    @Override
    public void close() {
        if (!teardown.disarm()) {
            return;
        }
        down();
        List<String> left = leftovers();
        if (!left.isEmpty()) {
            throw new IllegalStateException("lab " + id + " not cleaned up: " + left);
        }
    }

    /** What {@link #close()} would complain about: namespaces, live anchors, mounts, state dir. */
    public List<String> leftovers() {
        List<String> left = new ArrayList<>(Leftovers.of("cvpm-" + id + "-",
                List.of("cvpm-" + id + "-", "clonevip-pcmk-" + id), List.of(stateDir())));
        anchors.forEach((n, pid) -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .ifPresent(p -> left.add("node" + n + " anchor pid " + pid)));
        return left;
    }

    /** The lab's state dir (node CIBs and logs) while it is up. */
    public Path stateDir() {
        return Path.of("/tmp", "clonevip-pcmk-" + id);
    }

    private void down() {
        try {
            Cmd result = script.run(List.of("down"), COMMAND_TIMEOUT);
            if (!result.ok()) {
                System.err.println("pcmk-lab.sh down for lab " + id + " exited " + result.exit() + ": "
                        + result.err().strip());
            }
        } catch (RuntimeException e) {
            System.err.println("pcmk-lab.sh down for lab " + id + " failed: " + e.getMessage());
        }
    }

    private void recordAnchors() {
        String info = script.runOk("info");
        for (String line : info.split("\n")) {
            int dot = line.indexOf(".anchor=");
            if (line.startsWith("node") && dot > 0 && line.length() > dot + 8) {
                anchors.put(Integer.parseInt(line.substring(4, dot)), Long.parseLong(line.substring(dot + 8)));
            }
        }
    }

    private String describe() {
        for (int n = 1; n <= nodes; n++) {
            try {
                Cmd r = exec(n, List.of("crm_mon", "-1", "-A", "-r"), Duration.ofSeconds(10));
                if (r.ok()) {
                    return "crm_mon on node" + n + ":\n" + r.out();
                }
            } catch (RuntimeException timedOut) {
                // the next node may answer
            }
        }
        return "(no node answers crm_mon)";
    }

    private void checkNode(int n) {
        if (n < 1 || n > nodes) {
            throw new IllegalArgumentException("lab " + id + " has nodes 1.." + nodes + ", not " + n);
        }
    }
}
