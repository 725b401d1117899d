package io.clonevip.ocf.agentd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResidentPolicyTest {
    private static final String IPADDR3 = DaemonOptions.IPADDR3;
    private static final String MYSQL = ResidentPolicy.MYSQL_MONITOR;

    @Test
    void ofMysqlMonitorOnlyMonitorIsServedAndStartStaysInItsOwnJvm() {
        assertEquals(List.of("monitor", "status"), ResidentPolicy.served(MYSQL));
        assertEquals(ResidentPolicy.ALL, ResidentPolicy.served(IPADDR3));
        Set<String> clean = Set.of("OCF_RESKEY_state", "HA_RSCTMP", "OCF_RESKEY_credentials_file");
        assertNull(ResidentPolicy.refusal(MYSQL, "monitor", clean));
        for (String action : List.of("start", "stop", "validate-all")) {
            assertNotNull(ResidentPolicy.refusal(MYSQL, action, clean), action);
        }
        assertNull(ResidentPolicy.refusal(IPADDR3, "start", Set.of("OCF_RESKEY_ip")));
    }

    @Test
    void anEnvironmentWithASecretParameterIsRefusedByNameOnly() throws Exception {
        assertEquals(List.of("OCF_RESKEY_password"), ResidentPolicy.secretVariables(MYSQL));
        assertEquals(List.of(), ResidentPolicy.secretVariables(IPADDR3));
        String why = ResidentPolicy.refusal(MYSQL, "monitor", Set.of("OCF_RESKEY_state", "OCF_RESKEY_password"));
        assertNotNull(why);
        assertTrue(why.contains("secret parameter password"), why);
        assertFalse(why.contains("="), why);
    }
}
