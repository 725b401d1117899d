package io.clonevip.bench;

import io.clonevip.cluster.HashMode;
import io.clonevip.cluster.hash.BucketPredictor;
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
 * The Java model of the kernel's jhash: buckets predicted per second for each hash mode
 * ({@link BucketPredictor#bucketIpv4}, 12 buckets, a new client address and port every call).
 * Allocation per call comes from {@code -prof gc} (gc.alloc.rate.norm, expected 0).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class BucketPredictorBench {
    @Param({"sourceip", "sourceip-sourceport", "sourceip-sourceport-destport", "clusterip-compatible-sourceip",
        "clusterip-compatible", "clusterip-compatible-sourceip-sourceport-destport"})
    public String mode;

    private BucketPredictor predictor;
    private int n;

    @Setup
    public void setup() {
        predictor = new BucketPredictor(HashMode.parse(mode), 12, 0xc1057e12L);
    }

    /** One UDP flow's bucket: client 203.0.113.x, source port varying, server port 3306. */
    @Benchmark
    public int bucketIpv4() {
        int i = n++;
        return predictor.bucketIpv4(0xcb007100 | (i & 0xff), BucketPredictor.IPPROTO_UDP, 1024 + (i & 0x7fff), 3306);
    }
}
