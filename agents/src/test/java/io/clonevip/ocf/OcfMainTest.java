package io.clonevip.ocf;

import io.clonevip.ocf.testagent.StateFileAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OcfMainTest {
    private final OcfAgent agent = new StateFileAgent();
    private Path dir;
    private Map<String, String> env;

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createTempDirectory("clonevip-ocf-main-");
        env = new HashMap<>();
        env.put("OCF_RESOURCE_INSTANCE", "t1");
        env.put("OCF_RESKEY_state", dir.resolve("t1.state").toString());
        env.put("OCF_RESKEY_CRM_meta_interval", "10000");
    }

    @AfterEach
    void tearDown() throws IOException {
        Files.deleteIfExists(dir.resolve("t1.state"));
        Files.delete(dir);
    }

    private ActionRun run(String... args) {
        return ActionRun.of(agent, env, args);
    }

    @Test
    void lifecycle() throws IOException {
        assertEquals(0, run("validate-all").rc());
        assertEquals(7, run("monitor").rc());
        ActionRun start = run("start");
        assertEquals(0, start.rc(), start.err());
        assertTrue(start.exitReasons().isEmpty());
        assertTrue(start.err().matches("StateFile\\(t1\\)\\[\\d+]: INFO: started\\n"), start.err());
        assertEquals(0, run("start").rc());
        assertEquals(0, run("monitor").rc());
        env.put("OCF_RESKEY_fake", "changed");
        assertEquals(0, run("reload").rc());
        assertEquals("changed\n", Files.readString(dir.resolve("t1.state")));
        assertEquals(0, run("stop").rc());
        assertEquals(0, run("stop").rc());
        assertEquals(7, run("monitor").rc());
    }

    @Test
    void probeOfStoppedResourceIsNotRunning() {
        env.put("OCF_RESKEY_CRM_meta_interval", "0");
        ActionRun r = run("monitor");
        assertEquals(7, r.rc());
        assertEquals("", r.err());
    }

    @Test
    void probeWhereAgentCannotRunIsNotRunningButMonitorFails() {
        env.put("OCF_RESKEY_state", dir.resolve("missing/t1.state").toString());
        env.put("OCF_RESKEY_CRM_meta_interval", "0");
        ActionRun probe = run("monitor");
        assertEquals(7, probe.rc(), probe.err());
        assertTrue(probe.exitReasons().isEmpty(), probe.err());
        env.put("OCF_RESKEY_CRM_meta_interval", "10000");
        ActionRun monitor = run("monitor");
        assertEquals(5, monitor.rc());
        assertEquals("state directory " + dir.resolve("missing") + " does not exist", monitor.exitReason());
        assertEquals(0, run("stop").rc(), "stop where not installed succeeds");
        assertEquals(5, run("start").rc());
    }

    @Test
    void stopWithParametersThatDoNotValidateSucceedsAndChangesNothing() throws IOException {
        assertEquals(0, run("start").rc());
        env.put("OCF_RESKEY_fail_code", "not a number");
        assertEquals(6, run("start").rc());
        ActionRun stop = run("stop");
        assertEquals(0, stop.rc(), stop.err());
        assertTrue(stop.exitReasons().isEmpty(), stop.err());
        assertTrue(stop.err().contains("WARNING: stop: the parameters do not validate (parameter 'fail_code'"), stop.err());
        assertTrue(Files.exists(dir.resolve("t1.state")), "what a valid configuration started is left alone");
    }

    @Test
    void metaDataAndUsageBeforeValidation() {
        Map<String, String> bad = Map.of("OCF_RESKEY_fail_code", "not a number", "OCF_RESKEY_CRM_meta_interval", "x");
        ActionRun md = ActionRun.of(agent, bad, "meta-data");
        assertEquals(0, md.rc());
        assertEquals(MetaDataXml.render(agent.metaData()), md.out());
        assertEquals("", md.err());
        ActionRun usage = ActionRun.of(agent, bad, "usage");
        assertEquals(0, usage.rc());
        assertTrue(usage.out().startsWith("usage: StateFile {start|stop|monitor|validate-all|meta-data|reload|usage}"),
                usage.out());
        assertEquals(0, ActionRun.of(agent, Map.of(), "help").rc());
        ActionRun validate = ActionRun.of(agent, bad, "validate-all");
        assertEquals(6, validate.rc());
        assertEquals("parameter 'fail_code' must be an integer, got 'not a number'", validate.exitReason());
    }

    @Test
    void unknownAndMissingActions() {
        ActionRun unknown = run("explode");
        assertEquals(3, unknown.rc());
        assertEquals("unknown action 'explode'", unknown.exitReason());
        ActionRun unsupported = run("promote");
        assertEquals(3, unsupported.rc());
        assertEquals("promote is not supported by StateFile", unsupported.exitReason());
        assertEquals(3, run("migrate_to").rc());
        ActionRun none = run();
        assertEquals(2, none.rc());
        assertEquals("no action given", none.exitReason());
        assertTrue(none.err().startsWith("usage: StateFile"));
        assertEquals(2, run("start", "extra").rc());
    }

    @Test
    void everyInjectedCodeComesBackWithOneReason() {
        env.put("OCF_RESKEY_fail_on", "start");
        for (int code = 1; code <= 9; code++) {
            env.put("OCF_RESKEY_fail_code", Integer.toString(code));
            ActionRun r = run("start");
            assertEquals(code, r.rc());
            assertEquals("injected failure of start (password )", r.exitReason());
        }
    }

    @Test
    void monitorFailureAndValidateFailure() {
        env.put("OCF_RESKEY_fail_on", "monitor");
        assertEquals(1, run("monitor").rc());
        env.put("OCF_RESKEY_fail_on", "validate-all");
        env.put("OCF_RESKEY_fail_code", "6");
        ActionRun r = run("validate-all");
        assertEquals(6, r.rc());
        assertEquals(1, r.exitReasons().size());
    }

    @Test
    void unexpectedExceptionIsOneLineWithoutStackTrace() {
        env.put("OCF_RESKEY_fail_on", "stop");
        env.put("OCF_RESKEY_fail_unexpected", "yes");
        ActionRun r = run("stop");
        assertEquals(1, r.rc());
        assertEquals("unexpected IllegalStateException: injected surprise with password", r.exitReason());
        assertEquals(1, r.err().lines().count(), r.err());
        assertFalse(r.err().contains("\tat "));
    }

    @Test
    void traceSwitchAddsTheStackTrace() {
        env.put("OCF_RESKEY_fail_on", "stop");
        env.put("OCF_RESKEY_fail_unexpected", "yes");
        env.put("OCF_TRACE_RA", "1");
        ActionRun r = run("stop");
        assertEquals(1, r.rc());
        assertEquals(1, r.exitReasons().size());
        assertTrue(r.err().contains("\tat io.clonevip.ocf.testagent.StateFileAgent"), r.err());
    }

    @Test
    void secretsAreMaskedInReasonsAndLogs() {
        env.put("OCF_RESKEY_password", "s3cr3t-pw");
        env.put("OCF_RESKEY_fail_on", "start");
        ActionRun r = run("start");
        assertEquals("injected failure of start (password ***)", r.exitReason());
        env.put("OCF_RESKEY_fail_unexpected", "1");
        env.put("OCF_TRACE_RA", "1");
        r = run("start");
        assertTrue(r.exitReason().endsWith("password ***"), r.err());
        assertTrue(r.err().contains("\tat "), "trace on: " + r.err());
        assertFalse(r.err().contains("s3cr3t-pw"), "not even in the stack trace: " + r.err());
    }

    @Test
    void longReasonIsCutAtPacemakersLimitAndLoggedInFull() {
        OcfAgent wordy = new OcfAgent() {
            @Override
            public AgentMetaData metaData() {
                return agent.metaData();
            }

            @Override
            public void start(OcfEnv env) {
                throw OcfException.generic("x".repeat(150) + " end");
            }

            @Override
            public void stop(OcfEnv env) {
            }

            @Override
            public OcfExitCode monitor(OcfEnv env) {
                return OcfExitCode.NOT_RUNNING;
            }
        };
        ActionRun r = ActionRun.of(wordy, env, "start");
        assertEquals(1, r.rc());
        assertEquals(OcfMain.MAX_REASON, r.exitReason().length());
        assertTrue(r.exitReason().endsWith("xxx..."));
        assertTrue(r.err().contains("ERROR: " + "x".repeat(150) + " end"), r.err());
    }

    @Test
    void agentClassIsLoadedByName() {
        assertEquals(0, OcfMain.run(StateFileAgent.class.getName(), new String[] {"meta-data"}, Map.of(),
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()),
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream())));
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int rc = OcfMain.run("io.clonevip.NoSuchAgent", new String[] {"start"}, Map.of(),
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), new java.io.PrintStream(err, true));
        assertEquals(5, rc);
        assertEquals("ocf-exit-reason:cannot load OCF agent class io.clonevip.NoSuchAgent: ClassNotFoundException\n",
                err.toString());
    }
}
