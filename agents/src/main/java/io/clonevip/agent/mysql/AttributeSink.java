package io.clonevip.agent.mysql;

import java.io.IOException;

/** Where node attributes go: Pacemaker's attribute daemon in production, a recorder in tests. */
public interface AttributeSink {
    /**
     * Sets node attribute {@code name} to {@code value} (transient, i.e. lifetime reboot).
     *
     * @param node the node's name, or null for the local node
     */
    void write(String node, String name, String value) throws IOException;
}
