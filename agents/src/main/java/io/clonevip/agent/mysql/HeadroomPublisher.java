package io.clonevip.agent.mysql;

import io.clonevip.pacemaker.NodeAttributeException;
import io.clonevip.pacemaker.NodeAttributes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mysql_monitor's load publisher: on every check of the resident loop, one sample of the
 * database's control group ({@link CgroupLocator}, {@link CpuCgroup}: two or three file reads, no
 * query) into {@link Headroom}, and the attribute written through {@link NodeAttributes} only when
 * Headroom says so (no dampening: the smoothing is here). A failed write is tried again at the next
 * check; a group that cannot be read publishes nothing (one log line per new reason) and leaves the
 * last value. {@link #stop()} deletes the attribute: an unset or empty value is "no information".
 */
public final class HeadroomPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(HeadroomPublisher.class);

    private final NodeAttributes attributes;
    private final String name;
    private final Headroom headroom;
    private final CgroupLocator locator;
    private final LongSupplier clock;
    private String lastProblem;

    HeadroomPublisher(NodeAttributes attributes, String name, Headroom headroom, CgroupLocator locator,
                      LongSupplier clock) {
        this.attributes = attributes;
        this.name = name;
        this.headroom = headroom;
        this.locator = locator;
        this.clock = clock;
    }

    /** The publisher of {@code settings} on this host. */
    public static HeadroomPublisher create(NodeAttributes attributes, LoadSettings settings, Path pidFile) {
        return new HeadroomPublisher(attributes, settings.attribute(), new Headroom(settings.threshold(), settings.hold()),
                CgroupLocator.onThisHost(settings.cgroup(), pidFile), System::nanoTime);
    }

    /** One sample; writes the attribute when its value changes. Never throws. */
    public void check() {
        CpuCgroup group;
        long usage;
        double limit;
        try {
            group = locator.current();
            usage = group.usageMicros();
            limit = group.limitCpus();
        } catch (IOException | RuntimeException e) {
            locator.reset();
            problem(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            return;
        }
        if (lastProblem != null) {
            LOG.info("{}: reading control group {} again", name, group);
            lastProblem = null;
        }
        long now = clock.getAsLong();
        OptionalInt next = headroom.sample(now, usage, limit);
        if (next.isEmpty()) {
            return;
        }
        int value = next.getAsInt();
        try {
            attributes.set(name, Integer.toString(value));
            int before = headroom.published();
            headroom.published(value, now);
            LOG.info("{}={} (was {}; smoothed {}% of {} CPUs free in {})", name, value, before < 0 ? "unset" : before,
                    Math.round(headroom.smoothed()), String.format("%.2f", limit), group);
        } catch (NodeAttributeException e) {
            LOG.warn("could not set attribute {}={}: {}", name, value, e.getMessage());
        }
    }

    /** The value last written, -1 when none. */
    public int published() {
        return headroom.published();
    }

    /** Deletes the attribute (stop). */
    public void stop() {
        try {
            attributes.delete(name);
        } catch (NodeAttributeException e) {
            LOG.warn("could not delete attribute {}: {}", name, e.getMessage());
        }
    }

    private void problem(String why) {
        if (!why.equals(lastProblem)) {
            LOG.warn("{} not published: {}", name, why);
            lastProblem = why;
        }
    }
}
