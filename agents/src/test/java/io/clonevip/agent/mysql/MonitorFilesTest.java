package io.clonevip.agent.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.clonevip.ocf.OcfAction;
import io.clonevip.ocf.OcfEnv;
import io.clonevip.ocf.OcfException;
import io.clonevip.ocf.OcfExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The instance's files: the default state path (a clone's {@code :} as {@code _}), a relative
 * state refused, and the state directory's owner, mode and type checked through NIO without
 * following a link (what the shell agent's {@code find -perm} and {@code test -O} did).
 */
class MonitorFilesTest {
    @TempDir
    Path dir;

    private static OcfEnv env(Map<String, String> vars) {
        return OcfEnv.of(vars, OcfAction.START, MysqlMonitorMetaData.META);
    }

    @Test
    void defaultStateIsPerconasWithTheCloneSeparatorReplaced() {
        assertEquals(Path.of("/r/mysql-monitor-p_mm_0.state"),
                MonitorFiles.of(env(Map.of("HA_RSCTMP", "/r", "OCF_RESOURCE_INSTANCE", "p_mm:0"))).state());
        assertEquals(Path.of("/run/resource-agents/mysql-monitor-mysql_monitor.state"), MonitorFiles.of(env(Map.of())).state());
        MonitorFiles f = MonitorFiles.of(env(Map.of("OCF_RESKEY_state", "/s/x.state")));
        assertEquals(Path.of("/s/x.state.pid"), f.pid());
        assertEquals(Path.of("/s/x.state.republish"), f.republish());
        OcfException e = assertThrows(OcfException.class, () -> MonitorFiles.of(env(Map.of("OCF_RESKEY_state", "x.state"))));
        assertEquals(OcfExitCode.ERR_CONFIGURED, e.code());
        assertEquals("parameter 'state' must be an absolute path, got 'x.state'", e.reason());
    }

    @Test
    void stateDirectoryMustBeRootsAlone() throws Exception {
        Path d = Files.createDirectory(dir.resolve("d"));
        MonitorFiles files = new MonitorFiles(d.resolve("mm.state"));
        Files.setAttribute(d, "unix:mode", 0755);
        assertEquals(Optional.empty(), files.unfitDirectory());
        Files.setAttribute(d, "unix:mode", 01777);
        assertEquals(Optional.of("is writable by group or others"), files.unfitDirectory());
        Files.setAttribute(d, "unix:mode", 0775);
        assertEquals(Optional.of("is writable by group or others"), files.unfitDirectory());
        Files.setAttribute(d, "unix:mode", 0757);
        assertEquals(Optional.of("is writable by group or others"), files.unfitDirectory());
        Files.setAttribute(d, "unix:mode", 0700);
        Files.setAttribute(d, "unix:uid", 4242);
        assertEquals(Optional.of("is owned by uid 4242"), files.unfitDirectory());
        Path link = Files.createSymbolicLink(dir.resolve("link"), Files.createDirectory(dir.resolve("good")));
        assertEquals(Optional.of("is a symbolic link"), new MonitorFiles(link.resolve("mm.state")).unfitDirectory());
        Path plain = Files.writeString(dir.resolve("file"), "");
        assertEquals(Optional.of("is not a directory"), new MonitorFiles(plain.resolve("mm.state")).unfitDirectory());
    }
}
