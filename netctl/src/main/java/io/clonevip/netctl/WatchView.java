package io.clonevip.netctl;

import io.clonevip.cluster.ClusterIpSpec;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** {@code netctl watch} output: one frame of text per sample, or one JSON document per line. */
public final class WatchView {
    private WatchView() {}

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    /** The frame's lines (no trailing newline on the last). */
    public static List<String> frame(CounterRates r, String every) {
        List<String> l = new ArrayList<>();
        l.add("netctl watch  " + TIME.format(r.time()) + "  every " + every + "  (Ctrl-C to stop)");
        if (r.vips().isEmpty()) l.add("no cluster IP configured on this node");
        for (CounterRates.VipRates v : r.vips()) {
            ClusterIpSpec spec = v.state().spec();
            l.add("");
            l.add(String.format("%s  %s  N=%d  %s  local %s", spec.vip().getHostAddress(), spec.nic(), spec.buckets(),
                    spec.hashMode(), v.state().local().isEmpty() ? "none" : v.state().local().format()));
            for (String d : DrainView.lines(v.state())) l.add("  " + d);
            l.add("  map " + BucketMap.render(v.state().local()).replace("\n", "\n    "));
            l.add(String.format("  %6s %5s %10s %12s %8s", "BUCKET", "LOCAL", "PKTS/S", "BYTES/S", "NEW/S"));
            double p = 0;
            double b = 0;
            double n = 0;
            for (CounterRates.BucketRate x : v.buckets()) {
                if (x.packetsPerSecond() != null) p += x.packetsPerSecond();
                if (x.bytesPerSecond() != null) b += x.bytesPerSecond();
                n += x.newConnectionsPerSecond();
                if (!StatusView.listed(v.state(), x.bucket(), x.newConnectionsPerSecond() != 0)) continue;
                l.add(String.format("  %6d %5s %10s %12s %8.1f", x.bucket(), DrainView.column(v.state(), x.bucket()),
                        num(x.packetsPerSecond()), num(x.bytesPerSecond()), x.newConnectionsPerSecond()));
            }
            l.add(String.format("  %6s %5s %10.1f %12.1f %8.1f", "total", "", p, b, n));
        }
        return l;
    }

    private static String num(Double d) { return d == null ? "-" : String.format("%.1f", d); }

    /** One line of JSON for the sample. */
    public static String json(CounterRates r) {
        List<Object> ips = new ArrayList<>();
        for (CounterRates.VipRates v : r.vips()) {
            ClusterIpSpec spec = v.state().spec();
            List<Object> rates = new ArrayList<>();
            for (CounterRates.BucketRate x : v.buckets()) {
                rates.add(Json.obj("bucket", x.bucket(), "local", x.local(), "packets_per_s", x.packetsPerSecond(),
                        "bytes_per_s", x.bytesPerSecond(), "new_connections_per_s", x.newConnectionsPerSecond(),
                        "state", DrainView.state(v.state(), x.bucket())));
            }
            ips.add(Json.obj("vip", spec.vip().getHostAddress(), "nic", spec.nic(), "buckets", spec.buckets(),
                    "local_buckets", StatusView.list(v.state().local()), "rates", rates,
                    "draining", DrainView.json(v.state().draining()), "guarded", DrainView.json(v.state().guarded())));
        }
        return Json.write(Json.obj("time", r.time().toString(), "seconds", Math.round(r.seconds() * 1000) / 1000.0,
                "cluster_ips", ips));
    }
}
