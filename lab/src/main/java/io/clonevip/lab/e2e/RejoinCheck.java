package io.clonevip.lab.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a node that boots again after a crash must not do (docs/user/mysql-monitor.md, "a node that
 * has just joined"): run a VIP bucket before its writer attribute says its database is writable,
 * or refuse client connections (a bucket on a node whose database is not listening yet). The
 * blog's rule {@code -inf: writable_monit eq 0} let both happen: a node that has just joined has
 * no attribute, so the rule does not match it.
 *
 * @param node      the rejoining node ({@code node2})
 * @param boot      when the boot began, ms on the scenario's timeline
 * @param until     end of the window, ms (buckets spread again, plus time for late failures)
 * @param attribute the writer attribute's name, for messages
 */
record RejoinCheck(String node, long boot, long until, String attribute) {

    /** When the node's writer attribute was first seen as 1 after the boot, or -1 if not before {@link #until}. */
    long writable(Timeline tl) {
        for (Timeline.Sample s : tl.samples()) {
            if (s.at() >= boot && s.at() <= until && "1".equals(s.writable().get(node))) {
                return s.at();
            }
        }
        return -1;
    }

    /** When a bucket was first seen on the node after the boot, or -1 if not before {@link #until}. */
    long firstBucket(Timeline tl) {
        for (Timeline.Sample s : tl.samples()) {
            if (s.at() >= boot && s.at() <= until && s.owners().containsValue(node)) {
                return s.at();
            }
        }
        return -1;
    }

    /** Everything that broke the rule, one line each (empty when the rejoin was clean). */
    List<String> violations(Timeline tl, List<Query> queries) {
        List<String> out = new ArrayList<>();
        long writable = writable(tl);
        long end = writable < 0 ? until : writable;
        Map<Integer, Long> early = new TreeMap<>();
        Map<Integer, String> attributeThen = new TreeMap<>();
        for (Timeline.Sample s : tl.samples()) {
            if (s.at() < boot || s.at() >= end) {
                continue;
            }
            s.owners().forEach((bucket, owner) -> {
                if (owner.equals(node) && !early.containsKey(bucket)) {
                    early.put(bucket, s.at());
                    attributeThen.put(bucket, s.writable().getOrDefault(node, "not defined"));
                }
            });
        }
        early.forEach((bucket, at) -> out.add("rejoin of " + node + ": bucket " + bucket + " on it at +" + (at - boot)
                + " ms after the boot, before its " + attribute + " was 1 (" + attribute + " "
                + attributeThen.get(bucket) + "; 1 at "
                + (writable < 0 ? "no time before +" + (until - boot) + " ms" : "+" + (writable - boot) + " ms") + ")"));
        List<String> refused = new ArrayList<>();
        for (Query q : queries) {
            if (!q.ok() && q.startMillis() >= boot && q.startMillis() <= until && refused(q)) {
                refused.add("+" + (q.startMillis() - boot) + " ms bucket " + q.bucket());
            }
        }
        if (!refused.isEmpty()) {
            out.add("rejoin of " + node + ": " + refused.size() + " client connection(s) refused after the boot "
                    + "(only a node whose database is not listening refuses): " + refused);
        }
        return out;
    }

    private static boolean refused(Query q) {
        return q.error().contains("Connection refused");
    }
}
