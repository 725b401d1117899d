package io.clonevip.netctl.cmd;

import io.clonevip.cluster.ClusterChange;
import io.clonevip.cluster.ClusterIpNode;
import io.clonevip.cluster.ClusterState;
import io.clonevip.cluster.ClusterState.TimedBucket;
import io.clonevip.nativ.KernelException;
import io.clonevip.netctl.DrainView;
import java.net.InetAddress;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code netctl buckets unguard VIP BUCKETS...}: ends guards before the kernel does. */
@Command(name = "unguard", mixinStandardHelpOptions = true,
        description = {"End the guard of buckets another node drains, now instead of when its time runs out.",
                "While a bucket is guarded this node drops the mid-stream packets of the old owner's connections",
                "instead of resetting them. Ending the guard makes this node reset them: use it when the draining",
                "node is gone (crashed), so that its clients learn it at once instead of when the guard ends.",
                "A bucket that is not guarded is named and left alone."},
        footerHeading = "%n",
        footer = {"Prints what ended and what is left. Exit status: 0 (also for a bucket not guarded), 2 for a",
                "bucket outside 1..N or a malformed list (nothing changed), 3 when VIP is not configured here,",
                "4 without privileges, 5 for an unknown --netns, 6 on a concurrent change (one transaction a bucket:",
                "those ended before it stay ended; run it again)."})
public final class BucketsUnguardCmd extends BucketTimeEndCmd {
    @Override
    String kind() { return "guarded"; }

    @Override
    List<TimedBucket> timed(ClusterState st) { return st.guarded(); }

    @Override
    String text(TimedBucket t) { return DrainView.guardText(t); }

    @Override
    ClusterChange end(ClusterIpNode node, InetAddress vip, int bucket) throws KernelException {
        return node.tables().guard(vip, bucket, 0);
    }
}
