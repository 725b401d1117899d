package io.clonevip.ocf.agentd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DaemonOptionsTest {

    @Test
    void defaultsServeIPaddr3Only() {
        DaemonOptions o = DaemonOptions.parse(new String[0]);
        assertEquals(Path.of("/run/clonevip/agentd"), o.runDir());
        assertEquals(Path.of("/usr/lib/clonevip"), o.libDir());
        assertEquals(Set.of(DaemonOptions.IPADDR3), o.allowed());
    }

    @Test
    void laterRunDirWinsAndAllowAdds() {
        DaemonOptions o = DaemonOptions.parse(new String[] {"--run-dir", "/run/a", "--allow", "x.Y", "--run-dir",
                "/run/b", "--verbose"});
        assertEquals(Path.of("/run/b"), o.runDir());
        assertEquals(Set.of("x.Y"), o.allowed());
        assertTrue(o.verbose());
    }

    @Test
    void mysqlMonitorMayBeAllowedItsPolicyLimitsWhatIsServed() {
        assertEquals(Set.of(ResidentPolicy.MYSQL_MONITOR),
                DaemonOptions.parse(new String[] {"--allow", ResidentPolicy.MYSQL_MONITOR}).allowed());
        assertThrows(DaemonException.class, () -> DaemonOptions.parse(new String[] {"--bogus"}));
        assertThrows(DaemonException.class, () -> DaemonOptions.parse(new String[] {"--run-dir"}));
        assertThrows(DaemonException.class, () -> DaemonOptions.parse(new String[] {"--run-dir", "/"}));
    }
}
