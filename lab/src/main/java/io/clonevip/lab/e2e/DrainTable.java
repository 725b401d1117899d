package io.clonevip.lab.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

/**
 * The Markdown tables of docs/measurements/drain-e2e.md from a {@link DrainFile}: a summary, legs
 * side by side with the figures issue #16 quotes from its measurement at 2a4be16, then one table
 * per bucket count and pool with every event. {@code DrainTable FILE DOC} replaces the part of
 * DOC between {@link #BEGIN} and {@link #END} (appended when DOC has none) and leaves the rest;
 * {@code DrainTable FILE} prints the tables.
 */
public final class DrainTable {

    static final String BEGIN = "<!-- drain-table: written by lab/e2e/demo.sh --drain-table from the harness's figures; do not edit -->";
    static final String END = "<!-- /drain-table -->";
    /** Issue #16's own measurement (the text of the issue, not this harness's). */
    static final String ISSUE = "issue #16, measured at 2a4be16 (quoted from the issue)";

    private DrainTable() {
    }

    public static void main(String[] args) {
        try {
            if (args.length < 1 || args.length > 2) {
                System.err.println("usage: DrainTable FIGURES.tsv [DOC.md]");
                System.exit(2);
            }
            String tables = render(DrainFile.read(Path.of(args[0])));
            if (args.length == 1) {
                System.out.print(tables);
            } else {
                Path doc = Path.of(args[1]);
                Files.writeString(doc, replace(Files.exists(doc) ? Files.readString(doc) : "", tables));
                System.out.println("tables written to " + doc);
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("drain table: " + e.getMessage());
            System.exit(1);
        }
    }

    /** {@code doc} with the part between the markers replaced by {@code tables}. */
    static String replace(String doc, String tables) {
        int b = doc.indexOf(BEGIN);
        int e = doc.indexOf(END);
        String block = BEGIN + "\n" + tables + END;
        if (b < 0 || e < b) {
            return doc + (doc.isEmpty() || doc.endsWith("\n\n") ? "" : doc.endsWith("\n") ? "\n" : "\n\n") + block + "\n";
        }
        return doc.substring(0, b) + block + doc.substring(e + END.length());
    }

    static String render(List<DrainFile.Leg> legs) {
        StringBuilder s = new StringBuilder();
        Map<String, List<DrainFile.Leg>> columns = new LinkedHashMap<>();
        legs.forEach(l -> columns.computeIfAbsent(column(l), k -> new ArrayList<>()).add(l));
        s.append("Run: ").append(legs.stream().map(DrainFile.Leg::run).distinct().collect(Collectors.joining("; ")))
                .append(". Load average at the end of each leg: ").append(legs.stream().map(l -> l.leg() + " " + l.buckets()
                        + " buckets " + l.load().split(" ")[0]).distinct().collect(Collectors.joining(", "))).append(".\n\n");
        s.append("| | ").append(ISSUE);
        columns.keySet().forEach(c -> s.append(" | ").append(c));
        s.append(" |\n|---|---|").append("---|".repeat(columns.size())).append('\n');
        row(s, "planned events", "16 (3 and 12 buckets)", columns, ls -> sum(ls, f -> 1) + " (" + ls.stream()
                .map(l -> Integer.toString(l.buckets())).distinct().collect(Collectors.joining(" and ")) + " buckets)");
        row(s, "bucket moves (of which a bucket's second or later move in one event)",
                "every planned move; a bucket sometimes moves twice (attribute changes ~0.6 s apart)", columns,
                ls -> sum(ls, f -> f.moves().values().stream().mapToInt(Integer::intValue).sum()) + " ("
                        + sum(ls, f -> f.moves().values().stream().mapToInt(m -> m - 1).sum()) + ")");
        row(s, "pool connections open in the moved buckets at the event", "30 persistent connections over the buckets",
                columns, ls -> Integer.toString(sum(ls, DrainAnalysis.EventFigures::openInMoved)));
        row(s, "of those broken (reset or timed out)", "every one (reset by the new owner 0–1.1 s after the move)",
                columns, ls -> Integer.toString(sum(ls, DrainAnalysis.EventFigures::brokenInMoved)));
        row(s, "connections broken in buckets the event did not move", "none", columns,
                ls -> Integer.toString(sum(ls, f -> f.broken() - f.brokenInMoved())));
        row(s, "queries failed (connects included)", "—", columns,
                ls -> Integer.toString(sum(ls, DrainAnalysis.EventFigures::failedQueries)));
        row(s, "connections retired (max lifetime)", "—", columns,
                ls -> Integer.toString(sum(ls, DrainAnalysis.EventFigures::retired)));
        row(s, "new connections in moved buckets answered by the new owner", "—", columns,
                ls -> sum(ls, DrainAnalysis.EventFigures::newByOwner) + " of " + sum(ls, DrainAnalysis.EventFigures::newInMoved));
        row(s, "orphaned `app` sessions after the last event (summed over the labs)", "108 after 16 events", columns,
                ls -> Integer.toString(ls.stream().mapToInt(l -> l.events().isEmpty() ? 0 : l.events().getLast().orphans()).sum()));
        row(s, "connections answered by two nodes", "—", columns,
                ls -> Integer.toString(ls.stream().mapToInt(DrainFile.Leg::twoNode).sum()));
        Set<Integer> bucketCounts = legs.stream().map(DrainFile.Leg::buckets).collect(Collectors.toCollection(LinkedHashSet::new));
        Set<String> pools = legs.stream().map(DrainFile.Leg::pool).collect(Collectors.toCollection(LinkedHashSet::new));
        for (int b : bucketCounts) {
            for (String pool : pools) {
                List<DrainFile.Leg> these = legs.stream().filter(l -> l.buckets() == b && l.pool().equals(pool)).toList();
                if (!these.isEmpty()) {
                    events(s, b, pool, these);
                }
            }
        }
        return s.toString();
    }

    /** One bucket count and pool: a row per event, each leg's moves, broken, failed queries, orphans. */
    private static void events(StringBuilder s, int buckets, String pool, List<DrainFile.Leg> legs) {
        s.append("\n**").append(buckets).append(" buckets, pool ").append(pool).append("**\n\n| event");
        for (DrainFile.Leg l : legs) {
            String c = legName(l);
            s.append(" | moves (bucket:times), ").append(c).append(" | broken of open in moved buckets (median time), ").append(c)
                    .append(" | failed queries, ").append(c).append(" | orphaned sessions (counted at +s), ").append(c);
        }
        s.append(" |\n|---|").append("---|---|---|---|".repeat(legs.size())).append('\n');
        int rows = legs.stream().mapToInt(l -> l.events().size()).max().orElse(0);
        for (int i = 0; i < rows; i++) {
            int e = i;
            String name = legs.stream().filter(l -> e < l.events().size()).findFirst().orElseThrow().events().get(e).event();
            s.append("| ").append(i + 1).append(". ").append(name);
            for (DrainFile.Leg l : legs) {
                if (e >= l.events().size()) {
                    s.append(" | — | — | — | —");
                    continue;
                }
                DrainAnalysis.EventFigures f = l.events().get(e);
                s.append(" | ").append(DrainFile.moves(f.moves())).append(" | ").append(f.brokenInMoved()).append(" of ")
                        .append(f.openInMoved()).append(f.brokenAfter() < 0 ? "" : String.format(" at +%.1f s", f.brokenAfter() / 1000.0))
                        .append(f.broken() > f.brokenInMoved() ? " (+" + (f.broken() - f.brokenInMoved()) + " elsewhere)" : "").append(" | ").append(f.failedQueries()).append(" | ").append(f.orphans())
                        .append(String.format(" (+%.0f s)", f.countedAfter() / 1000.0));
            }
            s.append(" |\n");
        }
    }

    private static void row(StringBuilder s, String what, String issue, Map<String, List<DrainFile.Leg>> columns,
                            Function<List<DrainFile.Leg>, String> cell) {
        s.append("| ").append(what).append(" | ").append(issue);
        columns.values().forEach(ls -> s.append(" | ").append(cell.apply(ls)));
        s.append(" |\n");
    }

    private static int sum(List<DrainFile.Leg> legs, ToIntFunction<DrainAnalysis.EventFigures> f) {
        return legs.stream().flatMap(l -> l.events().stream()).mapToInt(f).sum();
    }

    /** A summary column: the leg and its pool, bucket counts pooled. */
    private static String column(DrainFile.Leg l) {
        return legName(l) + ", pool " + l.pool();
    }

    private static String legName(DrainFile.Leg l) {
        return l.leg() + " (" + (l.params().isEmpty() ? "no drain_limit" : l.params()) + ")";
    }
}
