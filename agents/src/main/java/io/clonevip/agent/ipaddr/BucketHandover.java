package io.clonevip.agent.ipaddr;

import io.clonevip.cluster.ClusterChange;
import io.clonevip.cluster.ClusterIpNode;
import io.clonevip.cluster.ClusterIpSpec;
import io.clonevip.cluster.ClusterState;
import io.clonevip.cluster.VipAddress;
import io.clonevip.nativ.KernelException;
import io.clonevip.ocf.OcfEnv;
import io.clonevip.rtnl.IpLiteral;
import java.util.Locale;

/**
 * How a clone instance hands its bucket over between nodes (docs/developer/drain.md): the
 * stop's drain, which keeps the bucket's TCP connections here for drain_limit and announces its
 * end ({@link DrainNotices}); the start's guard, which leaves the old owner's connections alone
 * until that end; the monitor's end of a guard whose drain no node announces any more.
 */
final class BucketHandover {
    private final VipSettings s;
    private final OcfEnv env;
    private final DrainNotices drains;

    /** After another node's drain ends, how long this node still guards the bucket (clock skew, the last packets in flight). */
    static final long GUARD_MARGIN_MS = 2_000;

    BucketHandover(VipSettings s, OcfEnv env, DrainNotices drains) {
        this.s = s;
        this.env = env;
        this.drains = drains;
    }

    private int bucket() {
        return s.bucket().bucket();
    }

    /**
     * The stop's drain: with drain_limit > 0 and established TCP connections of this bucket
     * here, the bucket drains ({@link ClusterIpNode#drain}: the node keeps answering them, the
     * kernel ends the drain after the limit; address and membership stay, the address with a
     * lifetime that ends after the drains when nothing else is served)
     * and the drain's end is announced to the bucket's next owner. Null: the stop cuts (no
     * limit, no connection of the bucket by the configured hash, or the bucket not served here).
     */
    ClusterChange drain(ClusterIpNode node, ClusterIpSpec spec, VipAddress address) throws KernelException {
        long limit = s.drainLimit().toMillis();
        if (limit == 0) {
            return null;
        }
        int held = StoppedConnections.held(spec, bucket(), env.log()); // sock_diag only: no nf_tables read when none
        if (held == 0) {
            return null;
        }
        ClusterChange c = node.drain(spec, address, bucket(), limit);
        ClusterState before = c.before();
        if (before == null || bucket() > before.local().total() || !before.local().contains(bucket())) {
            return null; // not served here: the stop's cleanup as without a drain
        }
        drains.announce(s.ip(), bucket(), System.currentTimeMillis() + limit, env.log());
        env.log().info("stop: bucket " + bucket() + " of " + IpLiteral.format(s.ip()) + " drains: "
                + (held < 0 ? "its" : held) + " TCP connection(s) stay here for " + seconds(limit)
                + " s at most; new connections go to its next owner");
        return c;
    }

    /** How long this start guards its bucket: until another node's announced drain ends (0: none, or drain_limit 0). */
    long guardFor() {
        if (s.drainLimit().isZero()) {
            return 0;
        }
        long now = System.currentTimeMillis();
        long until = drains.othersUntil(s.ip(), bucket(), now, env.log()).orElse(0);
        return until > now ? until - now + GUARD_MARGIN_MS : 0;
    }

    /**
     * After the start's join ({@code guardMs} from {@link #guardFor}): a bucket that was draining
     * here is served again with its connections and its drain's notice withdrawn.
     */
    void joined(ClusterChange c, long guardMs) {
        if (c.before() != null && c.before().drainingBuckets().contains(bucket())) {
            env.log().info("bucket " + bucket() + " was draining here: served again, with its connections");
            drains.withdraw(s.ip(), bucket(), env.log());
        }
        if (guardMs > 0) {
            env.log().info("bucket " + bucket() + " drains on another node: its connections there are left alone for "
                    + seconds(guardMs) + " s at most");
        }
    }

    /**
     * Monitor of a running bucket that this node guards: when no other node announces a drain of
     * it any more (the drain ended, or its node left the cluster and Pacemaker dropped its
     * attributes), the guard ends now, so the old owner's clients are reset at their next packet
     * instead of waiting for the guard's time. Never fails the monitor.
     */
    void endOrphanGuard(ClusterIpNode node, ClusterState cs) {
        if (!cs.guardedBuckets().contains(bucket())) {
            return;
        }
        long now = System.currentTimeMillis();
        if (drains.othersUntil(s.ip(), bucket(), now, env.log()).orElse(-1) != 0) {
            return;
        }
        try {
            node.tables().guard(s.ip(), bucket(), 0);
            env.log().info("bucket " + bucket() + ": no node drains it any more: guard ended");
        } catch (KernelException | RuntimeException e) {
            env.log().warn("bucket " + bucket() + ": guard not ended: " + e.getMessage());
        }
    }

    static String seconds(long ms) {
        return ms % 1000 == 0 ? Long.toString(ms / 1000) : String.format(Locale.ROOT, "%.1f", ms / 1000.0);
    }
}
