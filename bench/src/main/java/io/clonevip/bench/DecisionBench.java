package io.clonevip.bench;

import io.clonevip.agent.mysql.ClusterType;
import io.clonevip.agent.mysql.DbStatus;
import io.clonevip.agent.mysql.Decision;
import io.clonevip.agent.mysql.DecisionTable;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The mysql_monitor hot path without I/O: one DB status snapshot evaluated into the
 * reader/writer decision ({@link DecisionTable#evaluate}) for each cluster type, alternating
 * between a healthy and an unhealthy snapshot so no branch is constant. Target: below 1 µs and
 * allocation-free ({@code -prof gc}: gc.alloc.rate.norm 0 B/op).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class DecisionBench {
    @Param({"read-only", "replication", "pxc"})
    public String clusterType;

    private DecisionTable table;
    private DbStatus[] snapshots;
    private int i;

    @Setup
    public void setup() {
        ClusterType type = ClusterType.fromParameter(clusterType);
        table = new DecisionTable(type, 3600, false, true);
        snapshots = switch (type) {
            case READ_ONLY -> new DbStatus[] {DbStatus.readOnlyOnly(false), DbStatus.readOnlyOnly(true)};
            case REPLICATION -> new DbStatus[] {
                DbStatus.replication(true, true, "Yes", "Yes", 2L), DbStatus.replication(true, true, "Yes", "Yes", 7200L)};
            case PXC -> new DbStatus[] {
                DbStatus.galera(false, DbStatus.WSREP_SYNCED, "Primary", true, null),
                DbStatus.galera(false, DbStatus.WSREP_DONOR_DESYNCED, "Primary", true, "DISABLED")};
        };
    }

    /** One evaluation; the reader and writer bits of the result are what the monitor publishes. */
    @Benchmark
    public Decision evaluate() {
        return table.evaluate(snapshots[i++ & 1]);
    }
}
