package io.clonevip.netctl.migrate;

import io.clonevip.netctl.Cli;
import static io.clonevip.netctl.migrate.MigrateRun.fixture;
import static io.clonevip.netctl.Cli.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.netctl.ExitCodes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code netctl migrate --from-iptables-save}: output, JSON, errors (--apply itself: MigrateApplyTest). */
class MigrateFromIptablesTest {
    @Test
    void humanTableAndCommands() {
        Cli r = run("migrate", "--from-iptables-save", fixture("two-vips-counters.iptables-save"),
                "--proc-dir", fixture("proc-node2"), "--cidr-netmask", "24");
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        String o = r.out();
        assertTrue(o.matches("(?s).*\\n198\\.51\\.100\\.100 +eth0 +3 +sourceip-sourceport +0x00000000 +01:00:5e:91:18:86 +2 +proc .*"), o);
        assertTrue(o.matches("(?s).*\\n198\\.51\\.100\\.200 +eth1 +6 +sourceip +0xdeadbeef +01:00:5e:3a:0c:71 +1,4,6 +proc .*"), o);
        assertTrue(o.contains("  netctl buckets set 198.51.100.200 1,4,6\n"), o);
        assertTrue(o.contains("  crm configure primitive p_vip_198_51_100_100 ocf:clonevip:IPaddr3 params ip=198.51.100.100"
                + " nic=eth0 cidr_netmask=24 mac=01:00:5e:91:18:86 clusterip_hash=sourceip-sourceport hash_seed=0x00000000"
                + " op monitor interval=10s\n"), o);
        assertTrue(o.contains("  crm configure clone cl_vip_198_51_100_200 p_vip_198_51_100_200 meta clone-max=6"
                + " clone-node-max=6 globally-unique=true\n"), o);
        assertTrue(o.contains("  pcs resource create p_vip_198_51_100_200 ocf:clonevip:IPaddr3 ip=198.51.100.200 nic=eth1"
                + " cidr_netmask=24 mac=01:00:5e:3a:0c:71 clusterip_hash=sourceip hash_seed=0xdeadbeef"), o);
        assertTrue(o.contains(MigrationGuide.CUT_ONCE), o);
        assertTrue(!o.contains("PREFIX"), o);
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonParsesBackToTheDocumentedShape() {
        Cli r = run("migrate", "--from-iptables-save", fixture("two-vips-counters.iptables-save"),
                "--proc-dir", fixture("proc-node2"), "--json");
        assertEquals(0, r.exit(), r.err());
        Map<String, Object> doc = (Map<String, Object>) io.clonevip.netctl.JsonText.parse(r.out());
        assertEquals(List.of("source", "vips", "warnings", "connections_cut_once", "note"), List.copyOf(doc.keySet()));
        assertEquals(Map.of("iptables_save", fixture("two-vips-counters.iptables-save"), "proc_dir", fixture("proc-node2")),
                doc.get("source"));
        List<Object> vips = (List<Object>) doc.get("vips");
        assertEquals(2, vips.size());
        Map<String, Object> b = (Map<String, Object>) vips.get(1);
        assertEquals("198.51.100.200", b.get("vip"));
        assertEquals("eth1", b.get("nic"));
        assertEquals(6L, b.get("buckets"));
        assertEquals("sourceip", b.get("hash_mode"));
        assertEquals("0xdeadbeef", b.get("hash_seed"));
        assertEquals("01:00:5e:3a:0c:71", b.get("mac"));
        assertEquals(List.of(1L, 4L, 6L), b.get("local_buckets"));
        assertEquals("proc", b.get("local_buckets_from"));
        Map<String, Object> params = (Map<String, Object>) b.get("ipaddr3");
        assertEquals(List.of("ip", "nic", "cidr_netmask", "mac", "clusterip_hash", "hash_seed"), List.copyOf(params.keySet()));
        assertEquals(null, params.get("cidr_netmask"));
        Map<String, Object> a = (Map<String, Object>) vips.get(0);
        assertEquals(2, ((List<Object>) a.get("rules")).size());
        assertEquals(Boolean.TRUE, doc.get("connections_cut_once"));
        assertEquals(List.of(), doc.get("warnings"));
        Map<String, Object> cmds = (Map<String, Object>) b.get("commands");
        assertEquals("netctl buckets set 198.51.100.200 1,4,6", cmds.get("netctl"));
    }

    @Test
    void brokenInputsExitSevenNamingFileAndLine() {
        Cli r = run("migrate", "--from-iptables-save", fixture("truncated.iptables-save"));
        assertEquals(ExitCodes.BAD_INPUT_FILE, r.exit());
        assertEquals("", r.out());
        assertTrue(r.err().contains(fixture("truncated.iptables-save") + ":42: the file ends in the middle of this line"), r.err());

        r = run("migrate", "--from-iptables-save", fixture("disagreeing.iptables-save"), "--json");
        assertEquals(ExitCodes.BAD_INPUT_FILE, r.exit());
        assertEquals("", r.out());
        assertTrue(r.err().contains(":17: CLUSTERIP rule for 198.51.100.100 disagrees with the rule at line 16:"
                + " --total-nodes 4 vs 3"), r.err());

        r = run("migrate", "--from-iptables-save", fixture("unicast-mac.iptables-save"));
        assertEquals(ExitCodes.BAD_INPUT_FILE, r.exit());
        assertTrue(r.err().contains("is not a multicast MAC"), r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void badInputIsReportedBeforeApplyIsTried() {
        // a namespace that does not exist would give exit 5 if --apply were reached
        Cli r = run("--netns", "clonevip-no-such-ns-" + ProcessHandle.current().pid(), "migrate",
                "--from-iptables-save", fixture("truncated.iptables-save"), "--apply");
        assertEquals(ExitCodes.BAD_INPUT_FILE, r.exit());
    }

    @Test
    void usageErrors() {
        assertEquals(ExitCodes.USAGE, run("migrate").exit());
        assertEquals(ExitCodes.USAGE, run("migrate", "--from-iptables-save", fixture("two-vips-counters.iptables-save"),
                "--cib", fixture("blog-ipaddr3.cib.xml")).exit());
        assertEquals(ExitCodes.USAGE, run("migrate", "--from-iptables-save", fixture("two-vips-counters.iptables-save"),
                "--in-place").exit());
        assertEquals(ExitCodes.USAGE, run("migrate", "--cib", fixture("blog-ipaddr3.cib.xml"), "--apply").exit());
        Cli r = run("migrate", "--from-iptables-save", "/nonexistent/clonevip-migrate.rules");
        assertEquals(ExitCodes.USAGE, r.exit());
        assertTrue(r.err().contains("no such file"), r.err());
        assertEquals(ExitCodes.USAGE, run("migrate", "--from-iptables-save", fixture("two-vips-counters.iptables-save"),
                "--cidr-netmask", "33").exit());
    }
}
