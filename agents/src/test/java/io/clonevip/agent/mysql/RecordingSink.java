package io.clonevip.agent.mysql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Test sink: remembers every write in order and the current value per attribute. */
final class RecordingSink implements AttributeSink {
    private final List<String> writes = new ArrayList<>();
    private final Map<String, String> current = new ConcurrentHashMap<>();

    @Override
    public synchronized void write(String node, String name, String value) {
        writes.add(name + "=" + value);
        current.put(name, value);
    }

    synchronized List<String> writes() {
        return List.copyOf(writes);
    }

    String value(String name) {
        return current.get(name);
    }
}
