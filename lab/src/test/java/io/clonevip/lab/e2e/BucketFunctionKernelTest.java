package io.clonevip.lab.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clonevip.lab.net.NetLab;
import io.clonevip.testkit.Cmd;
import io.clonevip.nativ.NetNs;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The client's model of upstream IPaddr2's nft rule ({@code jhash ip saddr mod N seed S offset 1})
 * against the kernel: one counter per bucket in a node namespace, one UDP packet per source address.
 */
class BucketFunctionKernelTest {


    @Test
    void sourceAddressHashMatchesTheKernel() throws Exception {
        try (NetLab lab = NetLab.start(1)) {
            String node = lab.node(1);
            String dst = lab.address(node);
            String table = "cvjh" + lab.id();
            List<InetAddress> sources = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String a = "198.51.100." + (ClientSources.FIRST + i);
                Cmd.ok("ip", "-n", lab.client(), "addr", "add", a + "/24", "dev", "eth0");
                sources.add(InetAddress.getByName(a));
            }
            for (int buckets : new int[] {3, 12}) {
                StringBuilder rules = new StringBuilder("table ip " + table + " {\n chain pre {\n"
                        + "  type filter hook prerouting priority mangle; policy accept;\n");
                for (int b = 1; b <= buckets; b++) {
                    rules.append(String.format("  ip daddr %s udp dport 9 jhash ip saddr mod %d seed 0x%08x offset 1 == %d counter comment \"b%d\"%n",
                            dst, buckets, SeedConfig.UPSTREAM_SEED, b, b));
                }
                rules.append(" }\n}\n");
                Path f = Files.createTempFile("cvjh", ".nft");
                try {
                    Files.writeString(f, rules);
                    lab.exec(node, "nft", "delete", "table", "ip", table);
                    Cmd.ok("ip", "netns", "exec", node, "nft", "-f", f.toString());
                } finally {
                    Files.delete(f);
                }
                BucketFunction model = BucketFunction.sourceAddressOnly(SeedConfig.UPSTREAM_SEED, buckets);
                int[] before = counters(lab, node, table, buckets);
                for (InetAddress src : sources) {
                    NetNs.run(lab.client(), () -> {
                        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(src, 0))) {
                            s.send(new DatagramPacket(new byte[] {1}, 1, InetAddress.getByName(dst), 9));
                        }
                    });
                    int[] after = counters(lab, node, table, buckets);
                    int hit = -1;
                    for (int b = 1; b <= buckets; b++) {
                        if (after[b] == before[b] + 1) {
                            hit = b;
                        }
                    }
                    assertEquals(model.bucket(src, 0), hit, src + " with " + buckets + " buckets");
                    before = after;
                }
            }
        }
    }

    /** Packets counted per bucket (index 1..buckets). */
    private static int[] counters(NetLab lab, String node, String table, int buckets) {
        String out = Cmd.ok("ip", "netns", "exec", node, "nft", "list", "chain", "ip", table, "pre");
        int[] c = new int[buckets + 1];
        for (String line : out.split("\n")) {
            Matcher b = Pattern.compile("comment \"b(\\d+)\"").matcher(line);
            Matcher n = Pattern.compile("counter packets (\\d+)").matcher(line);
            if (b.find() && n.find()) {
                c[Integer.parseInt(b.group(1))] = Integer.parseInt(n.group(1));
            }
        }
        return c;
    }
}
