package io.clonevip.netctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.lab.net.JoinedVipLab;
import io.clonevip.lab.net.TrafficClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

/**
 * netctl run in the nodes of a {@link JoinedVipLab} as the lab tests of either family call it:
 * a command in node i's namespace, the VIP's status as JSON, and {@code watch} while a client
 * sends traffic.
 */
final class LabNetctl {
    private final JoinedVipLab lab;
    private final String vip;

    LabNetctl(JoinedVipLab lab, String vip) {
        this.lab = lab;
        this.vip = vip;
    }

    /** {@code netctl --netns <node i> args...}. */
    Cli on(int node, String... args) {
        String[] a = new String[args.length + 2];
        a[0] = "--netns";
        a[1] = lab.net().node(node);
        System.arraycopy(args, 0, a, 2, args.length);
        return Cli.run(a);
    }

    /** Node i's {@code status VIP --json}: the VIP's object; the command must succeed. */
    @SuppressWarnings("unchecked")
    Map<String, Object> status(int node) {
        Cli r = on(node, "status", vip, "--json");
        assertEquals(0, r.exit(), r.toString());
        return (Map<String, Object>) ((List<Object>) JsonText.object(r.out()).get("cluster_ips")).get(0);
    }

    /** {@code count} source ports from {@code base}, 7 apart. */
    static List<Integer> ports(int base, int count) {
        return IntStream.range(0, count).map(i -> base + 7 * i).boxed().toList();
    }

    /** A status JSON without the counters that move with traffic. */
    static String unchanging(String statusJson) {
        return statusJson.replaceAll("\"(packets|bytes|new_connections)\":\\d+", "");
    }

    /**
     * Node 1's {@code watch VIP --count 3 --interval 300ms --json} while {@code client} opens TCP
     * connections: three lines, each with node 1's buckets 1 and 4, packets counted on the local
     * buckets only and new connections counted.
     */
    @SuppressWarnings("unchecked")
    void assertWatchCountsTraffic(TrafficClient client) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Thread traffic = Thread.ofPlatform().start(() -> {
            int base = 40000;
            while (!stop.get() && base < 60000) {
                try {
                    client.tcp(ports(base, 10));
                } catch (Exception e) {
                    return;
                }
                base += 70;
            }
        });
        Cli r;
        try {
            r = on(1, "watch", vip, "--count", "3", "--interval", "300ms", "--json");
        } finally {
            stop.set(true);
            traffic.join();
        }
        assertEquals(0, r.exit(), r.toString());
        String[] lines = r.out().strip().split("\n");
        assertEquals(3, lines.length, r.out());
        double packets = 0;
        double fresh = 0;
        for (String l : lines) {
            Map<String, Object> ip = (Map<String, Object>) ((List<Object>) JsonText.object(l).get("cluster_ips")).get(0);
            assertEquals(vip, ip.get("vip"));
            assertEquals(List.of(1L, 4L), ip.get("local_buckets"));
            for (Object o : (List<Object>) ip.get("rates")) {
                Map<String, Object> b = (Map<String, Object>) o;
                if (Boolean.TRUE.equals(b.get("local"))) packets += (Double) b.get("packets_per_s");
                else assertEquals(null, b.get("packets_per_s"));
                fresh += (Double) b.get("new_connections_per_s");
            }
        }
        assertTrue(packets > 0, "local buckets saw packets: " + r.out());
        assertTrue(fresh > 0, "new connections counted: " + r.out());
    }
}
