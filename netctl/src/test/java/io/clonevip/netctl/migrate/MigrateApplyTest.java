package io.clonevip.netctl.migrate;

import io.clonevip.netctl.Cli;
import static io.clonevip.netctl.migrate.MigrateRun.fixture;
import static io.clonevip.netctl.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.testkit.Cmd;
import io.clonevip.netctl.ExitCodes;
import io.clonevip.cluster.DesiredStates;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code netctl migrate --apply} in a network namespace of its own: the plan from a node's
 * iptables-save and /proc copy becomes the clonevip configuration (tables, local buckets,
 * address, cluster MAC membership); a missing NIC changes nothing.
 */
class MigrateApplyTest {
    private final List<String> created = new ArrayList<>();

    private String namespace(String... nics) {
        String ns = "cvmig" + ProcessHandle.current().pid() + "x" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000));
        Cmd.ok("ip", "netns", "add", ns);
        created.add(ns);
        Cmd.ok("ip", "-n", ns, "link", "set", "lo", "up");
        Cmd.ok("ip", "-n", ns, "link", "add", nics[0], "type", "veth", "peer", "name", nics[1]);
        for (String nic : nics) Cmd.ok("ip", "-n", ns, "link", "set", nic, "up");
        Cmd.ok("ip", "-n", ns, "addr", "add", "198.51.100.11/24", "dev", nics[0]);
        return ns;
    }

    @AfterEach
    void deleteNamespaces() throws IOException {
        for (String ns : created) {
            Cmd.run(List.of("ip", "netns", "del", ns));
            // what --apply recorded for the namespace (netctl runs with the default state directory here)
            DesiredStates.at(DesiredStates.DEFAULT_ROOT, ns).removeAll();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> status(String ns) {
        Cli r = run("--netns", ns, "status", "--json");
        assertEquals(0, r.exit(), r.err());
        return (List<Map<String, Object>>) ((Map<String, Object>) io.clonevip.netctl.JsonText.parse(r.out())).get("cluster_ips");
    }

    /**
     * --keep-connections moves the node's LIVE CLUSTERIP rule (proven in the 6.1 guest:
     * ClusterIpGuestTest); on this kernel there is none: exit 3 naming the VIP, nothing changed.
     */
    @Test
    void keepConnectionsNeedsALiveCLUSTERIPRule() {
        String ns = namespace("eth0", "eth1");
        String before = Cmd.ok("ip", "-n", ns, "-o", "-4", "addr") + Cmd.ok("ip", "netns", "exec", ns, "nft", "list", "ruleset");
        Cli r = run("--netns", ns, "migrate", "--from-iptables-save", fixture("two-vips-counters.iptables-save"),
                "--apply", "--keep-connections");
        assertEquals(3, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("198.51.100.100"), r.err());
        assertEquals(before, Cmd.ok("ip", "-n", ns, "-o", "-4", "addr") + Cmd.ok("ip", "netns", "exec", ns, "nft", "list", "ruleset"));
        Cli u = run("migrate", "--from-iptables-save", fixture("two-vips-counters.iptables-save"), "--keep-connections");
        assertEquals(2, u.exit(), u.err());
        assertTrue(u.err().contains("--keep-connections goes with --apply"), u.err());
    }

    @Test
    void applyProgramsThePlanIdempotently() {
        String ns = namespace("eth0", "eth1");
        for (int round = 1; round <= 2; round++) {
            Cli r = run("--netns", ns, "migrate", "--from-iptables-save", fixture("two-vips-counters.iptables-save"),
                    "--proc-dir", fixture("proc-node2"), "--apply");
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().contains("Applied on this node:\n"
                    + "  198.51.100.100/24 on eth0: N=3, sourceip-sourceport, seed 0x00000000, local buckets 2\n"
                    + "  198.51.100.200/32 on eth1: N=6, sourceip, seed 0xdeadbeef, local buckets 1,4,6\n"), r.out());
            assertTrue(r.out().contains("cut once"), r.out());
            // first from eth0's own address in the network, then from the VIP already there
            String from = round == 1 ? "198.51.100.11/24" : "198.51.100.100/24";
            assertTrue(r.err().contains("198.51.100.100 goes on eth0 as /24 (from " + from + " on eth0)"), r.err());
            assertTrue(r.err().contains("198.51.100.200 goes on eth1 as /" + (round == 1
                    ? "32 (no address of eth1 is in its network)" : "32 (from 198.51.100.200/32 on eth1)")), r.err());
            List<Map<String, Object>> st = status(ns);
            assertEquals(2, st.size(), st.toString());
            Map<String, Object> a = st.get(0).get("vip").equals("198.51.100.100") ? st.get(0) : st.get(1);
            Map<String, Object> b = a == st.get(0) ? st.get(1) : st.get(0);
            assertEquals(List.of(2L), a.get("local_buckets"));
            assertEquals(3L, a.get("buckets"));
            assertEquals("01:00:5e:91:18:86", a.get("cluster_mac"));
            assertEquals(0L, a.get("seed"));
            assertEquals("sourceip-sourceport", a.get("hash_mode"));
            assertEquals(true, a.get("whole"), a.toString());
            assertEquals(List.of(1L, 4L, 6L), b.get("local_buckets"));
            assertEquals(0xdeadbeefL, b.get("seed"));
            assertEquals("sourceip", b.get("hash_mode"));
            assertEquals("eth1", b.get("nic"));
            assertEquals(true, b.get("whole"), b.toString());
        }
        String addrs = Cmd.ok("ip", "-n", ns, "-o", "addr", "show");
        assertTrue(addrs.contains("198.51.100.100/24"), addrs);
        assertTrue(addrs.contains("198.51.100.200/32"), addrs);
        assertTrue(Cmd.ok("ip", "-n", ns, "maddr", "show", "dev", "eth1").contains("01:00:5e:3a:0c:71"));
    }

    @Test
    void missingNicChangesNothing() {
        String ns = namespace("eth0", "other");
        Cli r = run("--netns", ns, "migrate", "--from-iptables-save", fixture("two-vips-counters.iptables-save"),
                "--cidr-netmask", "24", "--apply");
        assertEquals(ExitCodes.FAILURE, r.exit(), r.err());
        assertEquals("netctl: cannot apply 198.51.100.200: this node has no interface eth1; nothing was changed\n", r.err());
        assertEquals("", r.out());
        assertEquals(List.of(), status(ns));
        assertTrue(!Cmd.ok("ip", "-n", ns, "-o", "addr", "show").contains("198.51.100.100"));
    }
}
