package io.clonevip.agent.ipaddr;

import io.clonevip.testkit.net.VipNetns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.testkit.net.TestNetns;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * IPaddr2's later parameters (Debian 4.12 and upstream 2026 meta-data) against the real kernel,
 * in a namespace of its own per test: noprefixroute, preferred_lft, check_link_status,
 * arp_count_refresh, network_namespace, and the accepted-and-ignored ones.
 */
class IPaddr2ParametersKernelTest {
    private static final String VIP = VipNetns.VIP;

    private VipNetns lab;
    private IPaddr3 agent;

    @BeforeEach
    void lab() {
        lab = VipNetns.create("ip3p2");
        agent = new IPaddr3(env -> new RecordingPublisher());
    }

    @AfterEach
    void teardown() {
        lab.close();
    }

    private AgentRun run(Map<String, String> env, String action) throws Exception {
        return AgentRun.in(lab.name(), agent, env, action);
    }

    private AgentRun expect(int rc, Map<String, String> env, String action) throws Exception {
        AgentRun r = run(env, action);
        assertEquals(rc, r.rc(), action + " " + env.get("OCF_RESOURCE_INSTANCE") + ": " + r);
        return r;
    }

    @Test
    void noprefixrouteAddsNoRouteForTheVipsNetwork() throws Exception {
        Map<String, String> env = VipNetns.single("npr", lab.rscTmp().toString());
        env.put("OCF_RESKEY_ip", "203.0.113.10"); // a network no other address of the NIC covers
        env.put("OCF_RESKEY_cidr_netmask", "24");
        env.put("OCF_RESKEY_noprefixroute", "true");
        expect(0, env, "start");
        expect(0, env, "start");
        String addr = lab.ns.ip("-o", "addr", "show", "dev", VipNetns.NIC);
        assertTrue(addr.contains("203.0.113.10/24") && addr.contains("noprefixroute"), addr);
        assertFalse(lab.ns.ip("route", "show").contains("203.0.113.0/24"), lab.ns.ip("route", "show"));
        expect(0, env, "monitor");
        expect(0, env, "stop");
        expect(0, env, "stop");
        assertFalse(lab.ns.ip("-o", "addr", "show").contains("203.0.113.10"));

        env.put("OCF_RESKEY_noprefixroute", "false"); // the contrast: the kernel's prefix route
        expect(0, env, "start");
        assertTrue(lab.ns.ip("route", "show").contains("203.0.113.0/24"), lab.ns.ip("route", "show"));
        expect(0, env, "stop");
        assertFalse(lab.ns.ip("route", "show").contains("203.0.113.0/24"));
    }

    @Test
    void preferredLifetimeZeroDeprecatesAnIpv6Vip() throws Exception {
        lab.ns.ip("addr", "add", "2001:db8::1/64", "dev", VipNetns.NIC, "nodad");
        Map<String, String> env = VipNetns.single("lft", lab.rscTmp().toString());
        env.put("OCF_RESKEY_ip", "2001:db8::64");
        env.put("OCF_RESKEY_preferred_lft", "0");
        expect(0, env, "start");
        expect(0, env, "start");
        String line = lab.ns.ip("-o", "-6", "addr", "show", "dev", VipNetns.NIC).lines()
                .filter(l -> l.contains("2001:db8::64/64")).findFirst().orElseThrow();
        assertTrue(line.contains("deprecated") && line.contains("preferred_lft 0sec"), line);
        assertTrue(line.contains("valid_lft forever"), line);
        // the source address the kernel picks for the network is the other, preferred one
        assertTrue(lab.ns.ip("-6", "route", "get", "2001:db8::99").contains("src 2001:db8::1 "),
                lab.ns.ip("-6", "route", "get", "2001:db8::99"));
        expect(0, env, "monitor");
        expect(0, env, "stop");
        assertFalse(lab.ns.ip("-o", "-6", "addr", "show").contains("2001:db8::64/"));

        env.put("OCF_RESKEY_preferred_lft", "forever");
        expect(0, env, "start");
        assertTrue(lab.ns.ip("-o", "-6", "addr", "show", "dev", VipNetns.NIC).lines()
                .anyMatch(l -> l.contains("2001:db8::64/64") && l.contains("preferred_lft forever")));
        expect(0, env, "stop");

        Map<String, String> v4 = VipNetns.single("lft4", lab.rscTmp().toString()); // IPv4: ignored, as IPaddr2
        v4.put("OCF_RESKEY_preferred_lft", "0");
        expect(0, v4, "start");
        assertFalse(lab.ns.ip("-o", "addr", "show", "dev", VipNetns.NIC).lines()
                .filter(l -> l.contains(" " + VIP + "/")).findFirst().orElseThrow().contains("deprecated"));
        expect(0, v4, "stop");
    }

    @Test
    void checkLinkStatusTurnsADownLinkIntoNotRunning() throws Exception {
        Map<String, String> env = VipNetns.single("lnk", lab.rscTmp().toString());
        env.put("OCF_RESKEY_check_link_status", "true");
        expect(0, env, "start");
        expect(0, env, "monitor");
        lab.ns.ip("link", "set", "veth1", "down"); // veth0 loses its carrier
        expect(7, env, "monitor");
        AgentRun r = expect(5, env, "start"); // address there, link down: IPaddr2 says ERR_INSTALLED
        assertTrue(r.exitReasons().getFirst().contains("check_link_status"), r.toString());
        Map<String, String> unchecked = VipNetns.single("lnk", lab.rscTmp().toString());
        expect(0, unchecked, "monitor"); // default false: the address alone counts
        expect(0, env, "stop");
        expect(0, env, "stop");
        r = expect(1, env, "start"); // link down, address absent: nothing is added
        assertTrue(r.exitReasons().getFirst().contains("check_link_status"), r.toString());
        assertFalse(lab.ns.ip("-o", "addr", "show").contains(" " + VIP + "/"));
        lab.ns.ip("link", "set", "veth1", "up");

        Map<String, String> clone = VipNetns.clone("lnkc", lab.rscTmp().toString(), 0, 2);
        clone.put("OCF_RESKEY_check_link_status", "true");
        expect(0, clone, "start");
        expect(0, clone, "monitor");
        lab.ns.ip("link", "set", "veth1", "down");
        expect(7, clone, "monitor");
        expect(0, clone, "stop");
        assertTrue(KernelSnapshot.of(lab.ns).nothingOf(VIP));
    }

    @Test
    void arpCountRefreshAnnouncesOnEveryMonitor() throws Exception {
        // no IPv6 on the link, so that router solicitations and MLD reports do not count as ARPs
        lab.ns.execOk("sysctl", "-q", "-w", "net.ipv6.conf.veth0.disable_ipv6=1");
        Map<String, String> env = VipNetns.single("rfr", lab.rscTmp().toString());
        env.put("OCF_RESKEY_arp_count_refresh", "3");
        env.put("OCF_RESKEY_arp_interval", "1");
        expect(0, env, "start");
        long before = rxPackets();
        expect(0, env, "monitor");
        long sent = rxPackets() - before;
        assertTrue(sent >= 6, "3 rounds of request + reply reached the peer, got " + sent); // ArpMode.BOTH
        expect(0, env, "stop");
        before = rxPackets();
        expect(7, env, "monitor");
        assertEquals(before, rxPackets(), "nothing announced for a stopped VIP");

        Map<String, String> plain = VipNetns.single("rfr0", lab.rscTmp().toString());
        expect(0, plain, "start");
        before = rxPackets();
        expect(0, plain, "monitor");
        assertEquals(before, rxPackets());
        expect(0, plain, "stop");
    }

    private long rxPackets() {
        String stats = lab.ns.execOk("cat", "/sys/class/net/veth1/statistics/rx_packets");
        return Long.parseLong(stats.strip());
    }

    @Test
    void networkNamespaceIsWhereTheVipGoes() throws Exception {
        try (TestNetns other = TestNetns.create("ip3p2o")) {
            other.ip("link", "add", "eth1", "type", "veth", "peer", "name", "eth1p");
            other.ip("link", "set", "eth1p", "up");
            other.ip("link", "set", "eth1", "up");
            other.ip("addr", "add", "198.51.100.2/24", "dev", "eth1");
            Map<String, String> env = VipNetns.single("nsv", lab.rscTmp().toString());
            env.put("OCF_RESKEY_nic", "eth1");
            env.put("OCF_RESKEY_network_namespace", other.name());
            expect(7, VipNetns.probe(env), "monitor");
            expect(0, env, "validate-all");
            expect(0, env, "start");
            expect(0, env, "start");
            assertTrue(other.ip("-o", "addr", "show", "dev", "eth1").contains(VIP + "/24"));
            assertFalse(lab.ns.ip("-o", "addr", "show").contains(" " + VIP + "/"), "not in the agent's own namespace");
            expect(0, env, "monitor");
            expect(0, env, "stop");
            expect(0, env, "stop");
            assertFalse(other.ip("-o", "addr", "show").contains(" " + VIP + "/"));
            expect(7, env, "monitor");

            env.put("OCF_RESKEY_network_namespace", other.name() + "-gone");
            AgentRun r = expect(6, env, "validate-all");
            assertTrue(r.exitReasons().getFirst().contains("'network_namespace'"), r.toString());
            expect(0, env, "stop");
            expect(7, VipNetns.probe(env), "monitor");
        }
    }

    @Test
    void parametersWithoutMeaningHereAreAcceptedAndLogged() throws Exception {
        Map<String, String> env = VipNetns.single("ign", lab.rscTmp().toString());
        env.put("OCF_RESKEY_send_arp_opts", "-A");
        env.put("OCF_RESKEY_proto", "kernel");
        env.put("OCF_RESKEY_lvs_ipv6_addrlabel", "true"); // IPv4: no meaning, as in IPaddr2
        env.put("OCF_RESKEY_run_arping", "false");
        env.put("OCF_RESKEY_clusterip_table", "raw");
        AgentRun r = expect(0, env, "start");
        assertTrue(r.err().contains("send_arp_opts=-A ignored") && r.err().contains("proto=kernel ignored"), r.err());
        expect(0, env, "monitor");
        expect(0, env, "stop");

        Map<String, String> clone = VipNetns.clone("ignc", lab.rscTmp().toString(), 0, 2);
        clone.put("OCF_RESKEY_clusterip_firewall", "iptables");
        clone.put("OCF_RESKEY_clusterip_chain", "INPUT");
        clone.put("OCF_RESKEY_clusterip_mac_mangle", "false");
        clone.put("OCF_RESKEY_arp_count_refresh", "2");
        r = expect(0, clone, "start");
        assertTrue(r.err().contains("clusterip_firewall=iptables") && r.err().contains("clusterip_chain=INPUT ignored")
                && r.err().contains("clusterip_mac_mangle=false has no effect")
                && r.err().contains("arp_count_refresh ignored"), r.err());
        assertTrue(lab.ns.execOk("nft", "list", "tables").contains("clonevip_198_51_100_100"), "nftables serves it");
        expect(0, clone, "monitor");
        expect(0, clone, "stop");
        assertTrue(KernelSnapshot.of(lab.ns).nothingOf(VIP));
    }

    @Test
    void runArpingRefusesAnAddressAnotherHostHolds() throws Exception {
        lab.ns.ip("addr", "add", VIP + "/32", "dev", "veth1"); // the "other host": answers ARP for the VIP
        Map<String, String> env = VipNetns.single("dad", lab.rscTmp().toString());
        env.put("OCF_RESKEY_run_arping", "true");
        AgentRun r = expect(1, env, "start");
        assertTrue(r.exitReasons().getFirst().contains("collision"), r.toString());
        assertFalse(lab.ns.ip("-o", "addr", "show", "dev", VipNetns.NIC).contains(" " + VIP + "/"), "nothing added");
        lab.ns.ip("addr", "del", VIP + "/32", "dev", "veth1");
        long t0 = System.nanoTime();
        expect(0, env, "start");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 1900, "two probes one second apart, then added: " + ms + " ms");
        assertTrue(lab.ns.ip("-o", "addr", "show", "dev", VipNetns.NIC).contains(" " + VIP + "/24"));
        t0 = System.nanoTime();
        expect(0, env, "start"); // already there: no probe (its own address is no collision)
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 1900, "no probe for an address already held");
        expect(0, env, "stop");
        expect(0, env, "stop");
    }

    @Test
    void lvsIpv6AddrlabelSetsTheLabelAndStopRemovesIt() throws Exception {
        lab.ns.ip("addr", "add", "2001:db8::1/64", "dev", VipNetns.NIC, "nodad");
        Map<String, String> env = VipNetns.single("albl", lab.rscTmp().toString());
        env.put("OCF_RESKEY_ip", "2001:db8::64");
        env.put("OCF_RESKEY_lvs_ipv6_addrlabel", "true");
        env.put("OCF_RESKEY_lvs_ipv6_addrlabel_value", "77");
        expect(0, env, "start");
        expect(0, env, "start");
        String labels = lab.ns.ip("addrlabel", "list");
        assertEquals(1, labels.lines().filter(l -> l.contains("prefix 2001:db8::64/128") && l.contains("label 77")).count(), labels);
        expect(0, env, "monitor");
        expect(0, env, "stop");
        assertFalse(lab.ns.ip("addrlabel", "list").contains("2001:db8::64"), lab.ns.ip("addrlabel", "list"));
        expect(0, env, "stop");
        env.put("OCF_RESKEY_lvs_ipv6_addrlabel", "false");
        expect(0, env, "start");
        assertFalse(lab.ns.ip("addrlabel", "list").contains("2001:db8::64"), "default: no label");
        expect(0, env, "stop");
    }
}
