package io.clonevip.lab.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The drain harness's figures as tab-separated lines appended to a file (what
 * docs/measurements/drain-e2e.md's tables are made from, {@link DrainTable}): one {@code event}
 * line per leg, pool and event with its {@link DrainAnalysis.EventFigures}, and one {@code leg}
 * line per leg and pool (connections answered by two nodes, /proc/loadavg at the leg's end).
 */
final class DrainFile {

    /**
     * One leg's pool.
     *
     * @param run     what the run was (commit, date)
     * @param leg     {@code before} or {@code after}
     * @param params  the leg's VIP parameters, {@code name=value,...}, or "" for none
     * @param pool    the pool's label
     * @param events  its figures, event by event
     * @param twoNode connections that a second node answered
     * @param load    /proc/loadavg at the end
     */
    record Leg(String run, int buckets, String leg, String params, String pool, List<DrainAnalysis.EventFigures> events,
               int twoNode, String load) {
        Leg {
            events = List.copyOf(events);
        }
    }

    private DrainFile() {
    }

    static void append(Path file, Leg leg) throws IOException {
        StringBuilder s = new StringBuilder();
        String head = String.join("\t", leg.run(), Integer.toString(leg.buckets()), leg.leg(), leg.params(), leg.pool());
        for (DrainAnalysis.EventFigures f : leg.events()) {
            s.append(String.join("\t", "event", head, f.event(), moves(f.moves()), Integer.toString(f.openInMoved()),
                    Integer.toString(f.broken()), Integer.toString(f.brokenInMoved()), Long.toString(f.brokenAfter()),
                    Integer.toString(f.failedQueries()),
                    Integer.toString(f.retired()), Integer.toString(f.newInMoved()), Integer.toString(f.newByOwner()),
                    Integer.toString(f.orphans()), Long.toString(f.countedAfter()))).append('\n');
        }
        s.append(String.join("\t", "leg", head, Integer.toString(leg.twoNode()), leg.load())).append('\n');
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, s, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** The legs of {@code file}, in the order written. */
    static List<Leg> read(Path file) throws IOException {
        List<Leg> legs = new ArrayList<>();
        List<DrainAnalysis.EventFigures> events = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String[] c = line.split("\t", -1);
            if (c[0].equals("event") && c.length == 18) {
                events.add(new DrainAnalysis.EventFigures(c[6], moves(c[7]), i(c[8]), i(c[9]), i(c[10]), Long.parseLong(c[11]),
                        i(c[12]), i(c[13]), i(c[14]), i(c[15]), i(c[16]), Long.parseLong(c[17])));
            } else if (c[0].equals("leg") && c.length == 8) {
                legs.add(new Leg(c[1], i(c[2]), c[3], c[4], c[5], events, i(c[6]), c[7]));
                events = new ArrayList<>();
            } else if (!line.isBlank()) {
                throw new IllegalArgumentException(file + ": not a drain harness line: " + line);
            }
        }
        return legs;
    }

    /** {@code 2:1 3:2} (bucket:moves), or {@code -} for none. */
    static String moves(Map<Integer, Integer> moves) {
        return moves.isEmpty() ? "-" : new TreeMap<>(moves).entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
                .collect(Collectors.joining(" "));
    }

    static Map<Integer, Integer> moves(String text) {
        Map<Integer, Integer> m = new TreeMap<>();
        if (!text.equals("-")) {
            for (String p : text.split(" ")) {
                int colon = p.indexOf(':');
                m.put(i(p.substring(0, colon)), i(p.substring(colon + 1)));
            }
        }
        return m;
    }

    private static int i(String s) {
        return Integer.parseInt(s.strip());
    }
}
