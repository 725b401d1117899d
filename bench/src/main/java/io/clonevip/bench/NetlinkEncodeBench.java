package io.clonevip.bench;

import io.clonevip.cluster.BucketSet;
import io.clonevip.cluster.ClusterRuleset;
import io.clonevip.nativ.KernelException;
import io.clonevip.netlink.Attrs;
import io.clonevip.netlink.NlMsg;
import io.clonevip.netlink.NlMsgBuilder;
import java.util.List;
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
 * Netlink encoding: the whole cluster-IP transaction (every object of {@link ClusterRuleset#of}
 * in one batch, as {@code ClusterIpTables.apply} sends it to a node without configuration), a
 * bucket move's batch (delete one element, add one), and the core (one element message, parsing
 * a reply datagram). Each result is the sealed datagram, ready for {@code send}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class NetlinkEncodeBench {
    private byte[] datagram;
    private ClusterRuleset ruleset;
    private BucketSet local;
    private int gen;

    @Setup
    public void setup() throws KernelException {
        datagram = element(3).seal(1);
        ruleset = ClusterRuleset.of(Workloads.SPEC);
        local = BucketSet.parse(Workloads.LOCAL, Workloads.SPEC.buckets());
    }

    /** The create transaction from ready-built objects (18 messages plus batch begin and end, 4.6 kB). */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    public byte[] encodeClusterIpTransaction() throws KernelException {
        return Workloads.createTransaction(ruleset, local).build(++gen).seal(gen);
    }

    /** As {@link #encodeClusterIpTransaction}, including {@code ClusterRuleset.of(spec)}. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    public byte[] rulesetOfAndEncode() throws KernelException {
        return Workloads.createTransaction(ClusterRuleset.of(Workloads.SPEC), local).build(++gen).seal(gen);
    }

    /** A bucket move on one node: delete bucket 4, add bucket 5, genid-checked. */
    @Benchmark
    public byte[] encodeBucketChange() throws KernelException {
        return Workloads.bucketChange(ruleset, 4, 5).build(++gen).seal(gen);
    }

    /** NEWSETELEM-shaped message: table, set, one element with a 4-byte key. */
    static NlMsgBuilder element(int bucket) {
        NlMsgBuilder b = new NlMsgBuilder();
        b.message(0x0a0c, 0x405, w -> {
            w.rawU8(1).rawU8(0).rawBe16(0);
            w.string(1, "cluster").string(2, "local");
            int list = w.nestStart(3);
            int el = w.nestStart(1);
            w.nested(1, k -> k.u32(1, bucket));
            w.nestEnd(el);
            w.nestEnd(list);
        });
        return b;
    }

    @Benchmark
    public byte[] encodeElementAdd() throws KernelException {
        return element(7).seal(42);
    }

    @Benchmark
    public int parseReply() throws KernelException {
        List<NlMsg> msgs = NlMsg.parseAll(datagram, datagram.length);
        Attrs a = msgs.get(0).reader().skip(4).attributes();
        return a.size();
    }
}
