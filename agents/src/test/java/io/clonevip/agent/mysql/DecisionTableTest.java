package io.clonevip.agent.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void readerCountdownFollowsPercona() {
        var sink = new RecordingSink();
        var pub = new AttributePublisher(sink, null, "readable", "writable", 3);
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
