package io.clonevip.bench;

import io.clonevip.cluster.ClusterIpTables;
import io.clonevip.cluster.ClusterState;
import io.clonevip.nft.Family;
import io.clonevip.nft.NftConn;
import io.clonevip.nft.TableContents;
import io.clonevip.cluster.ClusterRuleset;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding a ruleset dump: the kernel's real reply datagrams for reading back one cluster IP
 * (12 buckets, captured once from a namespace by {@link DumpCapture}, replayed by
 * {@link DumpReplay}) through the model's own path: {@link NftConn#readTable} (netlink parsing
 * and the table/chain/set/element/rule decoders) and {@link ClusterIpTables#state} (both tables
 * read and the state reconstructed and compared with the expected ruleset).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class DumpDecodeBench {
    private NftConn conn;
    private ClusterIpTables tables;
    private String table;

    @Setup
    public void setup() throws IOException {
        conn = new NftConn(new DumpReplay(RecordedDump.resource("dump-12.bin")), true);
        tables = new ClusterIpTables(conn);
        table = ClusterRuleset.tableName(Workloads.SPEC.vip());
    }

    /** The inet table: tables, sets, elements of both sets, chains, rules (6 dumps). */
    @Benchmark
    public TableContents readInetTable() throws Exception {
        return conn.readTable(Family.INET, table);
    }

    /** Both tables decoded and the cluster state rebuilt and checked against the expected ruleset. */
    @Benchmark
    public ClusterState readClusterState() throws Exception {
        ClusterState st = tables.state(Workloads.SPEC.vip());
        if (!st.whole()) throw new IllegalStateException(st.problems().toString());
        return st;
    }
}
