package io.clonevip.agent.ipaddr;

import io.clonevip.ocf.OcfLog;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link CloneCountPublisher} that remembers the last value per attribute, as attrd would. */
final class RecordingPublisher implements CloneCountPublisher {
    final Map<String, Integer> values = new ConcurrentHashMap<>();

    @Override
    public void publish(String attribute, int count, boolean onlyIfChanged, OcfLog log) {
        values.put(attribute, count);
    }
}
