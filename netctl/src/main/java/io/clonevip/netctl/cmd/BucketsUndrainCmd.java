package io.clonevip.netctl.cmd;

import io.clonevip.cluster.BucketSet;
import io.clonevip.cluster.ClusterChange;
import io.clonevip.cluster.ConnectionsClosed;
import io.clonevip.cluster.VipConnections;
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
                "ending the drain closes those that are still open (their clients get a reset from this node, the",
                "database sees the sessions end; a kernel without CONFIG_INET_DIAG_DESTROY cannot, and says so:",
                "then the new owner resets them when its guard ends, which buckets unguard there ends at once). When nothing is served",
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
        return node.endDrain(vip, bucket, c -> {
            if (c.before() == null) return;
            try (VipConnections connections = VipConnections.open()) {
                ConnectionsClosed r = connections.close(c.before().spec(), BucketSet.of(c.before().spec().buckets(), bucket));
                note(r.summary("of bucket " + bucket));
            } catch (KernelException e) {
                note("could not close the TCP connections of bucket " + bucket + ": " + e.getMessage());
            }
        });
    }
}
