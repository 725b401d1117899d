package io.clonevip.agent.mysql;

import java.time.Duration;

/**
 * mysql_monitor's load publishing (docs/user/load-aware-placement.md), on when {@code load_attribute} is set.
 *
 * @param attribute the node attribute ({@code load_attribute}, e.g. load_headroom)
 * @param cgroup    the database's cgroup v2 path ({@code load_cgroup}), or null: the group of the pid file's process
 * @param threshold the placement rule's threshold ({@code load_threshold})
 * @param hold      the least time between two crossings of the threshold ({@code load_hold})
 */
public record LoadSettings(String attribute, String cgroup, int threshold, Duration hold) {
    public static final Duration DEFAULT_HOLD = Duration.ofMinutes(10);
}
