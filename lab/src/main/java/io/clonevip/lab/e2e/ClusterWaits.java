package io.clonevip.lab.e2e;

import io.clonevip.pacemaker.CrmMonView;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The scenario's waits on the VIP clone's placement as the {@link PlacementSampler} last saw it;
 * on a timeout the error shows node 3's crm_mon.
 */
record ClusterWaits(E2eLab lab, PlacementSampler sampler, int buckets) {

    static String attr(CrmMonView m, int n, String name) {
        return m.attribute(E2eLab.nodeName(n), name).orElse(null);
    }

    CrmMonView view() {
        CrmMonView m = sampler.last();
        if (m == null) {
            throw new IllegalStateException("no sample yet");
        }
        return m;
    }

    void await(String what, Predicate<CrmMonView> p) {
        E2eLab.await(what, Scenario.MOVE, () -> p.test(view()), () -> lab.crmMonText(3));
    }

    void placement(String what, Map<String, Integer> perNode) {
        await(what, m -> m.instancesPerNode(SeedConfig.VIP_PRIMITIVE).equals(perNode));
    }

    /** Every bucket runs, on the nodes {@code nodes} minus {@code except}, as evenly as possible. */
    void placementOn(String what, Set<Integer> nodes, int except) {
        await(what, m -> {
            Map<String, Integer> per = m.instancesPerNode(SeedConfig.VIP_PRIMITIVE);
            return m.buckets(SeedConfig.VIP_PRIMITIVE).size() == buckets && !per.containsKey(E2eLab.nodeName(except));
        });
    }

    void spread(String what, Set<Integer> nodes) {
        spread(what, nodes, Scenario.MOVE);
    }

    void spread(String what, Set<Integer> nodes, Duration timeout) {
        Map<String, Integer> even = new TreeMap<>();
        nodes.forEach(n -> even.put(E2eLab.nodeName(n), buckets / nodes.size()));
        E2eLab.await(what, timeout, () -> view().instancesPerNode(SeedConfig.VIP_PRIMITIVE).equals(even), () -> lab.crmMonText(3));
    }
}
