package io.clonevip.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Not a benchmark: checks that the JMH harness finds and runs the benchmarks (in-process, tiny). */
class HarnessSmokeTest {
    @Test
    void harnessRunsABenchmark() throws Exception {
        // a tiny in-process run: it must not fail because a real benchmark run holds JMH's lock
        System.setProperty("jmh.ignoreLock", "true");
        Options o = new OptionsBuilder()
                .include(NetlinkEncodeBench.class.getSimpleName() + ".encodeElementAdd")
                .forks(0).warmupIterations(0).measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(50))
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(o).run();
        assertFalse(results.isEmpty());
        double score = results.iterator().next().getPrimaryResult().getScore();
        assertTrue(score > 0 && Double.isFinite(score), "score " + score);
    }
}
