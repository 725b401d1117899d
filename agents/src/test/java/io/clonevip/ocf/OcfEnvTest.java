package io.clonevip.ocf;

import io.clonevip.ocf.testagent.StateFileAgent;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OcfEnvTest {
    private static final AgentMetaData MD = new StateFileAgent().metaData();

    private static OcfEnv env(OcfAction action, String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return OcfEnv.of(m, action, MD);
    }

    @Test
    void defaultsExpandOcfVariables() {
        OcfEnv e = env(OcfAction.START, "HA_RSCTMP", "/run/x", "OCF_RESOURCE_INSTANCE", "r1:2");
        assertEquals("/run/x/StateFile-r1:2.state", e.string("state"));
        assertEquals("dummy", e.string("fake"));
        assertEquals(1, e.integer("fail_code"));
        assertFalse(e.bool("fail_unexpected"));
        assertEquals("none", e.choice("fail_on"));
        assertTrue(e.explicit("state").isEmpty());
        assertEquals("/run/resource-agents/StateFile-undef.state", env(OcfAction.START).string("state"));
    }

    @Test
    void explicitValueAndDeprecatedAlias() {
        assertEquals("/a", env(OcfAction.START, "OCF_RESKEY_state", "/a", "OCF_RESKEY_statefile", "/b").string("state"));
        assertEquals("/b", env(OcfAction.START, "OCF_RESKEY_statefile", "/b").string("state"));
    }

    @Test
    void typedGettersNameTheParameter() {
        OcfException e = assertThrows(OcfException.class,
                () -> env(OcfAction.START, "OCF_RESKEY_fail_code", "x1").integer("fail_code"));
        assertEquals(OcfExitCode.ERR_CONFIGURED, e.code());
        assertEquals("parameter 'fail_code' must be an integer, got 'x1'", e.reason());
        e = assertThrows(OcfException.class,
                () -> env(OcfAction.START, "OCF_RESKEY_fail_code", "12").integer("fail_code", 1, 9));
        assertEquals("parameter 'fail_code' must be between 1 and 9, got '12'", e.reason());
        e = assertThrows(OcfException.class,
                () -> env(OcfAction.START, "OCF_RESKEY_fail_unexpected", "maybe").bool("fail_unexpected"));
        assertTrue(e.reason().startsWith("parameter 'fail_unexpected' must be a boolean"), e.reason());
        e = assertThrows(OcfException.class, () -> env(OcfAction.START, "OCF_RESKEY_fail_on", "reboot").choice("fail_on"));
        assertEquals("parameter 'fail_on' must be one of none, start, stop, monitor, validate-all, got 'reboot'",
                e.reason());
        e = assertThrows(OcfException.class, () -> env(OcfAction.START).string("password"));
        assertEquals("parameter 'password' is required", e.reason());
        assertThrows(IllegalArgumentException.class, () -> env(OcfAction.START).string("undeclared"));
    }

    @Test
    void booleansInOcfSpellings() {
        for (String t : new String[] {"yes", "TRUE", "1", "on", "True"}) {
            assertTrue(env(OcfAction.START, "OCF_RESKEY_fail_unexpected", t).bool("fail_unexpected"), t);
        }
        for (String f : new String[] {"no", "False", "0", "OFF"}) {
            assertFalse(env(OcfAction.START, "OCF_RESKEY_fail_unexpected", f).bool("fail_unexpected"), f);
        }
    }

    @Test
    void checkParametersFindsEveryBadValue() {
        assertThrows(OcfException.class, () -> env(OcfAction.START, "OCF_RESKEY_fail_code", "one").checkParameters());
        assertThrows(OcfException.class, () -> env(OcfAction.START, "OCF_RESKEY_fail_on", "x").checkParameters());
        env(OcfAction.START, "OCF_RESKEY_fail_code", "3").checkParameters();
    }

    @Test
    void secretValuesNeverInReasons() {
        AgentMetaData md = AgentMetaData.builder("S").shortdesc("s").longdesc("s")
                .parameter(Parameter.integer("pin").secret().shortdesc("p").longdesc("p"))
                .standardActions("20s", "10s", "20s").build();
        OcfEnv e = OcfEnv.of(Map.of("OCF_RESKEY_pin", "hunter2"), OcfAction.START, md);
        OcfException x = assertThrows(OcfException.class, () -> e.integer("pin"));
        assertFalse(x.reason().contains("hunter2"), x.reason());
        assertEquals("parameter 'pin' must be an integer (value not shown: secret)", x.reason());
        assertEquals(java.util.Set.of("hunter2"), e.secretValues());
        assertFalse(e.toString().contains("hunter2"));
        assertEquals("a *** b", e.log().mask("a hunter2 b"));
    }

    @Test
    void cloneMetaAndOcfVariables() {
        OcfEnv e = env(OcfAction.MONITOR, "OCF_RESKEY_CRM_meta_clone", "2", "OCF_RESKEY_CRM_meta_clone_max", "3",
                "OCF_RESKEY_CRM_meta_clone_node_max", "3", "OCF_RESKEY_CRM_meta_globally_unique", "true",
                "OCF_RESKEY_CRM_meta_interval", "10000", "OCF_RESKEY_CRM_meta_timeout", "20000",
                "OCF_RESKEY_CRM_meta_notify", "false", "OCF_CHECK_LEVEL", "10", "OCF_ROOT", "/o",
                "OCF_RESOURCE_INSTANCE", "vip:2");
        assertEquals(OptionalInt.of(2), e.cloneNumber());
        assertEquals(OptionalInt.of(3), e.cloneMax());
        assertEquals(OptionalInt.of(3), e.cloneNodeMax());
        assertTrue(e.isClone());
        assertTrue(e.globallyUnique());
        assertFalse(e.notifyEnabled());
        assertEquals(10000, e.intervalMillis());
        assertEquals(20000, e.timeoutMillis().orElseThrow());
        assertFalse(e.isProbe());
        assertEquals(10, e.checkLevel());
        assertEquals(Path.of("/o"), e.ocfRoot());
        assertEquals("vip:2", e.resourceInstance());
        assertEquals("3", e.meta("clone-max").orElseThrow());
        assertFalse(env(OcfAction.START).isClone());
    }

    @Test
    void probeIsMonitorWithIntervalZero() {
        assertTrue(env(OcfAction.MONITOR).isProbe());
        assertTrue(env(OcfAction.MONITOR, "OCF_RESKEY_CRM_meta_interval", "0").isProbe());
        assertFalse(env(OcfAction.MONITOR, "OCF_RESKEY_CRM_meta_interval", "5000").isProbe());
        assertFalse(env(OcfAction.START, "OCF_RESKEY_CRM_meta_interval", "0").isProbe());
        OcfException e = assertThrows(OcfException.class,
                () -> env(OcfAction.MONITOR, "OCF_RESKEY_CRM_meta_interval", "soon").isProbe());
        assertEquals(OcfExitCode.ERR_CONFIGURED, e.code());
    }

    @Test
    void timeParametersAreDurationsCheckedByTheFramework() {
        AgentMetaData md = AgentMetaData.builder("T").shortdesc("t").longdesc("t")
                .parameter(Parameter.builder("wait", ParameterType.TIME).defaultValue("2s").shortdesc("w").longdesc("w"))
                .standardActions("20s", "10s", "20s").build();
        OcfEnv ok = OcfEnv.of(Map.of("OCF_RESKEY_wait", "0.5s"), OcfAction.START, md);
        ok.checkParameters();
        assertEquals(java.time.Duration.ofMillis(500), ok.duration("wait", java.time.Duration.ZERO, java.time.Duration.ofSeconds(1)));
        assertEquals(java.time.Duration.ofSeconds(2), OcfEnv.of(Map.of(), OcfAction.START, md)
                .duration("wait", java.time.Duration.ZERO, java.time.Duration.ofSeconds(9)));
        OcfEnv bad = OcfEnv.of(Map.of("OCF_RESKEY_wait", "soon"), OcfAction.START, md);
        OcfException e = assertThrows(OcfException.class, bad::checkParameters);
        assertEquals(OcfExitCode.ERR_CONFIGURED, e.code());
        assertEquals("parameter 'wait' must be a duration (e.g. 500ms, 2s, 1m), got 'soon'", e.reason());
        e = assertThrows(OcfException.class, () -> ok.duration("wait", java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(9)));
        assertEquals("parameter 'wait' must be between 1s and 9s, got '0.5s'", e.reason());
    }
}
