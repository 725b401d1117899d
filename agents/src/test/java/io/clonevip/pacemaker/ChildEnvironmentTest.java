package io.clonevip.pacemaker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A tool started by an agent gets PATH, locale, TZ and Pacemaker's settings, nothing else. */
class ChildEnvironmentTest {
    @Test
    void onlyWhatAToolNeedsPasses() {
        Map<String, String> parent = new HashMap<>(Map.of("PATH", "/usr/sbin:/usr/bin", "LANG", "C.UTF-8", "LC_ALL", "C",
                "TZ", "UTC", "PCMK_ipc_buffer", "131072", "HA_LOGFACILITY", "daemon"));
        parent.putAll(Map.of("OCF_RESKEY_password", "secret", "OCF_RESKEY_user", "monitor", "OCF_RESOURCE_INSTANCE", "p_mm",
                "HOME", "/root", "MYSQL_PWD", "secret", "CIB_passwd", "secret"));
        assertEquals(Map.of("PATH", "/usr/sbin:/usr/bin", "LANG", "C.UTF-8", "LC_ALL", "C", "TZ", "UTC",
                "PCMK_ipc_buffer", "131072", "HA_LOGFACILITY", "daemon"), ChildEnvironment.of(parent));
    }
}
