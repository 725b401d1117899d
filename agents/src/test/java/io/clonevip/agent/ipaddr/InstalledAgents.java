package io.clonevip.agent.ipaddr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.clonevip.testkit.Cmd;
import io.clonevip.testkit.pacemaker.PacemakerLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A private install of the agents (scripts/install.sh) under provider {@code
 * clonevip-<tag><pid>}, for Pacemaker labs; removed by {@link #close}.
 */
record InstalledAgents(Path root, String provider, Cmd result) implements AutoCloseable {
    private static final Path SCRIPTS = Path.of("..", "scripts").toAbsolutePath().normalize();

    static InstalledAgents of(String tag) throws Exception {
        String provider = "clonevip-" + tag + ProcessHandle.current().pid();
        Path root = Files.createTempDirectory("clonevip-ip3-pcmk-");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new InstalledAgents(root, provider, Cmd.run(180, "env", "LIBDIR=" + root + "/lib", "CONFDIR=" + root + "/etc",
                "OCFDIR=/usr/lib/ocf/resource.d/" + provider, "JDK_HOME=" + System.getProperty("java.home"),
                "sh", SCRIPTS.resolve("install.sh").toString()));
    }

    /** Loads {@code crmText} (with {@code %s} for the provider) into the lab's configuration. */
    void load(PacemakerLab lab, String crmText) throws Exception {
        assertEquals(0, result.exit(), result.err());
        Path crm = root.resolve("test.crm");
        Files.writeString(crm, crmText.formatted(provider));
        crm.toFile().setReadable(true, false);
        lab.execOk(1, "crm", "configure", "load", "update", crm.toString());
    }

    @Override
    public void close() throws Exception {
        Cmd u = Cmd.run(60, "env", "LIBDIR=" + root + "/lib", "sh", SCRIPTS.resolve("uninstall.sh").toString());
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        assertEquals(0, u.exit(), u.err());
        assertFalse(Files.exists(Path.of("/usr/lib/ocf/resource.d", provider)));
    }
}
