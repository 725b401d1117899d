package io.clonevip.netctl.migrate;

/**
 * One change {@code netctl migrate --cib} made.
 *
 * @param kind     "agent" (class:provider:type changed), "renamed" or "dropped" (a parameter)
 * @param resource the primitive's id
 * @param id       the id of the changed element (the primitive or the nvpair)
 * @param from     before (ocf:percona:IPaddr3, or the parameter name)
 * @param to       after (ocf:clonevip:IPaddr3, the new parameter name, or null when dropped)
 * @param note     why, for dropped parameters; otherwise null
 */
public record CibChange(String kind, String resource, String id, String from, String to, String note) {
    /** One line for the human report. */
    public String describe() {
        return switch (kind) {
            case "agent" -> resource + ": " + from + " -> " + to;
            case "renamed" -> resource + ": parameter " + from + " renamed to " + to + " (nvpair " + id + ")";
            default -> resource + ": parameter " + from + " dropped (nvpair " + id + "): " + note;
        };
    }
}
