package io.clonevip.lab.e2e;

import java.util.ArrayList;
import java.util.List;

/**
 * A session of the lab client's account in a Galera member's processlist.
 *
 * @param node    the member's node ({@code node1}...)
 * @param id      the processlist {@code ID} (the session's {@code CONNECTION_ID()})
 * @param port    the client's source port (from {@code HOST}, {@code address:port})
 * @param command the processlist {@code COMMAND} ({@code Sleep} for an idle session)
 * @param seconds the processlist {@code TIME}: seconds in the current command
 */
public record ServerSession(String node, long id, int port, String command, long seconds) {

    /** The account's sessions; the lab's own SQL runs as root and the monitor as its own user. */
    static final String SQL = "SELECT ID, HOST, COMMAND, TIME FROM information_schema.PROCESSLIST WHERE USER='app'";

    /** The sessions in {@code out} (the {@link #SQL} answer, tab-separated, no header) from {@code client}. */
    static List<ServerSession> parse(String node, String out, String client) {
        List<ServerSession> sessions = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] c = line.split("\t");
            if (c.length < 4 || !c[1].startsWith(client + ":")) {
                continue;
            }
            sessions.add(new ServerSession(node, Long.parseLong(c[0].strip()),
                    Integer.parseInt(c[1].substring(client.length() + 1).strip()), c[2].strip(), Long.parseLong(c[3].strip())));
        }
        return sessions;
    }

    /** Every member's sessions from {@code client}, asked through each member's socket as root. */
    static List<ServerSession> read(E2eLab lab, String client) {
        List<ServerSession> all = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            all.addAll(parse(E2eLab.nodeName(n), lab.db().sql(n, SQL), client));
        }
        return all;
    }

    /**
     * The sessions no client connection owns at {@code now} ms ({@link ConnectionPool#owns}): the
     * server still holds them for a client that has given them up.
     */
    static List<ServerSession> orphans(List<ServerSession> sessions, List<ConnectionPool> pools, long now) {
        return sessions.stream().filter(s -> pools.stream().noneMatch(p -> p.owns(s.port(), s.node(), now))).toList();
    }
}
