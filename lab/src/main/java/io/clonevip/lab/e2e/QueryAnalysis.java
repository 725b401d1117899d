package io.clonevip.lab.e2e;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks the client's queries against the bucket placement: in every stable phase only the
 * expected nodes answer and each of them does; every query is answered by the node that ran
 * its bucket; a failed query is acceptable only in a bucket that was moving, i.e. whose owner
 * was not one and the same node from {@link #BEFORE} ms before the query to {@link #AFTER} ms
 * after it (crash and partition takeover need about 4-5 s to be noticed, hence AFTER).
 */
final class QueryAnalysis {

    static final long BEFORE = 1_000;
    static final long AFTER = 6_000;

    private final ScenarioResult result;
    private final Timeline tl;
    private final PrintStream out;

    QueryAnalysis(ScenarioResult result, Timeline tl, PrintStream out) {
        this.result = result;
        this.tl = tl;
        this.out = out;
    }

    void analyse() {
        List<Query> queries = result.queries();
        List<ScenarioResult.Phase> computed = new ArrayList<>();
        for (ScenarioResult.Phase p : result.phases()) {
            Map<String, Integer> by = new TreeMap<>();
            int failed = 0;
            int moving = 0;
            int wrong = 0;
            for (Query q : queries) {
                if (q.startMillis() < p.from() || q.startMillis() >= p.to()) {
                    continue;
                }
                if (!q.ok()) {
                    failed++;
                    if (movingAround(q)) {
                        moving++;
                    }
                    continue;
                }
                by.merge(q.answeredBy(), 1, Integer::sum);
                if (!p.answeredBy().containsKey(q.answeredBy())) {
                    wrong++;
                }
            }
            for (String n : p.answeredBy().keySet()) {
                if (by.getOrDefault(n, 0) == 0) {
                    result.violation(p.name() + ": " + n + " never answered (answers " + by + ")");
                }
            }
            if (wrong > 0) {
                result.violation(p.name() + ": " + wrong + " answers from nodes other than " + p.answeredBy().keySet() + " " + by);
            }
            computed.add(new ScenarioResult.Phase(p.name(), p.from(), p.to(), Map.copyOf(by), failed, moving, wrong));
        }
        result.replacePhases(computed);
        int failed = 0;
        int inMoving = 0;
        int notOwner = 0;
        for (Query q : queries) {
            if (!q.ok()) {
                failed++;
                if (movingAround(q)) {
                    inMoving++;
                    say("failed query at " + q.startMillis() + " ms, bucket " + q.bucket() + " (moving): " + q.error());
                } else {
                    result.violation("query at " + q.startMillis() + " ms from port " + q.sourcePort() + " (bucket "
                            + q.bucket() + ", not moving) failed: " + q.error());
                }
                continue;
            }
            long mid = q.startMillis() + q.millis() / 2;
            if (!tl.moving(q.bucket(), mid - BEFORE, mid + BEFORE)) {
                String owner = tl.sampleAt(mid).map(s -> s.owners().get(q.bucket())).orElse(null);
                if (owner != null && !owner.equals(q.answeredBy())) {
                    notOwner++;
                    result.violation("query at " + q.startMillis() + " ms (bucket " + q.bucket() + " on " + owner
                            + ") answered by " + q.answeredBy());
                }
            }
        }
        result.note(queries.size() + " queries, " + failed + " failed, all but " + (failed - inMoving)
                + " of them in moving buckets; " + notOwner + " answered by a node not running their bucket");
        say(result.notes().getLast());
    }

    private boolean movingAround(Query q) {
        return tl.moving(q.bucket(), q.startMillis() - BEFORE, q.startMillis() + q.millis() + AFTER);
    }

    private void say(String s) {
        if (out != null) {
            out.println("    " + s);
        }
    }
}
