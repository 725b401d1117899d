package io.clonevip.agent.mysql;

import io.clonevip.pacemaker.AttributeTool;
import io.clonevip.pacemaker.CommandResult;
import io.clonevip.pacemaker.CommandRunner;
import io.clonevip.pacemaker.NodeAttributes;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test attrd behind {@link NodeAttributes}: answers the attrd_updater writes and deletes it is given
 * ({@code -n NAME -U|-B VALUE ...}, {@code -D -n NAME}: recorded as "NAME deleted"), remembering every write in order and the current value per attribute; while
 * {@link #failing} is set, a write cannot be run (as when attrd_updater cannot be started).
 */
final class RecordingAttrd implements CommandRunner {
    private final List<String> writes = new ArrayList<>();
    private final List<List<String>> commands = new ArrayList<>();
    private final Map<String, String> current = new ConcurrentHashMap<>();
    volatile boolean failing;

    /** The local node's attributes, written here. */
    NodeAttributes attributes() {
        return NodeAttributes.using(AttributeTool.ATTRD_UPDATER, this);
    }

    @Override
    public synchronized CommandResult run(List<String> argv, Duration timeout) throws IOException {
        if (failing) {
            throw new IOException("attrd down (test)");
        }
        commands.add(List.copyOf(argv));
        if (argv.contains("-D")) {
            String name = argv.get(argv.indexOf("-n") + 1);
            writes.add(name + " deleted");
            current.remove(name);
            return new CommandResult(0, "", "");
        }
        int set = Math.max(argv.indexOf("-U"), argv.indexOf("-B"));
        if (set < 0) {
            throw new AssertionError("only writes expected: " + argv);
        }
        String name = argv.get(argv.indexOf("-n") + 1);
        String value = argv.get(set + 1);
        writes.add(name + "=" + value);
        current.put(name, value);
        return new CommandResult(0, "", "");
    }

    synchronized List<String> writes() {
        return List.copyOf(writes);
    }

    /** The argument vectors run, in order. */
    synchronized List<List<String>> commands() {
        return List.copyOf(commands);
    }

    String value(String name) {
        return current.get(name);
    }
}
