package io.clonevip.agent.mysql;

import io.clonevip.testkit.db.DbLab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The monitor in pxc mode against a real 3-node MariaDB Galera cluster. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GaleraMonitorTest {
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(1);
    /** The brief's bound for a state change seen by the monitor: one poll interval + 1 s. */
    private static final Duration ONE_POLL_PLUS_1S = POLL.plusSeconds(1);
    private static DbLab lab;
    private static final List<MonitorRun> runs = new ArrayList<>(); // index 0 = node 1

    @BeforeAll
    static void up() throws Exception {
        LogCapture.install();
        lab = DbLab.galera();
        for (int n = 1; n <= 3; n++) {
            runs.add(MonitorRun.start(params(n, false)));
        }
    }

    @AfterAll
    static void down() throws Exception {
        try {
            for (MonitorRun r : runs) {
                r.close();
            }
        } finally {
            if (lab != null) {
                lab.close();
            }
        }
    }

    static Map<String, String> params(int node, boolean donorOk) throws Exception {
        return MysqlMonitorConfigTest.params("cluster_type", "pxc", "host", "127.0.0.1",
                "port", Integer.toString(lab.port(node)), "user", "monitor", "password", lab.monitorPassword(),
                "poll_interval", "500ms", "connect_timeout", "1s", "query_timeout", "1s",
                "available_when_donor", Boolean.toString(donorOk));
    }

    private static MonitorRun run(int node) {
        return runs.get(node - 1);
    }

    @Test
    @Order(1)
    void syncedNodesAreReadersAndWriters() {
        for (int n = 1; n <= 3; n++) {
            run(n).await("1", "1", Duration.ofSeconds(10));
            assertEquals(Decision.GALERA_SYNCED, run(n).loop.current());
        }
    }

    @Test
    @Order(2)
    void desyncedNodeDropsWithinOnePollPlusOneSecondOthersStay() throws Exception {
        int before2 = run(2).writeCount();
        int before3 = run(3).writeCount();
        try (MonitorRun donorOk = MonitorRun.start(params(1, true))) {
            donorOk.await("1", "1", Duration.ofSeconds(5));
            lab.desync(1);
            long ms = run(1).await("0", "0", ONE_POLL_PLUS_1S);
            System.err.println("galera: desync seen after " + ms + " ms");
            assertEquals(Decision.GALERA_DONOR, run(1).loop.current());
            // available_when_donor=true: the same desynced node stays a reader and writer
            long checks = donorOk.loop.checks();
            while (donorOk.loop.checks() < checks + 2) {
                Thread.sleep(50);
            }
            assertEquals(Decision.GALERA_DONOR_AVAILABLE, donorOk.loop.current());
            assertEquals("1", donorOk.reader());
            assertEquals("1", donorOk.writer());
        }
        lab.resync(1);
        run(1).await("1", "1", ONE_POLL_PLUS_1S);
        assertEquals(before2, run(2).writeCount(), "node 2 attributes did not move");
        assertEquals(before3, run(3).writeCount(), "node 3 attributes did not move");
        assertEquals("1", run(2).reader());
        assertEquals("1", run(3).writer());
    }

    @Test
    @Order(4)
    void isolatedNodeIsNonPrimaryAndDrops() throws Exception {
        allReadersAndWriters(Duration.ofSeconds(30));
        int before1 = run(1).writeCount();
        int before2 = run(2).writeCount();
        lab.isolate(3);
        // Galera needs evs.suspect_timeout (2 s here) to leave the Primary component.
        long ms = run(3).await("0", "0", Duration.ofSeconds(10));
        System.err.println("galera: isolation seen after " + ms + " ms");
        Decision d = run(3).loop.current();
        assertTrue(d == Decision.GALERA_NON_PRIMARY || d == Decision.GALERA_NOT_READY, d.toString());
        // the two others keep the Primary component
        assertEquals(before1, run(1).writeCount(), "node 1 attributes did not move");
        assertEquals(before2, run(2).writeCount(), "node 2 attributes did not move");
        // Last Galera test: no re-merge. Seen in this lab after gmcast.isolate=0: all three nodes
        // pass through non-Primary for up to ~40 s (the monitor reports 0/0 on each meanwhile),
        // too slow and too variable for the suite; teardown kills the cluster.
    }

    @Test
    @Order(3)
    void frozenServerDropsWithinTheTimeout() throws Exception {
        allReadersAndWriters(Duration.ofSeconds(30));
        int before1 = run(1).writeCount();
        lab.freeze(2);
        try {
            long ms = run(2).await("0", "0", QUERY_TIMEOUT.plus(ONE_POLL_PLUS_1S));
            System.err.println("galera: SIGSTOP seen after " + ms + " ms");
            assertEquals(Decision.DB_TIMEOUT, run(2).loop.current());
            assertEquals(before1, run(1).writeCount(), "node 1 attributes did not move");
        } finally {
            lab.thaw(2);
        }
        // frozen for less than evs.suspect_timeout: normally no view change; if the machine was
        // slow enough for an eviction, the re-merge can take long (see the isolation test)
        allReadersAndWriters(Duration.ofSeconds(60));
    }

    private static void allReadersAndWriters(Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        for (int n = 1; n <= 3; n++) {
            lab.waitSynced(n);
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            run(n).await("1", "1", Duration.ofMillis(left));
        }
    }

    @Test
    @Order(5)
    void noSecretInAnyCapturedText() {
        String all = LogCapture.text() + lab.transcript();
        assertTrue(all.contains("GALERA_DONOR"), "the log lines were captured");
        assertFalse(all.contains(lab.monitorPassword()), "monitor password leaked");
    }
}
