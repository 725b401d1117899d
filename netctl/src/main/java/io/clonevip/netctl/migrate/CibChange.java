package io.clonevip.netctl.migrate;

/**
 * One change {@code netctl migrate --cib} made.
 *
 * @param kind     "agent" (class:provider:type changed), "renamed" or "dropped" (a parameter), or
 *                 "rule" (a location rule made safe for a node without the attribute)
 * @param resource the primitive's id (for "rule": the location constraint's)
 * @param id       the id of the changed element (the primitive, the nvpair or the rule)
 * @param from     before (ocf:percona:IPaddr3, the parameter name, or the rule in crm syntax)
 * @param to       after (ocf:clonevip:IPaddr3, the new parameter name, null when dropped, or the rule)
 * @param note     why, for dropped parameters and rules; otherwise null
 */
public record CibChange(String kind, String resource, String id, String from, String to, String note) {
    /** One line for the human report. */
    public String describe() {
        return switch (kind) {
            case "agent" -> resource + ": " + from + " -> " + to;
            case "rule" -> resource + ": rule " + id + " \"" + from + "\" -> \"" + to + "\": " + note;
            case "renamed" -> resource + ": parameter " + from + " renamed to " + to + " (nvpair " + id + ")";
            default -> resource + ": parameter " + from + " dropped (nvpair " + id + "): " + note;
        };
    }
}
