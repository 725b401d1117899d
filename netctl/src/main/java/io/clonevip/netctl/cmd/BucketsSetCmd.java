package io.clonevip.netctl.cmd;

import io.clonevip.cluster.BucketSet;
import picocli.CommandLine.Command;

/** {@code netctl buckets set VIP BUCKETS...}. */
@Command(name = "set", mixinStandardHelpOptions = true, description = "Serve exactly these buckets (an empty argument '' serves none).",
        footerHeading = "%n",
        footer = {"Prints the resulting set. Exit status: 0, 2 for a bucket outside 1..N or a malformed list,",
                "3 when VIP is not configured here, 4 without privileges, 5 for an unknown --netns, 6 on a",
                "concurrent change (nothing applied)."})
public final class BucketsSetCmd extends BucketChangeCmd {
    @Override
    BucketSet wanted(BucketSet current, BucketSet given) {
        return given;
    }

    @Override
    boolean blankAllowed() { return true; }
}
