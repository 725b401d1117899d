package io.clonevip.pacemaker;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Transient (reboot-lifetime) Pacemaker node attributes of one node, through
 * pacemaker-attrd: what placement rules such as {@code -inf: writable_monit eq 0} read.
 * Runs where the cluster runs (an agent's process on a cluster node); every operation is
 * one short command of {@link AttributeTool}, attrd_updater preferred. The one writer of
 * node attributes in Java: IPaddr3's clone count and mysql_monitor's daemon
 * (readable/writable, dampened) both write here. A tool started by {@link #local()} gets
 * only {@link ChildEnvironment}'s variables (never a resource's parameters or password).
 *
 * <p>Without {@link #forNode(String)} the attributes are the local node's; its name comes
 * from {@code OCF_RESKEY_CRM_meta_on_node} (set by Pacemaker for agents) or {@code crm_node
 * -n}, and is needed only for reads. An empty value means "not set": attrd keeps deleted
 * attributes with an empty value. Failures throw {@link NodeAttributeException} naming the
 * attribute, the node and the tool's answer.
 */
public final class NodeAttributes {

    /** How long one tool run may take. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final String ON_NODE_ENV = "OCF_RESKEY_CRM_meta_on_node";

    /** The tool in use and how it is called (by name, or the path it was found at). */
    private record Located(AttributeTool tool, String executable) {
    }

    private final String searchPath;
    private final CommandRunner runner;
    private final String node;
    private final Duration timeout;
    private volatile Located located;
    private volatile String resolvedNode;

    private NodeAttributes(Located located, String searchPath, CommandRunner runner, String node,
                           Duration timeout) {
        this(located, searchPath, runner, node, timeout, System.getenv(ON_NODE_ENV));
    }

    private NodeAttributes(Located located, String searchPath, CommandRunner runner, String node,
                           Duration timeout, String onNode) {
        this.located = located;
        this.searchPath = searchPath;
        this.runner = runner;
        this.node = node;
        this.timeout = timeout;
        this.resolvedNode = node != null ? node : emptyToNull(onNode);
    }

    /**
     * The local node's attributes through the first tool found on {@code $PATH} or in
     * /usr/sbin (attrd_updater, else crm_attribute), run as child processes. The tool is
     * looked for at the first operation (again at the next one while neither is found): an
     * operation without either fails with a {@link NodeAttributeException}.
     */
    public static NodeAttributes local() {
        return local(System.getenv());
    }

    /**
     * As {@link #local()}, with {@code PATH} and Pacemaker's {@code OCF_RESKEY_CRM_meta_on_node}
     * taken from {@code env}: the environment the action was started with, which is not the
     * process's own when a resident helper runs the action (clonevip-agentd).
     */
    public static NodeAttributes local(Map<String, String> env) {
        return new NodeAttributes(null, Objects.requireNonNullElse(env.get("PATH"), ""),
                ProcessCommandRunner.pacemakerTool(), null, DEFAULT_TIMEOUT, env.get(ON_NODE_ENV));
    }

    /** The local node's attributes through {@code tool}, called by name, run by {@code runner}. */
    public static NodeAttributes using(AttributeTool tool, CommandRunner runner) {
        return new NodeAttributes(new Located(Objects.requireNonNull(tool), tool.program()), null,
                Objects.requireNonNull(runner), null, DEFAULT_TIMEOUT);
    }

    /** The same tool and runner, for the attributes of the named node. */
    public NodeAttributes forNode(String nodeName) {
        requireToken(nodeName, "node name");
        return new NodeAttributes(located, searchPath, runner, nodeName, timeout);
    }

    /** The same, with another time limit per tool run. */
    public NodeAttributes withTimeout(Duration perCommand) {
        if (perCommand.isNegative() || perCommand.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + perCommand);
        }
        return new NodeAttributes(located, searchPath, runner, node, perCommand, resolvedNode);
    }

    /** The tool in use (looked for now when {@link #local()} has not yet). */
    public AttributeTool tool() {
        return located().tool();
    }

    private Located located() {
        Located known = located;
        if (known != null) {
            return known;
        }
        for (AttributeTool candidate : AttributeTool.values()) {
            var found = candidate.locate(searchPath);
            if (found.isPresent()) {
                known = new Located(candidate, found.get().toString());
                located = known;
                return known;
            }
        }
        throw new NodeAttributeException("cannot manage node attributes: neither attrd_updater nor "
                + "crm_attribute found (install pacemaker-cli-utils)", null, NodeAttributeException.NOT_RUN, null);
    }

    /** The node these attributes belong to (looked up once for the local node). */
    public String nodeName() {
        String known = resolvedNode;
        if (known != null) {
            return known;
        }
        CommandResult result = run(List.of(executableBeside(located().executable(), "crm_node"), "-n"), "look up",
                "(node name)", null);
        String name = result.stdout().strip();
        if (!result.ok() || name.isEmpty()) {
            throw NodeAttributeException.failed("look up the local node name for", "(node name)", null,
                    "crm_node", result);
        }
        resolvedNode = name;
        return name;
    }

    /** Sets {@code name} to {@code value} now. */
    public void set(String name, String value) {
        write(name, value, null);
    }

    /**
     * Sets {@code name} to {@code value}; pacemaker-attrd writes it to the CIB only once it
     * has not changed for {@code dampen} ({@code attrd_updater -B VALUE -d DAMPEN}). A zero
     * {@code dampen} is a write at once ({@code -U}); crm_attribute cannot dampen and writes at once.
     */
    public void set(String name, String value, Duration dampen) {
        write(name, value, Objects.requireNonNull(dampen, "dampen"));
    }

    /**
     * Sets {@code name} to {@code value} unless it already has that value (one query, and one
     * write only when needed). Returns whether it wrote.
     */
    public boolean setIfChanged(String name, String value) {
        return setIfChanged(name, value, null);
    }

    /** {@link #setIfChanged(String, String)} with dampening; {@code dampen} may be null. */
    public boolean setIfChanged(String name, String value, Duration dampen) {
        requireValue(value);
        if (get(name).filter(value::equals).isPresent()) {
            return false;
        }
        write(name, value, dampen);
        return true;
    }

    /** The current value of {@code name}, empty when it is not set (or was deleted). */
    public Optional<String> get(String name) {
        requireToken(name, "attribute name");
        Located at = located();
        AttributeTool tool = at.tool();
        String target = tool == AttributeTool.ATTRD_UPDATER ? nodeName() : node;
        CommandResult result = run(tool.query(at.executable(), target, name), "read", name, target);
        if (result.exitCode() == tool.noSuchAttributeExit()) {
            return Optional.empty();
        }
        if (!result.ok()) {
            throw NodeAttributeException.failed("read", name, target, tool.program(), result);
        }
        try {
            return PacemakerResultXml.attributeValue(result.stdout(), name, target).filter(v -> !v.isEmpty());
        } catch (IOException e) {
            throw NodeAttributeException.notRun("read", name, target, tool.program(), e);
        }
    }

    /**
     * The value of {@code name} on every node that has one, as pacemaker-attrd holds them now
     * ({@code attrd_updater -Q -A}); unset (empty) values are left out. crm_attribute cannot list
     * the nodes: with it this fails with a {@link NodeAttributeException}.
     */
    public Map<String, String> all(String name) {
        requireToken(name, "attribute name");
        Located at = located();
        AttributeTool tool = at.tool();
        List<String> argv = tool.queryAll(at.executable(), name).orElseThrow(() -> new NodeAttributeException(
                "cannot read " + name + " on every node: " + tool.program() + " cannot list nodes (attrd_updater can)",
                name, NodeAttributeException.NOT_RUN, null));
        CommandResult result = run(argv, "read", name, "(every node)");
        if (result.exitCode() == tool.noSuchAttributeExit()) {
            return Map.of();
        }
        if (!result.ok()) {
            throw NodeAttributeException.failed("read", name, "(every node)", tool.program(), result);
        }
        try {
            Map<String, String> values = new LinkedHashMap<>(PacemakerResultXml.attributeValues(result.stdout(), name));
            values.values().removeIf(String::isEmpty);
            return values;
        } catch (IOException e) {
            throw NodeAttributeException.notRun("read", name, "(every node)", tool.program(), e);
        }
    }

    /** Removes {@code name} (attrd keeps it with an empty value); deleting an unset one is fine. */
    public void delete(String name) {
        requireToken(name, "attribute name");
        Located at = located();
        AttributeTool tool = at.tool();
        CommandResult result = run(tool.delete(at.executable(), node, name), "delete", name, node);
        if (!result.ok() && result.exitCode() != tool.noSuchAttributeExit()) {
            throw NodeAttributeException.failed("delete", name, node, tool.program(), result);
        }
    }

    private void write(String name, String value, Duration dampen) {
        requireToken(name, "attribute name");
        requireValue(value);
        if (dampen != null && dampen.isNegative()) {
            throw new IllegalArgumentException("dampening must not be negative: " + dampen);
        }
        Located at = located();
        AttributeTool tool = at.tool();
        Duration effective = tool.supportsDampening() && dampen != null && !dampen.isZero() ? dampen : null;
        CommandResult result = run(tool.update(at.executable(), node, name, value, effective), "set", name, node);
        if (!result.ok()) {
            throw NodeAttributeException.failed("set", name, node, tool.program(), result);
        }
    }

    private CommandResult run(List<String> argv, String operation, String name, String target) {
        try {
            return runner.run(argv, timeout);
        } catch (IOException e) {
            throw NodeAttributeException.notRun(operation, name, target, argv.getFirst(), e);
        }
    }

    /** crm_node from the directory the attribute tool was found in (if it was found by path). */
    private static String executableBeside(String executable, String program) {
        int slash = executable.lastIndexOf('/');
        return slash < 0 ? program : executable.substring(0, slash + 1) + program;
    }

    private static void requireToken(String text, String what) {
        Objects.requireNonNull(text, what);
        if (text.isBlank() || text.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException(what + " must be non-empty without blanks: '" + text + "'");
        }
    }

    private static void requireValue(String value) {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("an empty value means unset: use delete");
        }
        if (value.chars().anyMatch(c -> c == '\n' || c == '\r' || c == 0)) {
            throw new IllegalArgumentException("value must be a single line");
        }
    }

    private static String emptyToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
