package io.clonevip.netctl.cmd;

import io.clonevip.cluster.BucketSet;
import io.clonevip.netctl.JsonOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The arguments every {@code buckets} subcommand takes: VIP BUCKETS... [--json]. */
abstract class BucketArgsCmd implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption json;

    @Parameters(index = "0", paramLabel = "VIP", description = "The cluster IP.")
    String vip;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "BUCKETS",
            description = "Bucket numbers and ranges, e.g. 2 or 1,4-6 (several arguments are joined).")
    List<String> buckets;

    /** The buckets of {@code s}, ascending. */
    static List<Integer> list(BucketSet s) {
        List<Integer> l = new ArrayList<>();
        for (int b : s) l.add(b);
        return l;
    }

    /** {@code l} as a bucket list of 1..n such as {@code 1,4-6}. */
    static String text(List<Integer> l, int n) {
        BucketSet s = BucketSet.empty(n);
        for (int b : l) s = s.with(b);
        return s.format();
    }
}
