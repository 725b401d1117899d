package io.clonevip.clusterip.save;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.clusterip.ClusterIpException;
import io.clonevip.clusterip.ClusterIpHashMode;
import io.clonevip.clusterip.ClusterIpRule;
import io.clonevip.clusterip.ClusterIpTarget;
import io.clonevip.clusterip.SourceLine;
import java.util.List;
import org.junit.jupiter.api.Test;

class IptablesSaveParserTest {
    @Test
    void readsTheBlogRuleAmongForeignTablesAndRules() throws Exception {
        IptablesSave s = Fixtures.save("blog-node1.iptables-save");
        assertEquals(List.of("raw", "mangle", "nat", "filter"), s.tables());
        assertEquals(1, s.rules().size());
        assertEquals(13, s.otherRules());
        IptablesSave.Saved saved = s.rules().get(0);
        ClusterIpRule r = saved.rule();
        assertEquals("198.51.100.100", r.vip().getHostAddress());
        assertEquals("eth0", r.iface());
        assertTrue(r.target().createsConfig());
        assertEquals(ClusterIpHashMode.SOURCE_IP_SOURCE_PORT, r.target().hashMode());
        assertEquals("01:00:5E:91:18:86", r.target().clusterMac());
        assertEquals(3, r.target().totalNodes());
        assertEquals(List.of(1), r.target().localNodes());
        assertEquals(0, r.target().hashInit());
        assertEquals("filter", saved.table());
        assertEquals("INPUT", saved.chain());
        assertEquals(new SourceLine("blog-node1.iptables-save", 35), saved.source());
    }

    @Test
    void readsCountersReferencesAndLargeHashInit() throws Exception {
        IptablesSave s = Fixtures.save("two-vips-counters.iptables-save");
        assertEquals(2, s.rules().size());
        assertEquals(1, s.references().size());
        assertEquals("198.51.100.100", s.references().get(0).rule().vip().getHostAddress());
        assertFalse(s.references().get(0).rule().target().createsConfig());
        ClusterIpTarget second = s.rules().get(1).rule().target();
        assertEquals(ClusterIpHashMode.SOURCE_IP, second.hashMode());
        assertEquals(3735928559L, second.hashInit());
        assertEquals(6, second.totalNodes());
    }

    @Test
    void quotingAndEscapes() throws Exception {
        SourceLine w = new SourceLine("f", 1);
        assertEquals(List.of("-A", "INPUT", "--comment", "galera \"group\" x", "-j", "ACCEPT"),
                IptablesSaveTokenizer.split("-A INPUT --comment \"galera \\\"group\\\" x\" -j ACCEPT", w));
        assertEquals(List.of("'a", "b'", "c"), IptablesSaveTokenizer.split("'a b'  c", w)); // as iptables-restore
        ClusterIpException e = assertThrows(ClusterIpException.class,
                () -> IptablesSaveTokenizer.split("-m comment --comment \"open", w));
        assertTrue(e.getMessage().contains("unterminated double quote"), e.getMessage());
    }

    @Test
    void truncatedMidLine() {
        ClusterIpException e = assertThrows(ClusterIpException.class, () -> Fixtures.save("truncated.iptables-save"));
        assertEquals(ClusterIpException.Reason.BAD_INPUT, e.reason());
        assertEquals("truncated.iptables-save", e.where().file());
        assertEquals(42, e.where().line());
        assertTrue(e.detail().contains("truncated"), e.getMessage());
    }

    @Test
    void missingCommit() {
        ClusterIpException e = assertThrows(ClusterIpException.class, () -> Fixtures.save("missing-commit.iptables-save"));
        assertEquals(0, e.where().line());
        assertEquals("missing-commit.iptables-save: ends inside table *filter (started at line 30) without COMMIT:"
                + " the file is truncated", e.getMessage());
    }

    @Test
    void unicastMacIsRefused() {
        ClusterIpException e = assertThrows(ClusterIpException.class, () -> Fixtures.save("unicast-mac.iptables-save"));
        assertEquals(35, e.where().line());
        assertTrue(e.detail().startsWith("--clustermac 00:16:3E:91:18:86 is not a multicast MAC"), e.getMessage());
    }

    @Test
    void malformedNumbersAndRanges() {
        ClusterIpException e = assertThrows(ClusterIpException.class, () -> Fixtures.save("bad-hash-init.iptables-save"));
        assertEquals("bad-hash-init.iptables-save:35: malformed number '12abc' for --hash-init", e.getMessage());
        e = assertThrows(ClusterIpException.class, () -> Fixtures.save("local-node-outside.iptables-save"));
        assertEquals("local-node-outside.iptables-save:35: --local-node 4 is outside 1..3 (--total-nodes 3)", e.getMessage());
        e = assertThrows(ClusterIpException.class, () -> parse(
                "-A INPUT -d 198.51.100.1/32 -j CLUSTERIP --new --hashmode sourceip --clustermac 01:00:5E:00:00:01"
                        + " --total-nodes 17 --local-node 1"));
        assertEquals("x:4: --total-nodes 17 is outside 1..16", e.getMessage());
        e = assertThrows(ClusterIpException.class, () -> parse(
                "-A INPUT -d 198.51.100.1/32 -j CLUSTERIP --new --hashmode sourceip --clustermac 01:00:5E:00:00:01"
                        + " --total-nodes 2 --local-node 1 --hash-init 4294967296"));
        assertEquals("x:4: --hash-init 4294967296 is outside 0..4294967295", e.getMessage());
        e = assertThrows(ClusterIpException.class, () -> parse(
                "-A INPUT -d 198.51.100.0/24 -j CLUSTERIP --new --hashmode sourceip --clustermac 01:00:5E:00:00:01"
                        + " --total-nodes 2 --local-node 1"));
        assertTrue(e.getMessage().contains("not a single address"), e.getMessage());
        e = assertThrows(ClusterIpException.class, () -> parse(
                "-A INPUT -d 198.51.100.1/32 -j CLUSTERIP --new --hashmode random --clustermac 01:00:5E:00:00:01"
                        + " --total-nodes 2 --local-node 1"));
        assertTrue(e.getMessage().contains("unknown --hashmode 'random'"), e.getMessage());
        e = assertThrows(ClusterIpException.class, () -> parse(
                "-A INPUT -d 198.51.100.1/32 -j CLUSTERIP --new --hashmode sourceip --total-nodes 2 --local-node 1"));
        assertEquals("x:4: CLUSTERIP --new without --clustermac", e.getMessage());
    }

    @Test
    void structureErrors() {
        ClusterIpException e = assertThrows(ClusterIpException.class, () -> IptablesSaveParser.parse("x",
                "*filter\n:INPUT ACCEPT [0:0]\n-A OUTPUT -j ACCEPT\nCOMMIT\n"));
        assertEquals("x:3: rule for chain OUTPUT which table *filter does not declare", e.getMessage());
        e = assertThrows(ClusterIpException.class, () -> IptablesSaveParser.parse("x", "-A INPUT -j ACCEPT\n"));
        assertEquals("x:1: rule outside a table (no *table line before it)", e.getMessage());
        e = assertThrows(ClusterIpException.class, () -> IptablesSaveParser.parse("x",
                "*filter\n:INPUT ACCEPT [0:x]\nCOMMIT\n"));
        assertTrue(e.getMessage().startsWith("x:2: malformed counters '[0:x]'"), e.getMessage());
        e = assertThrows(ClusterIpException.class, () -> IptablesSaveParser.parse("x", "hello\n"));
        assertEquals("x:1: rule outside a table (no *table line before it)", e.getMessage());
        e = assertThrows(ClusterIpException.class, () -> IptablesSaveParser.parse("x", "# only a comment\n"));
        assertEquals("x: no *table section: not an iptables-save output", e.getMessage());
    }

    @Test
    void ruleWithoutInterfaceIsRead() throws Exception {
        IptablesSave s = parseOk("-A INPUT -d 198.51.100.1 -j CLUSTERIP --new --hashmode sourceip-sourceport-destport"
                + " --clustermac 01:00:5e:00:00:01 --total-nodes 2 --local-node 2 --hash-init 0x10");
        ClusterIpRule r = s.rules().get(0).rule();
        assertEquals("", r.iface());
        assertEquals(16, r.target().hashInit());
        assertEquals(ClusterIpHashMode.SOURCE_IP_SOURCE_PORT_DEST_PORT, r.target().hashMode());
    }

    private static IptablesSave parse(String rule) throws ClusterIpException {
        return IptablesSaveParser.parse("x", "# test\n*filter\n:INPUT ACCEPT [0:0]\n" + rule + "\nCOMMIT\n");
    }

    private static IptablesSave parseOk(String rule) throws ClusterIpException {
        return parse(rule);
    }
}
