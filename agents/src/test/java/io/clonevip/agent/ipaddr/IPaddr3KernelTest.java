package io.clonevip.agent.ipaddr;

import io.clonevip.testkit.net.VipNetns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.cluster.ClusterRuleset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * IPaddr3 against the real kernel in a namespace of its own per test, in process through
 * {@code OcfMain.run}: single-VIP and clone semantics, idempotence, repair after manual
 * removal (ClusterLabs resource-agents #1267), probes of instances that are not here.
 */
class IPaddr3KernelTest {
    private static final String VIP = VipNetns.VIP;

    private VipNetns lab;
    private RecordingPublisher published;
    private IPaddr3 agent;

    @BeforeEach
    void lab() {
        lab = VipNetns.create("ip3k");
        published = new RecordingPublisher();
        agent = new IPaddr3(env -> published);
    }

    @AfterEach
    void teardown() {
        lab.close();
    }

    private AgentRun run(Map<String, String> env, String action) throws Exception {
        return AgentRun.in(lab.name(), agent, env, action);
    }

    private void expect(int rc, Map<String, String> env, String action) throws Exception {
        AgentRun r = run(env, action);
        assertEquals(rc, r.rc(), action + " " + env.get("OCF_RESOURCE_INSTANCE") + ": " + r);
    }

    private long vipEntries() {
        return lab.ns.ip("-o", "addr", "show", "dev", VipNetns.NIC).lines().filter(l -> l.contains(" " + VIP + "/")).count();
    }

    private long tables() {
        return lab.ns.execOk("nft", "list", "tables").lines().filter(l -> l.contains("clonevip_198_51_100_100")).count();
    }

    @Test
    void singleVipIsIdempotentAndRepairsAManualRemoval() throws Exception {
        Map<String, String> env = VipNetns.single("vip", lab.rscTmp().toString());
        expect(0, env, "stop"); // never started
        expect(7, VipNetns.probe(env), "monitor");
        expect(0, env, "start");
        expect(0, env, "start");
        assertEquals(1, vipEntries());
        assertTrue(lab.ns.ip("-o", "addr", "show", "dev", VipNetns.NIC).contains(VIP + "/24 brd 198.51.100.255"));
        expect(0, env, "monitor");
        lab.ns.ip("addr", "del", VIP + "/24", "dev", VipNetns.NIC);
        expect(7, env, "monitor");
        expect(0, env, "start");
        assertEquals(1, vipEntries());
        expect(0, env, "stop");
        expect(0, env, "stop");
        assertEquals(0, vipEntries());
        expect(7, env, "monitor");
        assertTrue(KernelSnapshot.of(lab.ns).nothingOf(VIP));
        assertTrue(published.values.isEmpty(), "a single VIP publishes no clone count");
    }

    @Test
    void nicAndPrefixAreFoundLikeFindif() throws Exception {
        Map<String, String> env = VipNetns.single("vip", lab.rscTmp().toString());
        env.remove("OCF_RESKEY_nic");
        env.put("OCF_RESKEY_iflabel", "x"); // needs nic
        expect(6, env, "validate-all");
        env.remove("OCF_RESKEY_iflabel");
        expect(0, env, "start");
        assertTrue(lab.ns.ip("-o", "addr", "show", "dev", VipNetns.NIC).contains(VIP + "/24"));
        expect(0, env, "monitor");
        expect(0, env, "stop");
        assertEquals(0, vipEntries());
        env.put("OCF_RESKEY_ip", "203.0.113.10"); // no connected network, no route
        AgentRun r = run(env, "validate-all");
        assertEquals(6, r.rc(), r.toString());
        assertTrue(r.exitReasons().getFirst().contains("'nic'"), r.toString());
    }

    @Test
    void ipv6SingleVip() throws Exception {
        lab.ns.ip("addr", "add", "2001:db8::1/64", "dev", VipNetns.NIC, "nodad");
        Map<String, String> env = VipNetns.single("vip6", lab.rscTmp().toString());
        env.put("OCF_RESKEY_ip", "2001:db8::64");
        expect(7, VipNetns.probe(env), "monitor");
        expect(0, env, "start");
        expect(0, env, "start");
        assertTrue(lab.ns.ip("-o", "-6", "addr", "show", "dev", VipNetns.NIC).contains("2001:db8::64/64"));
        expect(0, env, "monitor");
        expect(0, env, "stop");
        assertFalse(lab.ns.ip("-o", "-6", "addr", "show", "dev", VipNetns.NIC).contains("2001:db8::64/"));
        expect(7, env, "monitor");
    }

    @Test
    void labelNetmaskAndBroadcastAsGiven() throws Exception {
        Map<String, String> env = VipNetns.single("vip", lab.rscTmp().toString());
        env.put("OCF_RESKEY_cidr_netmask", "255.255.255.128");
        env.put("OCF_RESKEY_broadcast", "198.51.100.127");
        env.put("OCF_RESKEY_iflabel", "web");
        expect(0, env, "start");
        String line = lab.ns.ip("-o", "addr", "show", "dev", VipNetns.NIC).lines().filter(l -> l.contains(VIP)).findFirst().orElseThrow();
        assertTrue(line.contains(VIP + "/25 brd 198.51.100.127") && line.contains("veth0:web"), line);
        expect(0, env, "stop");
        assertEquals(0, vipEntries());
    }

    @Test
    void lvsSupportKeepsTheAddressOnLoopback() throws Exception {
        Map<String, String> env = VipNetns.single("vip", lab.rscTmp().toString());
        env.put("OCF_RESKEY_lvs_support", "true");
        expect(0, env, "start");
        expect(0, env, "stop");
        assertTrue(lab.ns.ip("-o", "addr", "show", "dev", "lo").contains(VIP + "/32"));
        expect(7, env, "monitor");
        expect(0, env, "start");
        assertFalse(lab.ns.ip("-o", "addr", "show", "dev", "lo").contains(VIP));
        assertEquals(1, vipEntries());
    }

    @Test
    void uniqueCloneAddressGivesEachInstanceItsOwnAddress() throws Exception {
        Map<String, String> env = VipNetns.clone("u", lab.rscTmp().toString(), 2, 3);
        env.put("OCF_RESKEY_unique_clone_address", "true");
        expect(0, env, "start");
        assertTrue(lab.ns.ip("-o", "addr", "show", "dev", VipNetns.NIC).contains("198.51.100.102/24"));
        assertEquals(0, tables(), "no load sharing with unique_clone_address");
        expect(0, env, "stop");
        assertFalse(lab.ns.ip("-o", "addr", "show").contains("198.51.100.102"));
    }

    /**
     * backend=clusterip on a kernel without CLUSTERIP (6.3+, this host): start says "not
     * installed" naming the backend and changes nothing; probes and stops are clean. (The backend
     * itself is proven inside Debian's 6.1 kernel: ClusterIpGuestTest.)
     */
    @Test
    void clusteripBackendOnAKernelWithoutCLUSTERIP() throws Exception {
        Map<String, String> i0 = new java.util.HashMap<>(VipNetns.clone("p_cip", lab.rscTmp().toString(), 0, 3));
        i0.put("OCF_RESKEY_backend", "clusterip");
        String before = kernelState();
        expect(0, i0, "validate-all");
        AgentRun r = run(i0, "start");
        assertEquals(5, r.rc(), r.toString());
        assertTrue(r.err().contains("ocf-exit-reason:parameter 'backend': this kernel has no iptables CLUSTERIP"), r.err());
        expect(7, VipNetns.probe(i0), "monitor");
        expect(0, i0, "stop");
        assertEquals(before, kernelState(), "nothing changed");
    }

    /**
     * IPv4 addresses, the nft ruleset and the legacy iptables RULES. (Reading the legacy filter
     * table, as the backend must to look for its rule, makes the kernel instantiate it empty with
     * ACCEPT policies, as any `iptables-legacy -L` does; CLUSTERIP's absence is only known by
     * trying. So table headers are not compared, rules are.)
     */
    private String kernelState() {
        return lab.ns.ip("-o", "-4", "addr", "show") + lab.ns.execOk("nft", "list", "ruleset")
                + lab.ns.execOk("iptables-legacy-save").lines().filter(l -> l.startsWith("-A")).reduce("", (a, b) -> a + b + "\n");
    }

    @Test
    void cloneInstancesShareTheVipAndCountTheirBuckets() throws Exception {
        String id = "p_cluster_vip";
        Map<String, String> i0 = VipNetns.clone(id, lab.rscTmp().toString(), 0, 3);
        Map<String, String> i1 = VipNetns.clone(id, lab.rscTmp().toString(), 1, 3);
        Map<String, String> i2 = VipNetns.clone(id, lab.rscTmp().toString(), 2, 3);
        expect(0, i2, "stop"); // never started
        expect(7, VipNetns.probe(i0), "monitor");
        expect(0, i0, "start");
        expect(0, i1, "start");
        expect(0, i1, "start");
        assertEquals(2, published.values.get("p_cluster_vip_clone_count"));
        assertEquals(1, vipEntries());
        assertEquals(2, tables(), "one inet and one arp table");
        assertTrue(lab.ns.ip("maddr", "show", "dev", VipNetns.NIC).contains("01:00:5e:33:64:64 static"));
        assertTrue(lab.ns.execOk("nft", "list", "set", "inet", "clonevip_198_51_100_100", ClusterRuleset.SET_LOCAL)
                .replaceAll("\\s+", " ").contains("elements = { 0x00000001"), "bucket 1 local");
        expect(0, i0, "monitor");
        expect(0, i1, "monitor");
        // instance 2 is not here although the node serves buckets 1 and 2: not running (upstream says 1)
        expect(7, VipNetns.probe(i2), "monitor");
        expect(7, i2, "monitor");

        // someone removes the address by hand: the instances here are partial, the next start repairs
        lab.ns.ip("addr", "del", VIP + "/24", "dev", VipNetns.NIC);
        AgentRun partial = run(i0, "monitor");
        assertEquals(1, partial.rc(), partial.toString());
        assertTrue(partial.exitReasons().getFirst().contains("address " + VIP + " missing"), partial.toString());
        expect(7, VipNetns.probe(i2), "monitor");
        expect(0, i0, "start");
        assertEquals(1, vipEntries());
        assertEquals(2, tables());
        expect(0, i0, "monitor");

        // a damaged ruleset is partial too; start rebuilds it keeping the buckets
        lab.ns.execOk("nft", "delete", "table", "arp", "clonevip_198_51_100_100");
        assertEquals(1, run(i1, "monitor").rc());
        expect(0, i1, "start");
        expect(0, i0, "monitor");
        expect(0, i1, "monitor");

        // bucket 2 withdrawn behind Pacemaker's back: instance 1 is not running, instance 0 still
        // is, and the monitor publishes the node's new count; start puts the bucket back
        lab.ns.execOk("nft", "delete", "element", "inet", "clonevip_198_51_100_100", ClusterRuleset.SET_LOCAL, "{ 2 }");
        expect(7, i1, "monitor");
        assertEquals(1, published.values.get("p_cluster_vip_clone_count"));
        expect(0, i0, "monitor");
        expect(0, i1, "start");
        expect(0, i1, "monitor");
        assertEquals(2, published.values.get("p_cluster_vip_clone_count"));

        // the NIC left the cluster MAC's group: partial, named; start joins again
        lab.ns.ip("maddr", "del", "01:00:5e:33:64:64", "dev", VipNetns.NIC);
        AgentRun left = run(i0, "monitor");
        assertEquals(1, left.rc(), left.toString());
        assertTrue(left.exitReasons().getFirst().contains("has not joined the cluster MAC 01:00:5e:33:64:64"), left.toString());
        expect(0, i0, "start");
        expect(0, i0, "monitor");

        expect(0, i0, "stop");
        assertEquals(1, published.values.get("p_cluster_vip_clone_count"));
        expect(7, i0, "monitor");
        expect(0, i1, "monitor");
        AgentRun last = run(i1, "stop");
        assertEquals(0, last.rc(), last.toString());
        assertTrue(last.err().contains("bucket 2 was the last of " + VIP + " here: removed it all"), last.err());
        AgentRun again = run(i1, "stop"); // Pacemaker's log said "was the last … removed it all" here too
        assertEquals(0, again.rc(), again.toString());
        assertTrue(again.err().contains("stop: bucket 2 of " + VIP + " was not running here: nothing to do"), again.err());
        assertFalse(again.err().contains("removed it all"), again.err());
        assertEquals(0, published.values.get("p_cluster_vip_clone_count"));
        assertTrue(KernelSnapshot.of(lab.ns).nothingOf(VIP), KernelSnapshot.of(lab.ns).toString());
        expect(7, VipNetns.probe(i1), "monitor");
    }

    /**
     * {@code nft flush ruleset} (a firewall reload) with the VIP up and no daemon to repair it:
     * the address without its tables makes the node answer every client, so each instance whose
     * bucket is desired here fails naming it (before: not running, as if nothing were wrong);
     * an instance not placed here is still not running; start puts the tables back.
     */
    @Test
    void aFlushedRulesetWithTheAddressUpFailsNamingTheMissingTables() throws Exception {
        Map<String, String> i0 = VipNetns.clone("fw", lab.rscTmp().toString(), 0, 3);
        Map<String, String> i1 = VipNetns.clone("fw", lab.rscTmp().toString(), 1, 3);
        Map<String, String> i2 = VipNetns.clone("fw", lab.rscTmp().toString(), 2, 3);
        expect(0, i0, "start");
        expect(0, i1, "start");
        lab.ns.execOk("nft", "flush", "ruleset");
        AgentRun flushed = run(i0, "monitor");
        assertEquals(1, flushed.rc(), flushed.toString());
        assertEquals(VIP + " is on " + VipNetns.NIC + " without its tables clonevip_198_51_100_100 (ruleset flushed?): this node "
                + "answers every client", flushed.exitReasons().getFirst());
        assertEquals(1, run(VipNetns.probe(i1), "monitor").rc(), "a probe says the same");
        expect(7, VipNetns.probe(i2), "monitor");
        expect(0, i0, "start");
        expect(0, i1, "start");
        expect(0, i0, "monitor");
        expect(0, i1, "monitor");
        expect(0, i0, "stop");
        expect(0, i1, "stop");
        assertTrue(KernelSnapshot.of(lab.ns).nothingOf(VIP), KernelSnapshot.of(lab.ns).toString());
        expect(7, VipNetns.probe(i0), "monitor");
    }

    @Test
    void aChangedCloneConfigurationIsPartialUntilRestarted() throws Exception {
        Map<String, String> i0 = VipNetns.clone("c", lab.rscTmp().toString(), 0, 3);
        expect(0, i0, "start");
        Map<String, String> changed = VipNetns.clone("c", lab.rscTmp().toString(), 0, 3);
        changed.put("OCF_RESKEY_clusterip_hash", "sourceip");
        AgentRun r = run(changed, "monitor");
        assertEquals(1, r.rc(), r.toString());
        assertEquals("hash mode in parameters sourceip, running ruleset sourceip-sourceport",
                r.exitReasons().getFirst(), "the monitor names what differs");
        expect(0, changed, "start");
        expect(0, changed, "monitor");
        assertTrue(lab.ns.execOk("nft", "list", "ruleset").contains("jhash ip saddr mod 3"));
        expect(0, changed, "stop");
        assertTrue(KernelSnapshot.of(lab.ns).nothingOf(VIP));
    }

    @Test
    void clusteripCompatibleHashAsNetctlMigratePrintsIt() throws Exception {
        Map<String, String> i0 = VipNetns.clone("k", lab.rscTmp().toString(), 0, 3);
        i0.put("OCF_RESKEY_clusterip_hash", "clusterip-compatible");
        Map<String, String> i2 = VipNetns.clone("k", lab.rscTmp().toString(), 2, 3);
        i2.put("OCF_RESKEY_clusterip_hash", "clusterip-compatible");
        expect(0, i0, "validate-all");
        expect(0, i0, "start");
        expect(0, i2, "start");
        expect(0, i0, "monitor");
        expect(0, i2, "monitor");
        String ruleset = lab.ns.execOk("nft", "list", "ruleset");
        assertTrue(ruleset.contains("comment \"clonevip v4 " + VIP + " ") && ruleset.contains(" 3 clusterip-compatible 0x"), ruleset);
        expect(0, i0, "stop");
        expect(0, i2, "stop");
        assertTrue(KernelSnapshot.of(lab.ns).nothingOf(VIP));
    }

    @Test
    void clusterModeIsRefusedWithLvsAndUniqueAddressWithoutGloballyUnique() throws Exception {
        Map<String, String> env = VipNetns.clone("r", lab.rscTmp().toString(), 0, 2);
        env.put("OCF_RESKEY_lvs_support", "true");
        AgentRun r = run(env, "start");
        assertEquals(6, r.rc(), r.toString());
        assertEquals(List.of(r.exitReasons().getFirst()), r.exitReasons());
        assertTrue(r.exitReasons().getFirst().contains("'lvs_support'"));
        assertTrue(KernelSnapshot.of(lab.ns).nothingOf(VIP));
    }
}
