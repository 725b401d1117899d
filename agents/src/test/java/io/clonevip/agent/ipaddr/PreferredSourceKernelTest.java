package io.clonevip.agent.ipaddr;

import io.clonevip.testkit.net.VipNetns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * preferred_src against the real kernel, in a namespace of its own per test: the routes of the
 * VIP's network get src = VIP on start and exactly their previous source back on stop; idempotent
 * start and stop; a route that lost it is a partial state; no route, nothing to set.
 */
class PreferredSourceKernelTest {
    private static final String VIP = VipNetns.VIP;
    private static final String NET = "198.51.100.0/24";

    private VipNetns lab;
    private IPaddr3 agent;

    @BeforeEach
    void lab() {
        lab = VipNetns.create("ip3ps");
        agent = new IPaddr3(env -> new RecordingPublisher());
    }

    @AfterEach
    void teardown() {
        lab.close();
    }

    private AgentRun expect(int rc, Map<String, String> env, String action) throws Exception {
        AgentRun r = AgentRun.in(lab.name(), agent, env, action);
        assertEquals(rc, r.rc(), action + " " + env.get("OCF_RESOURCE_INSTANCE") + ": " + r);
        return r;
    }

    private Map<String, String> env(String id) {
        Map<String, String> env = VipNetns.single(id, lab.rscTmp().toString());
        env.put("OCF_RESKEY_preferred_src", "true");
        return env;
    }

    /** The routes of {@code net} in table main, as {@code ip route show} prints them. */
    private List<String> routes(String net) {
        return lab.ns.ip("route", "show", "table", "main").lines().filter(l -> l.startsWith(net + " ")).map(String::strip).toList();
    }

    private String source(String to) {
        String get = lab.ns.ip("route", "get", to);
        return get.replaceAll("(?s).* src (\\S+).*", "$1");
    }

    @Test
    void startSetsTheVipAsSourceAndStopPutsThePrimaryBack() throws Exception {
        List<String> before = routes(NET);
        assertEquals(List.of(NET + " dev veth0 proto kernel scope link src 198.51.100.1"), before);
        Map<String, String> env = env("ps");
        expect(7, VipNetns.probe(env), "monitor");
        expect(0, env, "stop"); // never started
        assertEquals(before, routes(NET));
        expect(0, env, "start");
        assertEquals(List.of(NET + " dev veth0 proto kernel scope link src " + VIP), routes(NET));
        assertEquals(VIP, source("198.51.100.50"));
        expect(0, env, "monitor");
        expect(0, env, "start"); // again: nothing changes, the record keeps the primary
        assertEquals(List.of(NET + " dev veth0 proto kernel scope link src " + VIP), routes(NET));
        expect(0, env, "stop");
        assertEquals(before, routes(NET), "exactly what was there");
        assertFalse(lab.ns.ip("-o", "addr", "show").contains(" " + VIP + "/"));
        expect(0, env, "stop");
        assertEquals(before, routes(NET));
        expect(7, env, "monitor");
        assertFalse(Files.exists(lab.rscTmp().resolve("IPaddr3-prefsrc-" + VIP)), "record removed");
    }

    @Test
    void stopRestoresTheSourceEachRouteHadNotJustThePrimary() throws Exception {
        lab.ns.ip("addr", "add", "198.51.100.2/24", "dev", VipNetns.NIC);
        lab.ns.ip("route", "replace", NET, "dev", VipNetns.NIC, "proto", "kernel", "scope", "link", "src", "198.51.100.2");
        lab.ns.ip("route", "add", NET, "dev", VipNetns.NIC, "metric", "100", "proto", "static"); // no src at all
        List<String> before = routes(NET);
        assertEquals(2, before.size(), before.toString());
        Map<String, String> env = env("ps2");
        expect(0, env, "start");
        assertTrue(routes(NET).stream().allMatch(l -> l.contains(" src " + VIP)), routes(NET).toString());
        assertEquals(2, routes(NET).size());
        expect(0, env, "stop");
        assertEquals(before, routes(NET));
    }

    @Test
    void aRouteThatLostTheVipIsPartialAndStartRepairsIt() throws Exception {
        Map<String, String> env = env("ps3");
        expect(0, env, "start");
        lab.ns.ip("route", "replace", NET, "dev", VipNetns.NIC, "proto", "kernel", "scope", "link", "src", "198.51.100.1");
        AgentRun r = expect(1, env, "monitor");
        assertTrue(r.exitReasons().getFirst().contains("partial") && r.exitReasons().getFirst().contains("preferred_src"), r.toString());
        expect(0, env, "start");
        expect(0, env, "monitor");
        assertEquals(VIP, source("198.51.100.50"));
        expect(0, env, "stop");
        assertEquals(List.of(NET + " dev veth0 proto kernel scope link src 198.51.100.1"), routes(NET));
    }

    @Test
    void withoutItsRecordStopFallsBackToThePrimaryAddress() throws Exception {
        Map<String, String> env = env("ps4");
        expect(0, env, "start");
        Files.delete(lab.rscTmp().resolve("IPaddr3-prefsrc-" + VIP)); // e.g. HA_RSCTMP cleared
        expect(0, env, "stop");
        assertEquals(List.of(NET + " dev veth0 proto kernel scope link src 198.51.100.1"), routes(NET));
    }

    @Test
    void noRouteOfTheNetworkMeansNothingToSet() throws Exception {
        Map<String, String> env = env("ps5");
        env.put("OCF_RESKEY_ip", "203.0.113.10");
        env.put("OCF_RESKEY_cidr_netmask", "24");
        env.put("OCF_RESKEY_noprefixroute", "true");
        AgentRun r = expect(0, env, "start");
        assertTrue(r.err().contains("nothing to set"), r.err());
        assertEquals(List.of(), routes("203.0.113.0/24"), "no route made up");
        expect(0, env, "monitor");
        expect(0, env, "stop");
        assertEquals(List.of(), routes("203.0.113.0/24"));

        env.put("OCF_RESKEY_noprefixroute", "false"); // the VIP's own prefix route: its src is the VIP anyway
        expect(0, env, "start");
        assertEquals(List.of("203.0.113.0/24 dev veth0 proto kernel scope link src 203.0.113.10"), routes("203.0.113.0/24"));
        expect(0, env, "monitor");
        expect(0, env, "stop");
        assertEquals(List.of(), routes("203.0.113.0/24"), "gone with the address, as without preferred_src");
        assertEquals(List.of(NET + " dev veth0 proto kernel scope link src 198.51.100.1"), routes(NET), "other routes untouched");
    }

    @Test
    void ipv6AndCloneModesAreRefused() throws Exception {
        lab.ns.ip("addr", "add", "2001:db8::1/64", "dev", VipNetns.NIC, "nodad");
        Map<String, String> v6 = env("ps6");
        v6.put("OCF_RESKEY_ip", "2001:db8::64");
        AgentRun r = expect(6, v6, "start");
        assertTrue(r.exitReasons().getFirst().contains("'preferred_src'") && r.exitReasons().getFirst().contains("IPv4"), r.toString());
        Map<String, String> clone = VipNetns.clone("ps7", lab.rscTmp().toString(), 0, 2);
        clone.put("OCF_RESKEY_preferred_src", "true");
        r = expect(6, clone, "start");
        assertTrue(r.exitReasons().getFirst().contains("'preferred_src'"), r.toString());
        assertTrue(KernelSnapshot.of(lab.ns).nothingOf(VIP));
        assertFalse(lab.ns.ip("-o", "addr", "show").contains("2001:db8::64"));
    }
}
