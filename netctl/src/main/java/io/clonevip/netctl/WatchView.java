package io.clonevip.netctl;

import io.clonevip.cluster.ClusterIpSpec;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code netctl watch} output: one frame of text per sample, or one JSON document per line. */
public final class WatchView {
    private WatchView() {}

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    /** The frame's lines (no trailing newline on the last), the drains without their connections. */
    public static List<String> frame(CounterRates r, String every) { return frame(r, HeldConnections.NONE, every); }

    /** The frame's lines, each drain with the connections it still holds ({@code held}, counted for the sample's states). */
    public static List<String> frame(CounterRates r, HeldConnections held, String every) {
        List<String> l = new ArrayList<>();
        Set<String> said = new HashSet<>();
        l.add("netctl watch  " + TIME.format(r.time()) + "  every " + every + "  (Ctrl-C to stop)");
        if (r.vips().isEmpty()) l.add("no cluster IP configured on this node");
        for (CounterRates.VipRates v : r.vips()) {
            ClusterIpSpec spec = v.state().spec();
            l.add("");
            l.add(String.format("%s  %s  N=%d  %s  local %s", Endpoint.text(spec.vip()), spec.nic(), spec.buckets(),
                    spec.hashMode(), v.state().local().isEmpty() ? "none" : v.state().local().format()));
            for (String d : DrainView.lines(v.state(), held, said)) l.add("  " + d);
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

    /** One line of JSON for the sample, the drains' {@code connections} null (not counted). */
    public static String json(CounterRates r) { return json(r, HeldConnections.NONE); }

    /** One line of JSON for the sample, with the connections each drain still holds ({@code held}). */
    public static String json(CounterRates r, HeldConnections held) {
        List<Object> ips = new ArrayList<>();
        for (CounterRates.VipRates v : r.vips()) {
            ClusterIpSpec spec = v.state().spec();
            List<Object> rates = new ArrayList<>();
            for (CounterRates.BucketRate x : v.buckets()) {
                rates.add(Json.obj("bucket", x.bucket(), "local", x.local(), "packets_per_s", x.packetsPerSecond(),
                        "bytes_per_s", x.bytesPerSecond(), "new_connections_per_s", x.newConnectionsPerSecond(),
                        "state", DrainView.state(v.state(), x.bucket())));
            }
            ips.add(Json.obj("vip", Endpoint.text(spec.vip()), "nic", spec.nic(), "buckets", spec.buckets(),
                    "local_buckets", StatusView.list(v.state().local()), "rates", rates,
                    "draining", DrainView.drainsJson(v.state(), held), "guarded", DrainView.json(v.state().guarded()),
                    "connections_note", held.notCounted(spec.vip())));
        }
        return Json.write(Json.obj("time", r.time().toString(), "seconds", Math.round(r.seconds() * 1000) / 1000.0,
                "cluster_ips", ips));
    }
}
