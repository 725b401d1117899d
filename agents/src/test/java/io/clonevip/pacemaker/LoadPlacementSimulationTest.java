package io.clonevip.pacemaker;

import static io.clonevip.pacemaker.PlacementCib.SHED_BELOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.pacemaker.SimulatedScheduler.Settled;
import io.clonevip.pacemaker.SimulatedScheduler.Transition;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The placement of docs/user/load-aware-placement.md under Pacemaker 2.1.5's scheduler
 * (crm_simulate on generated CIBs, no cluster), 64 buckets: a node whose published
 * {@code load_headroom} is below 20 gets no bucket while another writable node has headroom, the
 * others share the buckets evenly (each ⌊64/R⌋ or ⌈64/R⌉ for R receiving nodes), a node that is
 * not writable gets nothing whatever its headroom, no bucket is ever left stopped, and a published
 * value that moves without crossing 20 moves nothing. The capacity tests are the evidence against
 * node utilization capacity as the load signal.
 */
class LoadPlacementSimulationTest {

    private static final int BUCKETS = 64;
    private static final int ROUNDS = 5;
    /** Transitions a step change may take before the scheduler plans nothing (5 seen at most). */
    private static final int SETTLE = 8;

    private SimulatedScheduler scheduler;

    @BeforeEach
    void scheduler() throws Exception {
        scheduler = new SimulatedScheduler();
    }

    @AfterEach
    void close() throws Exception {
        scheduler.close();
    }

    private static PlacementCib even(int nodes) {
        PlacementCib cib = new PlacementCib(nodes, BUCKETS);
        for (int b = 0; b < BUCKETS; b++) {
            cib.place(b, b % nodes + 1);
        }
        return cib;
    }

    private static PlacementCib at(int nodes, int[] placement, int[] headroom, boolean[] writable) {
        PlacementCib cib = new PlacementCib(nodes, BUCKETS);
        for (int b = 0; b < BUCKETS; b++) {
            cib.place(b, placement[b]);
        }
        for (int n = 1; n <= nodes; n++) {
            cib.attribute(n, "writable_monit", writable[n - 1] ? 1 : 0).attribute(n, "load_headroom", headroom[n - 1]);
        }
        return cib;
    }

    @ParameterizedTest(name = "{0} nodes")
    @ValueSource(ints = {5, 16})
    void sharesFollowHeadroomAndHealthWinsOverRandomLoads(int nodes) throws Exception {
        Random random = new Random(18L * nodes);
        int[] headroom = new int[nodes];
        boolean[] writable = new boolean[nodes];
        Arrays.fill(headroom, 50);
        Arrays.fill(writable, true);
        int[] placement = scheduler.settle(at(nodes, even(nodes).placement(), headroom, writable), SETTLE).after();
        for (int round = 0; round < ROUNDS; round++) {
            for (int n = 0; n < nodes; n++) {
                headroom[n] = 10 * random.nextInt(11);
                writable[n] = random.nextInt(100) >= 15;
            }
            writable[random.nextInt(nodes)] = true;
            String where = nodes + " nodes, round " + round + ", headroom " + Arrays.toString(headroom)
                    + ", writable " + Arrays.toString(writable);
            Settled settled = scheduler.settle(at(nodes, placement, headroom, writable), SETTLE);
            assertShares(nodes, headroom, writable, settled.net(), where);
            System.out.printf("%s: moves per transition %s, net %d, shares %s%n", where, settled.moves(),
                    settled.net().moved(), Arrays.toString(settled.net().shares(nodes)));
            placement = settled.after();

            // the publisher's next values stay on their side of the threshold: nothing moves
            int[] nudged = headroom.clone();
            for (int n = 0; n < nodes; n++) {
                for (int step : random.nextBoolean() ? new int[] {10, -10} : new int[] {-10, 10}) {
                    int v = headroom[n] + step;
                    if (v >= 0 && v <= 100 && (v < SHED_BELOW) == (headroom[n] < SHED_BELOW)) {
                        nudged[n] = v;
                        break;
                    }
                }
            }
            Transition still = scheduler.run(at(nodes, placement, nudged, writable));
            assertEquals(0, still.starts() + still.stops(), where + " then " + Arrays.toString(nudged)
                    + ": " + Arrays.toString(still.shares(nodes)));
        }
    }

    /** Shares after {@code t}: health first, then the shed threshold, then even among the rest. */
    private static void assertShares(int nodes, int[] headroom, boolean[] writable, Transition t, String where) {
        int[] shares = t.shares(nodes);
        assertEquals(0, shares[0], where + ": a bucket is stopped " + Arrays.toString(shares));
        boolean anyHeadroom = false;
        for (int n = 0; n < nodes; n++) {
            anyHeadroom |= writable[n] && headroom[n] >= SHED_BELOW;
        }
        int receivers = 0;
        for (int n = 0; n < nodes; n++) {
            if (writable[n] && (headroom[n] >= SHED_BELOW || !anyHeadroom)) {
                receivers++;
            }
        }
        for (int n = 1; n <= nodes; n++) {
            boolean receives = writable[n - 1] && (headroom[n - 1] >= SHED_BELOW || !anyHeadroom);
            int share = shares[n];
            if (receives) {
                assertTrue(share == BUCKETS / receivers || share == (BUCKETS + receivers - 1) / receivers,
                        where + ": node" + n + " has " + share + " of " + BUCKETS + " with " + receivers
                                + " receiving nodes " + Arrays.toString(shares));
            } else {
                assertEquals(0, share, where + ": node" + n + " " + Arrays.toString(shares));
            }
        }
    }

    @Test
    void aNodeThatIsNotWritableGetsNothingEvenWhenEveryWritableNodeSheds() throws Exception {
        int[] headroom = {100, 100, 0, 10, 0};
        boolean[] writable = {false, false, true, true, true};
        int[] shares = scheduler.settle(at(5, even(5).placement(), headroom, writable), SETTLE).net().shares(5);
        assertEquals(64, shares[3] + shares[4] + shares[5], Arrays.toString(shares));
        assertTrue(Arrays.stream(shares, 3, 6).allMatch(v -> v == 21 || v == 22), Arrays.toString(shares));
    }

    @Test
    void theSharesEvenOutAgainWhenTheHeadroomComesBack() throws Exception {
        boolean[] writable = {true, true, true};
        int[] start = scheduler.settle(at(3, even(3).placement(), new int[] {80, 80, 80}, writable), SETTLE).after();
        Settled shed = scheduler.settle(at(3, start, new int[] {0, 80, 80}, writable), SETTLE);
        assertEquals("[0, 0, 32, 32]", Arrays.toString(shed.net().shares(3)));
        System.out.println("3 nodes, node1 sheds: moves per transition " + shed.moves());
        Settled back = scheduler.settle(at(3, shed.after(), new int[] {30, 80, 80}, writable), SETTLE);
        System.out.println("3 nodes, node1 back: moves per transition " + back.moves());
        int[] shares = back.net().shares(3);
        assertEquals(0, shares[0]);
        assertTrue(Arrays.stream(shares).skip(1).allMatch(v -> v == 21 || v == 22), Arrays.toString(shares));
    }

    /**
     * What attrd keeps after {@code attrd_updater -D} (an empty value) or a garbled value is no
     * information: the node keeps its share ({@code lt 20} alone reads "" as below 20: the rule's
     * {@code gte 0} is what stops that). Values are compared as numbers: 100 is not below 20.
     */
    @Test
    void anEmptyOrGarbledHeadroomIsNoInformation() throws Exception {
        boolean[] writable = {true, true, true};
        int[] start = scheduler.settle(at(3, even(3).placement(), new int[] {50, 50, 50}, writable), SETTLE).after();
        for (String value : new String[] {"", "none", "100"}) {
            PlacementCib cib = at(3, start, new int[] {50, 50, 50}, writable).attribute(1, "load_headroom", value);
            assertEquals(0, scheduler.run(cib).moved(), "load_headroom=\"" + value + "\"");
        }
        PlacementCib low = at(3, start, new int[] {50, 50, 50}, writable).attribute(1, "load_headroom", "19");
        assertEquals(0, scheduler.settle(low, SETTLE).net().shares(3)[1]);
    }

    /**
     * The +2 of {@code loc-enable-cluster-vip} is what keeps a shedding node's score at 1: without
     * it the score is −1, a node with a negative score runs nothing, and when every node sheds no
     * bucket runs at all.
     */
    @Test
    void withoutTheEnableRuleEveryNodeSheddingStopsEveryBucket() throws Exception {
        boolean[] writable = {true, true, true};
        int[] start = scheduler.settle(at(3, even(3).placement(), new int[] {50, 50, 50}, writable), SETTLE).after();
        assertEquals("[0, 22, 21, 21]", Arrays.toString(scheduler.run(at(3, start, new int[] {5, 5, 5}, writable)).shares(3)));
        assertEquals("[64, 0, 0, 0]", Arrays.toString(
                scheduler.run(at(3, start, new int[] {5, 5, 5}, writable).withoutEnableRule()).shares(3)));
    }

    private static PlacementCib withCapacity(int nodes, int[] placement, int... capacity) {
        PlacementCib cib = new PlacementCib(nodes, BUCKETS);
        for (int b = 0; b < BUCKETS; b++) {
            cib.place(b, placement[b]);
        }
        for (int n = 1; n <= nodes; n++) {
            cib.attribute(n, "writable_monit", 1).capacity(n, capacity[n - 1]);
        }
        return cib;
    }

    /**
     * Evidence: with equal scores 2.1.5's clone allocator first keeps up to ⌊buckets/nodes⌋ (here
     * 12) of each node's instances where they run and places only the rest by remaining capacity.
     * A lower capacity that is not below the node's count therefore moves at most the instances
     * above 12 (node1 13 → 12 whether its capacity is 40 or 13); only a binding one sheds more.
     */
    @Test
    void aCapacityActsOnlyOnTheInstancesAboveTheEvenShareUnlessItBinds() throws Exception {
        int[] start = scheduler.settle(withCapacity(5, even(5).placement(), 64, 64, 64, 64, 64), SETTLE).after();
        assertEquals(13, new Transition(start, start, 0, 0).shares(5)[1]);
        for (int cap : new int[] {40, 20, 14, 13}) {
            int[] shares = scheduler.settle(withCapacity(5, start, cap, 64, 64, 64, 64), SETTLE).net().shares(5);
            assertEquals(12, shares[1], "capacity " + cap + ": " + Arrays.toString(shares));
        }
        assertEquals(3, scheduler.settle(withCapacity(5, start, 3, 64, 64, 64, 64), SETTLE).net().shares(5)[1]);
    }

    /** Evidence: a capacity below the bucket count leaves buckets stopped when its node is the only writable one. */
    @Test
    void aCapacityLeavesBucketsStoppedWhenItsNodeIsTheOnlyWritableOne() throws Exception {
        PlacementCib cib = withCapacity(5, even(5).placement(), 64, 64, 64, 64, 64);
        for (int n = 2; n <= 5; n++) {
            cib.attribute(n, "writable_monit", 0);
        }
        assertEquals("[0, 64, 0, 0, 0, 0]", Arrays.toString(scheduler.run(cib).shares(5)));
        assertEquals("[61, 3, 0, 0, 0, 0]", Arrays.toString(scheduler.run(cib.capacity(1, 3)).shares(5)));
    }
}
