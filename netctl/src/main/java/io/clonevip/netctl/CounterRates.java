package io.clonevip.netctl;

import io.clonevip.cluster.ClusterState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-bucket rates of the cluster IPs between two readings of the counters: packets/s and
 * bytes/s accepted for each local bucket and each bucket this node drains (a drain's packets
 * falling to 0 tell its connections are done), new connections/s for every bucket. A bucket that
 * was not local (or draining) in the earlier reading, or that went from local to draining, has
 * no packet rate yet; counters that went backwards (the ruleset was recreated) count from zero.
 *
 * @param time    when the later reading was taken
 * @param seconds the time between the readings
 * @param vips    one entry per cluster IP of the later reading
 */
public record CounterRates(Instant time, double seconds, List<VipRates> vips) {

    /** The rates of one cluster IP. */
    public record VipRates(ClusterState state, List<BucketRate> buckets) {}

    /** One bucket: packetsPerSecond and bytesPerSecond are null when the bucket is neither local nor draining (or was not yet). */
    public record BucketRate(int bucket, boolean local, Double packetsPerSecond, Double bytesPerSecond,
                             double newConnectionsPerSecond) {}

    /** The rates from {@code before} to {@code after}, {@code seconds} apart. */
    public static CounterRates between(List<ClusterState> before, List<ClusterState> after, double seconds, Instant time) {
        Map<String, ClusterState> earlier = new HashMap<>();
        for (ClusterState s : before) earlier.put(s.spec().vip().getHostAddress(), s);
        List<VipRates> out = new ArrayList<>();
        for (ClusterState now : after) {
            ClusterState then = earlier.get(now.spec().vip().getHostAddress());
            if (then != null && then.spec().buckets() != now.spec().buckets()) then = null;
            List<BucketRate> rates = new ArrayList<>();
            for (int b = 1; b <= now.spec().buckets(); b++) {
                ClusterState.BucketCounter c = StatusView.counter(now, b);
                // the same counter in both readings: a bucket that went from local to draining starts another
                ClusterState.BucketCounter p = then == null || !DrainView.column(then, b).equals(DrainView.column(now, b))
                        ? null : StatusView.counter(then, b);
                Double pps = null;
                Double bps = null;
                if (c != null && p != null) {
                    pps = rate(c.packets() - p.packets(), c.packets(), seconds);
                    bps = rate(c.bytes() - p.bytes(), c.bytes(), seconds);
                }
                long nc = now.newConnections()[b - 1];
                double ncps = then == null ? 0 : rate(nc - then.newConnections()[b - 1], nc, seconds);
                rates.add(new BucketRate(b, now.local().contains(b), pps, bps, ncps));
            }
            out.add(new VipRates(now, List.copyOf(rates)));
        }
        return new CounterRates(time, seconds, List.copyOf(out));
    }

    private static double rate(long delta, long current, double seconds) {
        long d = delta < 0 ? current : delta;
        return Math.round(d / seconds * 10) / 10.0;
    }
}
