package io.clonevip.agent.ipaddr;

import io.clonevip.testkit.net.VipNetns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.cluster.ClusterRuleset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stop when the parameters do not validate but ip and the clone number do, with a VIP of ours
 * running ({@link UnconfiguredStop}): a load-shared instance takes out exactly its bucket, as the
 * ruleset records it (NIC, MAC), the last one everything; a bucket not here changes nothing; a
 * single VIP stays where it is. Foreign tables in the namespace never fail a stop.
 */
class UnconfiguredStopKernelTest {
    private static final String VIP = VipNetns.VIP;
    private static final String TABLE = "clonevip_198_51_100_100";

    private VipNetns lab;
    private RecordingPublisher published;
    private IPaddr3 agent;

    @BeforeEach
    void lab() throws Exception {
        lab = VipNetns.create("ip3us");
        published = new RecordingPublisher();
        agent = new IPaddr3(env -> published);
    }

    @AfterEach
    void teardown() throws Exception {
        lab.close();
    }

    private AgentRun expect(int rc, Map<String, String> env, String action) throws Exception {
        AgentRun r = AgentRun.in(lab.name(), agent, env, action);
        assertEquals(rc, r.rc(), action + " " + env + ": " + r);
        return r;
    }

    private Map<String, String> clone(int n) {
        return VipNetns.clone("p_vip", lab.rscTmp().toString(), n, 3);
    }

    private static Map<String, String> with(Map<String, String> env, String name, String value) {
        env.put("OCF_RESKEY_" + name, value);
        return env;
    }

    private String local() {
        return lab.ns.execOk("nft", "list", "set", "inet", TABLE, ClusterRuleset.SET_LOCAL);
    }

    @Test
    void aBucketOfOursLeavesAsTheRulesetRecordsItAndNothingElse() throws Exception {
        expect(0, clone(0), "start");
        expect(0, clone(1), "start");
        KernelSnapshot running = KernelSnapshot.of(lab.ns);

        // bucket 3 is not here: a broken stop of instance 2 changes nothing
        AgentRun notHere = expect(0, with(clone(2), "mac", "not-a-mac"), "stop");
        assertTrue(notHere.err().contains("bucket 3 of " + VIP + " is not running here: nothing to stop"), notHere.err());
        assertEquals(running, KernelSnapshot.of(lab.ns));

        AgentRun two = expect(0, with(clone(1), "cidr_netmask", "33"), "stop");
        assertTrue(two.exitReasons().isEmpty(), two.err());
        assertTrue(two.err().contains("bucket 2 of " + VIP + " left as the ruleset records it (veth0, 01:00:5e:"), two.err());
        assertFalse(local().contains("0x00000002"), local());
        assertTrue(local().contains("0x00000001"), local());
        assertEquals(running.addresses(), KernelSnapshot.of(lab.ns).addresses(), "bucket 1 still serves the VIP");
        assertEquals(Integer.valueOf(1), published.values.get("p_vip_clone_count"));

        AgentRun one = expect(0, with(clone(0), "nic", "../eth0"), "stop");
        assertTrue(one.err().contains("it was the last here"), one.err());
        assertTrue(KernelSnapshot.of(lab.ns).nothingOf(VIP), KernelSnapshot.of(lab.ns).toString());
        assertEquals(Integer.valueOf(0), published.values.get("p_vip_clone_count"));

        AgentRun again = expect(0, with(clone(0), "nic", "../eth0"), "stop");
        assertTrue(again.err().contains("is not running here: nothing to stop"), again.err());
    }

    @Test
    void aSingleVipStaysWhereItIs() throws Exception {
        Map<String, String> env = VipNetns.single("p_ip", lab.rscTmp().toString());
        expect(0, env, "start");
        KernelSnapshot running = KernelSnapshot.of(lab.ns);
        for (String[] bad : new String[][] {{"nic", "../eth0"}, {"cidr_netmask", "33"}, {"ip", "999.1.1.1"}}) {
            Map<String, String> broken = with(VipNetns.single("p_ip", lab.rscTmp().toString()), bad[0], bad[1]);
            AgentRun r = expect(0, broken, "stop");
            assertTrue(r.err().contains("nothing removed"), r.err());
            assertEquals(running, KernelSnapshot.of(lab.ns), bad[0] + "=" + bad[1]);
        }
        expect(0, env, "stop");
        assertTrue(KernelSnapshot.of(lab.ns).nothingOf(VIP));
    }

    @Test
    void foreignTablesNeverFailTheStopOfOurInstance() throws Exception {
        expect(0, clone(0), "start");
        expect(0, clone(1), "start");
        Path rules = lab.rscTmp().resolve("foreign.nft");
        try (var in = getClass().getResourceAsStream("foreign-tables.nft")) {
            Files.write(rules, in.readAllBytes());
        }
        lab.ns.execOk("nft", "-f", rules.toString());
        String foreign = lab.ns.execOk("nft", "-s", "list", "ruleset").replaceAll("(?s)table (inet|arp) " + TABLE + " \\{.*?\\n}\\n", "");

        expect(0, clone(1), "stop");
        expect(0, with(clone(0), "cidr_netmask", "33"), "stop");
        assertTrue(KernelSnapshot.of(lab.ns).nothingOf(VIP), KernelSnapshot.of(lab.ns).toString());
        expect(0, clone(0), "stop");
        assertEquals(foreign, lab.ns.execOk("nft", "-s", "list", "ruleset"), "the foreign tables are untouched (counters aside)");
    }
}
