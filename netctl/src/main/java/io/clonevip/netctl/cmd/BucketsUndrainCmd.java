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

/** {@code netctl buckets undrain VIP BUCKETS...}: ends drains before the kernel does. */
@Command(name = "undrain", mixinStandardHelpOptions = true,
        description = {"End the drain of buckets this node drains, now instead of when its time runs out.",
                "A draining bucket (after a planned move) is answered here for its established connections only;",
                "once the drain ends this node drops their packets, and the new owner resets those connections",
                "when its guard of the bucket ends (buckets unguard there ends it at once). When nothing is served",
                "or drained here any more, the VIP's tables, its address and the cluster MAC membership go, as",
                "after the last stop.",
                "A bucket that is not draining (its drain may have just ended) is named and left alone."},
        footerHeading = "%n",
        footer = {"Prints what ended and what is left. Exit status: 0 (also for a bucket not draining), 2 for a",
                "bucket outside 1..N or a malformed list (nothing changed), 3 when VIP is not configured here,",
                "4 without privileges, 5 for an unknown --netns, 6 on a concurrent change (one transaction a bucket:",
                "those ended before it stay ended; run it again)."})
public final class BucketsUndrainCmd extends BucketTimeEndCmd {
    @Override
    String kind() { return "draining"; }

    @Override
    List<TimedBucket> timed(ClusterState st) { return st.draining(); }

    @Override
    String text(TimedBucket t) { return DrainView.drainText(t); }

    @Override
    ClusterChange end(ClusterIpNode node, InetAddress vip, int bucket) throws KernelException {
        return node.endDrain(vip, bucket);
    }
}
