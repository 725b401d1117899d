package io.clonevip.agent.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.ocf.OcfAction;
import io.clonevip.ocf.OcfEnv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * stop and monitor around a daemon that is gone or ends, stop with parameters that do not
 * validate, the checked CRM_meta_timeout, and what children get in their environment: the Java
 * actions in process ({@link StandIn}). The real daemon: {@code MysqlMonitorScriptTest}.
 */
class MysqlMonitorActionsTest {
    @RegisterExtension
    final StandIn in = new StandIn();

    /**
     * stop of a running daemon: nothing on stdout or stderr, the daemon ended, both attributes set
     * to 0 by stop itself, the daemon's files gone, and attrd_updater without the password.
     */
    @Test
    void stopIsQuietClearsBothAttributesAndGivesChildrenNoPassword() throws Exception {
        in.heartbeat(in.daemon.pid(), 1, 1, 1, 1);
        StandIn.Result r = in.action("stop");
        assertEquals(0, r.rc(), r.err());
        assertEquals("", r.out() + r.err(), "stop's output");
        assertTrue(in.daemon.waitFor(5, TimeUnit.SECONDS), "the daemon ended");
        assertEquals(List.of("-n readable -U 0", "-n writable -U 0"), in.writes());
        assertFalse(Files.exists(in.dir.resolve("mm.state")) || Files.exists(in.dir.resolve("mm.state.pid")));
        assertTrue(in.attrd.environments().contains("PATH="), "the dump works");
        in.assertNoPasswordInChildren();
    }

    /** The daemon died without its shutdown hook (SIGKILL): monitor sets both attributes to 0, then 7. */
    @Test
    void monitorOfADaemonThatDiedClearsBothAttributes() throws Exception {
        in.heartbeat(in.daemon.pid(), 1, 1, 1, 1);
        in.attrd.set("readable", "1");
        in.attrd.set("writable", "1");
        in.daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        StandIn.Result r = in.action("monitor");
        assertEquals(7, r.rc(), r.err());
        assertEquals(Optional.of("0"), in.attrd.value("writable"));
        assertEquals(Optional.of("0"), in.attrd.value("readable"));
        in.assertNoPasswordInChildren();

        Files.delete(in.dir.resolve("mm.state.pid")); // a probe of a clean node writes nothing
        int before = in.attrd.calls().size();
        assertEquals(7, in.action("monitor", "OCF_RESKEY_CRM_meta_interval", "0").rc());
        assertEquals(before, in.attrd.calls().size());
    }

    /**
     * Parameters that do not validate (cluster_type is start's business only: stop runs normally
     * with it), nothing of this instance present: stop succeeds and
     * removes nothing it did not create (a state path naming somebody else's files, a relative
     * one), and writes no attribute under a name the daemon would refuse.
     */
    @Test
    void stopWithParametersThatDoNotValidateRemovesNothingItDidNotCreate() throws Exception {
        in.daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        Files.delete(in.dir.resolve("mm.state.pid"));
        Map<String, String> foreign = new LinkedHashMap<>();
        for (String suffix : List.of("", ".pid", ".tmp", ".republish")) {
            foreign.put("victim" + suffix, "somebody else's " + suffix + "\n");
        }
        for (Map.Entry<String, String> f : foreign.entrySet()) {
            Files.writeString(in.dir.resolve(f.getKey()), f.getValue());
        }
        List<String[]> cases = List.of(
                new String[] {"OCF_RESKEY_state", in.dir.resolve("victim").toString(), "OCF_RESKEY_cluster_type", "galera"},
                new String[] {"OCF_RESKEY_state", "victim", "OCF_RESKEY_reader_attribute", "bad name"},
                new String[] {"OCF_RESKEY_state", in.dir.resolve("victim").toString(), "OCF_RESKEY_writer_attribute", "x;y"},
                new String[] {"OCF_RESKEY_state", in.dir.resolve("victim").toString(), "OCF_RESKEY_port", "x"});
        for (String[] c : cases) {
            StandIn.Result r = in.action("stop", c);
            assertEquals(0, r.rc(), String.join(" ", c) + ": " + r.err());
            assertEquals(List.of(), r.reasons());
            assertFalse(r.err().contains(StandIn.PASSWORD), r.err());
            for (Map.Entry<String, String> f : foreign.entrySet()) {
                assertEquals(f.getValue(), Files.readString(in.dir.resolve(f.getKey())), f.getKey() + " after stop " + String.join(" ", c));
            }
        }
        assertEquals(List.of("-n readable -U 0", "-n writable -U 0", "-n writable -U 0", "-n readable -U 0",
                "-n readable -U 0", "-n writable -U 0"), in.writes(), "only names the daemon accepts");
    }

    /**
     * CRM_meta_timeout that is no number: start and monitor refuse with 6 and say what is wrong,
     * stop goes on with the default and says so. The action time is the timeout minus 2 s, at least 2 s.
     */
    @Test
    void aTimeoutThatIsNoNumberFailsStartAndMonitorButNotStop() throws Exception {
        String evil = "a[$(touch " + in.dir.resolve("pwned") + ")]";
        String reason = "ocf-exit-reason:meta attribute 'timeout' must be an integer, got '" + evil + "'";
        in.heartbeat(in.daemon.pid(), 1, 1, 1, 1);
        StandIn.Result monitor = in.action("monitor", "OCF_RESKEY_CRM_meta_timeout", evil, "OCF_CHECK_LEVEL", "10");
        assertEquals(6, monitor.rc(), monitor.err());
        assertEquals(List.of(reason), monitor.reasons());
        StandIn.Result stop = in.action("stop", "OCF_RESKEY_CRM_meta_timeout", evil);
        assertEquals(0, stop.rc(), stop.err());
        assertTrue(stop.err().contains("stopping within the default timeout (20 s)"), stop.err());
        assertTrue(in.daemon.waitFor(5, TimeUnit.SECONDS), "stopped");
        StandIn.Result start = in.action("start", "OCF_RESKEY_CRM_meta_timeout", evil, "OCF_RESKEY_socket", "/nonexistent.sock");
        assertEquals(6, start.rc(), start.err());
        assertEquals(List.of(reason), start.reasons());
        assertFalse(Files.exists(in.dir.resolve("mm.state.pid")), "start launched nothing");
        for (String[] t : new String[][] {{"20000", "18"}, {"020000", "18"}, {"0", "2"}, {"", "18"}, {"-5", "2"},
                {"999999999", "999997"}}) {
            OcfEnv env = OcfEnv.of(Map.of("OCF_RESKEY_CRM_meta_timeout", t[0]), OcfAction.START, MysqlMonitorMetaData.META);
            assertEquals(Duration.ofSeconds(Long.parseLong(t[1])), MysqlMonitorAgent.actionTime(env), "CRM_meta_timeout=" + t[0]);
        }
    }
}
