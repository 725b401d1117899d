package io.clonevip.agent.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

class DecisionTableTest {

    @ParameterizedTest(name = "{0} {4} ro={5} state={6}/{7}/{8} maint={9} slave={10} {11}/{12} sbm={13} -> {14}")
    @CsvFileSource(resources = "decision-table.csv", nullValues = "-")
    void everyRow(String mode, boolean donorOk, boolean readonlyOk, long maxLag, ProbeError error, String readOnly,
                  Integer wsrepState, String clusterStatus, String ready, String maint, Boolean slave, String io,
                  String sql, Long sbm, Decision expected, boolean readerOk, int writer) {
        DecisionTable table = new DecisionTable(ClusterType.fromParameter(mode), maxLag, donorOk, readonlyOk);
        DbStatus s = error != ProbeError.NONE ? DbStatus.failed(error, "x")
                : new DbStatus(ProbeError.NONE, null, "ON".equals(readOnly), wsrepState == null ? -1 : wsrepState,
                        clusterStatus, "ON".equals(ready), maint, Boolean.TRUE.equals(slave), io, sql, sbm);
        Decision d = table.evaluate(s);
        assertEquals(expected, d);
        assertEquals(readerOk, d.readerHealthy());
        assertEquals(writer == 1, d.writable());
    }

    @Test
    void everyDecisionHasARowInTheTable() throws Exception {
        List<String> lines = new ArrayList<>();
        try (var in = getClass().getResourceAsStream("decision-table.csv")) {
            new String(in.readAllBytes()).lines().filter(l -> !l.startsWith("#")).forEach(lines::add);
        }
        for (Decision d : Decision.values()) {
            assertTrue(lines.stream().anyMatch(l -> l.contains("," + d.name() + ",")), d + " has no row");
        }
    }

    @Test
    void steadyPathAllocatesNothing() {
        var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        DecisionTable galera = new DecisionTable(ClusterType.PXC, 3600, false, true);
        DecisionTable repl = new DecisionTable(ClusterType.REPLICATION, 3600, false, true);
        DbStatus synced = DbStatus.galera(false, 4, "Primary", true, null);
        DbStatus replica = DbStatus.replication(true, true, "Yes", "Yes", 12L);
        var pub = new AttributePublisher(new RecordingAttrd().attributes(), Duration.ZERO, "readable", "writable", 1);
        int sum = 0;
        for (int i = 0; i < 200_000; i++) { // warm up: JIT compiles the path
            sum += galera.evaluate(synced).ordinal() + repl.evaluate(replica).ordinal();
            pub.publish(Decision.GALERA_SYNCED);
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        long t0 = System.nanoTime();
        for (int i = 0; i < 1_000_000; i++) {
            sum += galera.evaluate(synced).ordinal() + repl.evaluate(replica).ordinal();
            pub.publish(Decision.GALERA_SYNCED);
        }
        long ns = System.nanoTime() - t0;
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        System.err.printf("decision: %.1f ns per 2 evaluations + publish, %d bytes allocated in 1e6 rounds (%d)%n",
                ns / 1e6, allocated, sum);
        assertTrue(allocated < 4096, allocated + " bytes allocated on the steady path");
    }

    @Test
    void readerCountdownFollowsPercona() {
        var sink = new RecordingAttrd();
        var pub = new AttributePublisher(sink.attributes(), Duration.ZERO, "readable", "writable", 3);
        pub.publish(Decision.DB_TIMEOUT); // starts at 0: failing first check stays 0
        assertEquals(0, pub.reader());
        pub.publish(Decision.GALERA_SYNCED);
        assertEquals(3, pub.reader());
        assertEquals(1, pub.writer());
        pub.publish(Decision.DB_TIMEOUT);
        assertEquals(2, pub.reader());
        assertEquals(0, pub.writer(), "any error drops the writer at once");
        pub.publish(Decision.DB_TIMEOUT);
        pub.publish(Decision.DB_TIMEOUT);
        pub.publish(Decision.DB_TIMEOUT);
        assertEquals(0, pub.reader());
        pub.publish(Decision.READ_ONLY);
        assertEquals(3, pub.reader());
        // only changes were written: 0/0, 3/1, 2/0, 1, 0, 3
        assertEquals(List.of("readable=0", "writable=0", "readable=3", "writable=1", "readable=2", "writable=0",
                "readable=1", "readable=0", "readable=3"), sink.writes());
    }
}
