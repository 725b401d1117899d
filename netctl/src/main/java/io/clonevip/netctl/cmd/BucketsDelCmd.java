package io.clonevip.netctl.cmd;

import io.clonevip.cluster.BucketSet;
import picocli.CommandLine.Command;

/** {@code netctl buckets del VIP BUCKETS...}. */
@Command(name = "del", mixinStandardHelpOptions = true, description = "Remove buckets from those this node serves (absent ones are fine).",
        footerHeading = "%n",
        footer = {"Prints the resulting set. Exit status: 0, 2 for a bucket outside 1..N or a malformed list,",
                "3 when VIP is not configured here, 4 without privileges, 5 for an unknown --netns, 6 on a",
                "concurrent change (nothing applied)."})
public final class BucketsDelCmd extends BucketChangeCmd {
    @Override
    BucketSet wanted(BucketSet current, BucketSet given) {
        BucketSet r = current;
        for (int b : given) r = r.without(b);
        return r;
    }
}
