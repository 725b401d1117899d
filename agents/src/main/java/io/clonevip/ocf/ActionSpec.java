package io.clonevip.ocf;

import java.util.Objects;

/**
 * An action advertised in the meta-data, with Pacemaker's defaults for it.
 *
 * @param action   which action
 * @param timeout  default timeout, e.g. {@code 20s}
 * @param interval default interval for recurring monitors, e.g. {@code 10s}, or null
 * @param depth    {@code OCF_CHECK_LEVEL} of this monitor, or null
 * @param role     {@code Promoted}/{@code Unpromoted} for role-specific monitors, or null
 */
public record ActionSpec(OcfAction action, String timeout, String interval, Integer depth, String role) {

    public ActionSpec {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(timeout, "timeout");
    }

    /** An action with only a timeout. */
    public static ActionSpec of(OcfAction action, String timeout) {
        return new ActionSpec(action, timeout, null, null, null);
    }

    /** A recurring monitor at this depth (0 = the default check). */
    public static ActionSpec monitor(String timeout, String interval, int depth) {
        return new ActionSpec(OcfAction.MONITOR, timeout, interval, depth, null);
    }
}
