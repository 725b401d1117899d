package io.clonevip.clusterip.save;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.cluster.HashMode;
import io.clonevip.clusterip.ClusterIpException;
import io.clonevip.clusterip.ClusterIpProc;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MigrationPlanTest {
    @Test
    void blogRuleWithoutProcCopyUsesLocalNode() throws Exception {
        MigrationPlan p = MigrationPlan.of(Fixtures.save("blog-node1.iptables-save"), List.of());
        assertEquals(1, p.vips().size());
        VipMigration v = p.vips().get(0);
        assertEquals("198.51.100.100", v.vip());
        assertEquals("eth0", v.nic());
        assertEquals(3, v.buckets());
        assertEquals(HashMode.SOURCE_IP_SOURCE_PORT, v.hashMode().clonevipMode());
        assertEquals("0x00000000", v.seedHex());
        assertEquals("01:00:5e:91:18:86", v.mac());
        assertEquals(Set.of(1), v.localBuckets());
        assertFalse(v.fromProc());
        assertTrue(p.warnings().stream().anyMatch(w -> w.contains("no /proc copy")), p.warnings().toString());
    }

    @Test
    void twoVipsWithProcCopies() throws Exception {
        MigrationPlan p = MigrationPlan.of(Fixtures.save("two-vips-counters.iptables-save"),
                Fixtures.proc("proc-node2", "198.51.100.100", "198.51.100.200"));
        assertEquals(2, p.vips().size());
        VipMigration a = p.vips().get(0);
        assertEquals(Set.of(2), a.localBuckets());
        assertEquals(2, a.rules().size()); // the --new rule and the reference
        assertTrue(a.fromProc());
        VipMigration b = p.vips().get(1);
        assertEquals("198.51.100.200", b.vip());
        assertEquals("eth1", b.nic());
        assertEquals(6, b.buckets());
        assertEquals(List.of(1, 4, 6), List.copyOf(b.localBuckets()));
        assertEquals("0xdeadbeef", b.seedHex());
        assertEquals(HashMode.SOURCE_IP, b.hashMode().clonevipMode());
        assertEquals(List.of(), p.warnings());
    }

    @Test
    void disagreeingRulesNameBothLines() {
        ClusterIpException e = assertThrows(ClusterIpException.class,
                () -> MigrationPlan.of(Fixtures.save("disagreeing.iptables-save"), List.of()));
        assertEquals("disagreeing.iptables-save:17: CLUSTERIP rule for 198.51.100.100 disagrees with the rule at line 16:"
                + " --total-nodes 4 vs 3", e.getMessage());
    }

    @Test
    void procLocalNodeOutsideTotal() {
        ClusterIpException e = assertThrows(ClusterIpException.class, () -> MigrationPlan.of(
                Fixtures.save("blog-node1.iptables-save"), Fixtures.proc("proc-out-of-range", "198.51.100.100")));
        assertEquals("proc-out-of-range/198.51.100.100:1: local node 5 is outside 1..3 (--total-nodes of the rule at"
                + " blog-node1.iptables-save:35)", e.getMessage());
    }

    @Test
    void procFileErrors() {
        ClusterIpException e = assertThrows(ClusterIpException.class,
                () -> Fixtures.proc("proc-bad-number", "198.51.100.100"));
        assertEquals("proc-bad-number/198.51.100.100:1: malformed number 'x' for local node", e.getMessage());
        e = assertThrows(ClusterIpException.class, () -> ClusterIpProc.copy("d/notes.txt", "notes.txt", "1\n"));
        assertTrue(e.getMessage().startsWith("d/notes.txt: file name 'notes.txt' is not an IPv4 address"), e.getMessage());
        e = assertThrows(ClusterIpException.class, () -> ClusterIpProc.copy("f", "198.51.100.1", "1,,2\n"));
        assertTrue(e.getMessage().contains("empty entry"), e.getMessage());
        e = assertThrows(ClusterIpException.class, () -> ClusterIpProc.copy("f", "198.51.100.1", "1,1\n"));
        assertTrue(e.getMessage().contains("listed twice"), e.getMessage());
    }

    @Test
    void emptyProcCopyMeansNoLocalBucket() throws Exception {
        ClusterIpProc empty = ClusterIpProc.copy("f", "198.51.100.100", "\n");
        MigrationPlan p = MigrationPlan.of(Fixtures.save("blog-node1.iptables-save"), List.of(empty));
        assertTrue(p.vips().get(0).localBuckets().isEmpty());
        assertTrue(p.warnings().stream().anyMatch(w -> w.contains("no local node")), p.warnings().toString());
    }

    @Test
    void referenceWithoutDefiningRule() {
        ClusterIpException e = assertThrows(ClusterIpException.class, () -> MigrationPlan.of(
                IptablesSaveParser.parse("x", "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -d 198.51.100.9/32 -i eth0 -j CLUSTERIP\nCOMMIT\n"),
                List.of()));
        assertEquals("x:3: CLUSTERIP rule for 198.51.100.9 without --new, and no rule with --new defines that cluster IP",
                e.getMessage());
    }
}
