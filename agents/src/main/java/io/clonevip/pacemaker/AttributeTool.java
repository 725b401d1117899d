package io.clonevip.pacemaker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Pacemaker command line tools that can hold transient (reboot-lifetime) node
 * attributes, and the argument vectors they take. Both talk to pacemaker-attrd:
 * <ul>
 *   <li>{@link #ATTRD_UPDATER} (preferred): {@code -U} / {@code -B ... -d} (dampening),
 *       {@code -Q}, {@code -D}; queries read pacemaker-attrd's current value.</li>
 *   <li>{@link #CRM_ATTRIBUTE} (fallback): {@code -l reboot -v / --query / -D}; queries
 *       read the CIB status section, which attrd updates asynchronously; it has no
 *       dampening, so a dampened write is done undampened.</li>
 * </ul>
 */
public enum AttributeTool {
    ATTRD_UPDATER("attrd_updater", 78),
    CRM_ATTRIBUTE("crm_attribute", 105);

    /** Directories searched after {@code $PATH}: the tools live in sbin. */
    private static final List<String> FALLBACK_DIRS = List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin");

    private final String program;
    private final int noSuchAttributeExit;

    AttributeTool(String program, int noSuchAttributeExit) {
        this.program = program;
        this.noSuchAttributeExit = noSuchAttributeExit;
    }

    /** The executable's file name. */
    public String program() {
        return program;
    }

    /** Whether writes can be dampened. */
    public boolean supportsDampening() {
        return this == ATTRD_UPDATER;
    }

    /** The executable found in {@code path} (a {@code $PATH} value) or the sbin/bin directories. */
    public Optional<Path> locate(String path) {
        Set<String> dirs = new LinkedHashSet<>();
        if (path != null) {
            for (String dir : path.split(":")) {
                if (!dir.isEmpty()) {
                    dirs.add(dir);
                }
            }
        }
        dirs.addAll(FALLBACK_DIRS);
        for (String dir : dirs) {
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Exit code with which a query says the attribute does not exist. */
    int noSuchAttributeExit() {
        return noSuchAttributeExit;
    }

    List<String> update(String exe, String node, String name, String value, Duration dampen) {
        List<String> argv = new ArrayList<>(List.of(exe));
        switch (this) {
            case ATTRD_UPDATER -> {
                argv.addAll(List.of("-n", name));
                if (dampen != null) {
                    argv.addAll(List.of("-B", value, "-d", dampening(dampen)));
                } else {
                    argv.addAll(List.of("-U", value));
                }
            }
            case CRM_ATTRIBUTE -> argv.addAll(List.of("-l", "reboot", "-n", name, "-v", value));
        }
        node(argv, node);
        return argv;
    }

    List<String> query(String exe, String node, String name) {
        List<String> argv = new ArrayList<>(List.of(exe));
        switch (this) {
            case ATTRD_UPDATER -> argv.addAll(List.of("-Q", "-n", name));
            case CRM_ATTRIBUTE -> argv.addAll(List.of("-l", "reboot", "-n", name, "--query"));
        }
        node(argv, node);
        argv.add("--output-as=xml");
        return argv;
    }

    /** attrd_updater's query of {@code name} on every node; crm_attribute has none (empty). */
    Optional<List<String>> queryAll(String exe, String name) {
        if (this != ATTRD_UPDATER) {
            return Optional.empty();
        }
        return Optional.of(List.of(exe, "-Q", "-A", "-n", name, "--output-as=xml"));
    }

    List<String> delete(String exe, String node, String name) {
        List<String> argv = new ArrayList<>(List.of(exe));
        switch (this) {
            case ATTRD_UPDATER -> argv.addAll(List.of("-D", "-n", name));
            case CRM_ATTRIBUTE -> argv.addAll(List.of("-l", "reboot", "-n", name, "-D"));
        }
        node(argv, node);
        return argv;
    }

    /** {@code 2s} for whole seconds, else {@code 1500ms}: as the resource's {@code dampen} parameter reads. */
    private static String dampening(Duration dampen) {
        long ms = dampen.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    private static void node(List<String> argv, String node) {
        if (node != null) {
            argv.addAll(List.of("-N", node));
        }
    }
}
