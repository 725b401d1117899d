package io.clonevip.ocf;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OcfExitCodeTest {
    private static final Path RETURNCODES = Path.of("/usr/lib/ocf/lib/heartbeat/ocf-returncodes");

    @Test
    void matchesResourceAgentsReturnCodes() throws IOException {
        Map<String, Integer> shell = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^(OCF_[A-Z_]+)=(\\d+)").matcher(Files.readString(RETURNCODES));
        while (m.find()) {
            shell.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        assertTrue(shell.size() >= 10, "parsed " + shell);
        shell.forEach((name, value) -> assertEquals(name, OcfExitCode.valueOf(value).shellName(), name));
    }

    @Test
    void pacemakerDegradedCodes() {
        assertEquals(190, OcfExitCode.DEGRADED.code());
        assertEquals(191, OcfExitCode.DEGRADED_MASTER.code());
        assertEquals(OcfExitCode.DEGRADED_MASTER, OcfExitCode.valueOf(191));
    }

    @Test
    void unknownValueIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> OcfExitCode.valueOf(10));
        assertThrows(IllegalArgumentException.class, () -> OcfExitCode.valueOf(-1));
    }

    @Test
    void exceptionCannotCarrySuccess() {
        assertThrows(IllegalArgumentException.class, () -> new OcfException(OcfExitCode.SUCCESS, "fine"));
        assertEquals(OcfExitCode.ERR_CONFIGURED, OcfException.configured("x").code());
    }
}
