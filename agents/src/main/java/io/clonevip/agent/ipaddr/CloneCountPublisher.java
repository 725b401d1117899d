package io.clonevip.agent.ipaddr;

import io.clonevip.ocf.OcfLog;

/**
 * Publishes the number of a VIP's buckets on this node as a transient node attribute
 * ({@code <resource>_clone_count}), what Percona's IPaddr3 did so that placement rules can
 * spread the buckets again. Publishing never fails an action: problems are logged.
 */
interface CloneCountPublisher {

    /**
     * Sets {@code attribute} to {@code count}. With {@code onlyIfChanged} (monitor) it reads the
     * current value first and writes only when it differs; otherwise it writes.
     */
    void publish(String attribute, int count, boolean onlyIfChanged, OcfLog log);

    /** Publishes nothing (tests, or no attribute configured). */
    CloneCountPublisher NONE = (attribute, count, onlyIfChanged, log) -> { };
}
