package io.clonevip.agent.ipaddr;

import io.clonevip.ocf.OcfLog;
import java.net.InetAddress;
import java.util.OptionalLong;

/**
 * How the nodes of a cluster IP tell each other which buckets they drain: the old owner of a
 * bucket announces the end of its drain when its instance stops, the new owner reads it when
 * its instance starts (and guards the bucket until then) and while its monitor finds the guard.
 * When the old owner leaves the cluster (crash, fencing, partition), Pacemaker drops its
 * notices with its transient node attributes, and the new owner's next monitor ends the guard:
 * the old owner's clients are reset at their next packet instead of hanging until the drain's
 * end. Never fails an action: problems are logged (docs/developer/drain.md).
 */
interface DrainNotices {

    /** This node drains {@code bucket} of {@code vip} until {@code endMs} (epoch milliseconds). */
    void announce(InetAddress vip, int bucket, long endMs, OcfLog log);

    /** This node no longer drains {@code bucket} (it serves it again, or its drain ended). */
    void withdraw(InetAddress vip, int bucket, OcfLog log);

    /**
     * The latest end (epoch milliseconds) after {@code nowMs} that another node announced for
     * {@code bucket}: 0 when no other node drains it, empty when the notices cannot be read.
     */
    OptionalLong othersUntil(InetAddress vip, int bucket, long nowMs, OcfLog log);

    /** No cluster to tell (tests, or outside Pacemaker): nothing announced, nobody drains. */
    DrainNotices NONE = new DrainNotices() {
        @Override
        public void announce(InetAddress vip, int bucket, long endMs, OcfLog log) {
        }

        @Override
        public void withdraw(InetAddress vip, int bucket, OcfLog log) {
        }

        @Override
        public OptionalLong othersUntil(InetAddress vip, int bucket, long nowMs, OcfLog log) {
            return OptionalLong.of(0);
        }
    };
}
