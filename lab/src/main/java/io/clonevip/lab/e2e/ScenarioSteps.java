package io.clonevip.lab.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The steps of the {@link Scenario} on its lab: (1) healthy, (2) desync, (3) resync, (4) crash and
 * boot, (5) cut off and heal; each waits for the cluster's answer, records its timings in the
 * {@link ScenarioResult} and narrates through {@code say}.
 */
final class ScenarioSteps {
    private final E2eLab lab;
    private final Scenario.Options o;
    private final boolean real;
    private final Timeline tl;
    private final ScenarioResult result;
    private final PlacementSampler sampler;
    private final ClusterWaits waits;
    private final Consumer<String> say;
    private final List<RejoinCheck> rejoins = new ArrayList<>();

    ScenarioSteps(E2eLab lab, Scenario.Options o, boolean real, Timeline tl, ScenarioResult result,
                  PlacementSampler sampler, Consumer<String> say) {
        this.lab = lab;
        this.o = o;
        this.real = real;
        this.tl = tl;
        this.result = result;
        this.sampler = sampler;
        this.waits = new ClusterWaits(lab, sampler, o.buckets());
        this.say = say;
    }

    /** The boots of crashed nodes, for the rejoin checks. */
    List<RejoinCheck> rejoins() {
        return rejoins;
    }

    void healthy() throws InterruptedException {
        long t0 = tl.now();
        waits.spread("one bucket share per node", Set.of(1, 2, 3));
        long t = tl.event("all healthy: buckets spread");
        result.timing("configure -> buckets spread", t - t0);
        say.accept("all healthy, buckets spread in " + (t - t0) + " ms; crm_mon -A1 on node1:\n"
                + lab.crmMonText(1).indent(4).stripTrailing());
        hold("(1) healthy", Set.of("node1", "node2", "node3"));
    }

    void desync(int round) throws InterruptedException {
        long t0 = tl.event("desync node1+node2");
        say.accept("SET GLOBAL wsrep_desync=1 on node1 and node2");
        lab.db().desync(1);
        lab.db().desync(2);
        if (!real) {
            lab.attribute(1, Scenario.W, "0");
            lab.attribute(2, Scenario.W, "0");
        }
        waits.await("writable_monit 0 on node1 and node2", m -> "0".equals(ClusterWaits.attr(m, 1, Scenario.W)) && "0".equals(ClusterWaits.attr(m, 2, Scenario.W)));
        long ta = tl.event("writable_monit=0 on node1, node2");
        waits.placement("every bucket on node3", Map.of("node3", o.buckets()));
        long tm = tl.event("all buckets on node3");
        result.timing("desync -> writable_monit 0", ta - t0);
        result.timing("desync -> all buckets on node3", tm - t0);
        say.accept("round " + round + ": attribute 0 after " + (ta - t0) + " ms, all buckets on node3 after " + (tm - t0) + " ms"
                + (round == 1 ? "; crm_mon -A1:\n" + lab.crmMonText(3).indent(4).stripTrailing() : ""));
        hold("(2) node1+node2 desynced, round " + round, Set.of("node3"));
    }

    void resync(int round) throws InterruptedException {
        long t0 = tl.event("resync node1+node2");
        say.accept("SET GLOBAL wsrep_desync=0 on node1 and node2");
        lab.db().resync(1);
        lab.db().resync(2);
        if (!real) {
            lab.attribute(1, Scenario.W, "1");
            lab.attribute(2, Scenario.W, "1");
        }
        waits.await("writable_monit 1 on node1 and node2", m -> "1".equals(ClusterWaits.attr(m, 1, Scenario.W)) && "1".equals(ClusterWaits.attr(m, 2, Scenario.W)));
        long ta = tl.event("writable_monit=1 again");
        if (o.distribRule()) {
            // the blog's clone_count rule: record what happens instead of insisting (docs/user/configuration.md)
            try {
                waits.spread("buckets spread back", Set.of(1, 2, 3), Scenario.FLAP_WATCH);
            } catch (RuntimeException e) {
                tl.event("not spread after " + Scenario.FLAP_WATCH.toSeconds() + " s");
                result.note("round " + round + " with the clone_count rule: not spread within " + Scenario.FLAP_WATCH.toSeconds()
                        + " s; placements seen since the resync: " + tl.placementsSince(t0, o.buckets()));
                say.accept(result.notes().getLast());
                return;
            }
        } else {
            waits.spread("buckets spread back", Set.of(1, 2, 3));
        }
        long ts = tl.event("buckets spread again");
        result.timing("resync -> writable_monit 1", ta - t0);
        result.timing("resync -> buckets spread", ts - t0);
        say.accept("round " + round + ": attribute 1 after " + (ta - t0) + " ms, spread back after " + (ts - t0) + " ms: "
                + sampler.last().instancesPerNode(SeedConfig.VIP_PRIMITIVE));
        if (o.distribRule()) {
            Thread.sleep(Scenario.STABLE_WATCH.toMillis());
            List<Map<String, Integer>> seen = tl.placementsSince(t0, o.buckets());
            result.note("round " + round + " with the clone_count rule: placements from the resync to "
                    + Scenario.STABLE_WATCH.toSeconds() + " s after the first spread: " + seen);
            say.accept(result.notes().getLast());
        }
        hold("(3) resynced, round " + round, Set.of("node1", "node2", "node3"));
    }

    void crash(int n, int round) throws InterruptedException {
        String dc = waits.view().dc().orElse("?");
        sampler.exclude(n);
        boolean wasDc = dc.equals(E2eLab.nodeName(n));
        long t0 = tl.event("crash node" + n + (wasDc ? " (DC)" : ""));
        say.accept("crash " + round + ": node" + n + (wasDc ? ", the DC," : "") + " (SIGKILL of every process in it, its Galera member included)");
        lab.crash(n);
        waits.placementOn("every bucket on the two survivors", Set.of(1, 2, 3), n);
        long tt = tl.event("buckets of node" + n + " taken over");
        result.timing("crash -> buckets taken over", tt - t0);
        result.timing(wasDc ? "crash -> buckets taken over (DC crashed)" : "crash -> buckets taken over (not the DC)", tt - t0);
        say.accept("node" + n + "'s buckets served elsewhere after " + (tt - t0) + " ms: " + sampler.last().instancesPerNode(SeedConfig.VIP_PRIMITIVE));
        Set<String> survivors = new TreeSet<>(Set.of("node1", "node2", "node3"));
        survivors.remove("node" + n);
        hold("(4) node" + n + " crashed, round " + round, survivors);
        result.note("placements (all buckets running) from the crash to the boot: " + tl.placementsSince(t0, o.buckets()));
        say.accept(result.notes().getLast());
        long tb = tl.event("boot node" + n);
        say.accept("boot node" + n + ": Pacemaker, then its Galera member rejoins (IST)");
        lab.boot(n);
        long tj = tl.event("node" + n + " member Synced");
        sampler.include(n);
        standInAttributes(n);
        waits.spread("buckets spread with node" + n + " back", Set.of(1, 2, 3));
        long ts = tl.event("buckets spread again");
        result.timing("boot -> member Synced", tj - tb);
        result.timing("boot -> buckets spread", ts - tb);
        say.accept("node" + n + " back: member Synced after " + (tj - tb) + " ms, buckets spread after " + (ts - tb) + " ms");
        hold("(4) node" + n + " back, round " + round, Set.of("node1", "node2", "node3"));
        rejoins.add(new RejoinCheck(E2eLab.nodeName(n), tb, tl.now(), Scenario.W));
    }

    void partition(int n) throws InterruptedException {
        sampler.exclude(n);
        long t0 = tl.event("cut node" + n + " off");
        say.accept("cut node" + n + " off the network (its bridge port down)");
        lab.partition(n);
        waits.placementOn("every bucket on the quorate side", Set.of(1, 2, 3), n);
        long tq = tl.event("quorate side serves every bucket");
        E2eLab.await("node" + n + " stopped its buckets", Scenario.MOVE,
                () -> lab.status(n).buckets(SeedConfig.VIP_PRIMITIVE).isEmpty(), () -> lab.crmMonText(n));
        long ti = tl.event("node" + n + " stopped its buckets");
        result.timing("partition -> quorate side serves every bucket", tq - t0);
        result.timing("partition -> isolated node stopped its buckets", ti - t0);
        say.accept("quorate side serves every bucket after " + (tq - t0) + " ms; node" + n + " (no quorum) stopped its buckets after "
                + (ti - t0) + " ms");
        Set<String> majority = new TreeSet<>(Set.of("node1", "node2", "node3"));
        majority.remove("node" + n);
        hold("(5) node" + n + " cut off", majority);
        result.note("placements (all buckets running) from the cut to the heal: " + tl.placementsSince(t0, o.buckets()));
        say.accept(result.notes().getLast());
        long th = tl.event("heal node" + n);
        say.accept("heal node" + n);
        lab.heal(n);
        sampler.include(n);
        standInAttributes(n);
        try {
            waits.spread("buckets spread after heal", Set.of(1, 2, 3), Scenario.REJOIN);
            long ts = tl.event("buckets spread again");
            result.timing("heal -> buckets spread", ts - th);
            say.accept("after heal: buckets spread again after " + (ts - th) + " ms");
        } catch (RuntimeException e) {
            result.note("heal: buckets not spread within " + Scenario.REJOIN.toSeconds() + " s: " + e.getMessage());
            say.accept("after heal: NOT spread within " + Scenario.REJOIN.toSeconds() + " s; Galera:\n" + lab.db().status().indent(4));
        }
    }

    /** Stand-ins only: a node that left lost its transient attributes; write them as mysql_monitor would. */
    private void standInAttributes(int n) {
        if (!real) {
            E2eLab.await("node" + n + " takes attributes", Scenario.MOVE, () -> {
                lab.attribute(n, Scenario.W, "1");
                lab.attribute(n, Scenario.R, "1");
                return true;
            }, () -> lab.crmMonText(n));
        }
    }

    private void hold(String phase, Set<String> expected) throws InterruptedException {
        long from = tl.now();
        Thread.sleep(o.hold().toMillis());
        result.phase(new ScenarioResult.Phase(phase, from, tl.now(), Map.copyOf(expectedMap(expected)), -1, -1, -1));
    }

    private static Map<String, Integer> expectedMap(Set<String> nodes) {
        Map<String, Integer> m = new TreeMap<>();
        nodes.forEach(n -> m.put(n, 0));
        return m;
    }
}
