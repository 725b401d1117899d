package io.clonevip.ocf;

import io.clonevip.testkit.Cmd;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What scripts/install.sh and uninstall.sh do with files that are not theirs: names another user
 * could plant in the shared TMPDIR, files that were there before the install, configuration edited
 * after it. DESTDIR installs (netctl and the agentd unit included, no systemctl) into a temporary
 * root; netctl comes from a stand-in build directory, so this needs only the agents module.
 */
class InstallFilesIT {
    private static final Path SCRIPTS = Path.of("..", "scripts").toAbsolutePath().normalize();
    private static final String JDK = System.getProperty("java.home");
    /** Every suffix the install script once appended to its mktemp name (before it used a private directory). */
    private static final List<String> SUFFIXES = List.of("jh", "cat", "md", "sh", "ad", "unit", "nc", "man");

    @TempDir
    Path dir;

    /**
     * mktemp's name is random, but another user watching TMPDIR (inotify) sees it and can plant a
     * FIFO or a symbolic link at any name derived from it before the script gets there. A mktemp
     * on PATH does that first, deterministically: next to every name it hands out, a FIFO at
     * NAME.jh (with protected_fifos=0 root opens it and reads what its owner writes: the java-home
     * the agents run) and a symbolic link at every other suffix to a file that does not exist.
     */
    @Test
    void temporariesAreNeverAtNamesAnotherUserCanPlant() throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        assertEquals(0, exec(List.of("chmod", "1777", tmp.toString()), Map.of(), 10).exit()); // as /tmp
        Path bait = Files.createDirectory(dir.resolve("bait"));
        Path shim = Files.createDirectory(dir.resolve("shim"));
        Path mktemp = shim.resolve("mktemp");
        Files.writeString(mktemp, "#!/bin/sh\n"
                + "t=$(/usr/bin/mktemp \"$@\") || exit 1\n"
                + "mkfifo -m 666 \"$t.jh\"\n"
                + "for s in " + String.join(" ", SUFFIXES.subList(1, SUFFIXES.size())) + "; do\n"
                + "    ln -s \"" + bait + "/$(basename \"$t\").$s\" \"$t.$s\"\n"
                + "done\n"
                + "echo \"$t\"\n");
        Files.setPosixFilePermissions(mktemp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path dest = Files.createDirectory(dir.resolve("root"));
        Map<String, String> env = Map.of("DESTDIR", dest.toString(), "NETCTL_TARGET", netctlTarget().toString(),
                "TMPDIR", tmp.toString(), "PATH", shim + ":" + System.getenv("PATH"));

        Cmd r = run("install.sh", env, 90); // the old script blocked opening the FIFO
        assertEquals(0, r.exit(), r.toString());
        assertEquals(JDK + "\n", Files.readString(dest.resolve("etc/clonevip/java-home")));
        assertTrue(Files.readString(dest.resolve("usr/sbin/netctl")).contains("io.clonevip.netctl.Netctl"));
        assertTrue(Files.exists(dest.resolve("usr/lib/systemd/system/clonevip-agentd.service")));
        assertEquals(List.of(), list(bait), "written through a planted link");
        List<String> planted = list(tmp);
        assertEquals(SUFFIXES.size(), planted.size(), "only what the shim planted is left: " + planted);
        for (String p : planted) {
            assertTrue(p.matches("tmp\\.\\w+\\.(" + String.join("|", SUFFIXES) + ")"), p);
        }
        Cmd u = run("uninstall.sh", env, 60);
        assertEquals(0, u.exit(), u.toString());
        assertEquals(List.of(), list(bait), "written through a planted link");
        assertEquals(2 * SUFFIXES.size(), list(tmp).size(), "only what the shim planted is left: " + list(tmp));
        assertEquals(List.of(), list(dest));
    }

    /** Files an install replaced (not clonevip's) are back byte for byte, with their mode, after uninstall. */
    @Test
    void filesThatWereThereSurviveInstallAndUninstall() throws Exception {
        Path dest = Files.createDirectory(dir.resolve("root"));
        write(dest.resolve("usr/sbin/netctl"), "#!/bin/sh\necho another netctl\n", "rwxr-x---");
        write(dest.resolve("usr/share/bash-completion/completions/netctl"), "complete -F _other netctl\n", "rw-r--r--");
        write(dest.resolve("etc/clonevip/java-home"), "/opt/their-jdk\n", "rw-------");
        Path ocf = Files.createDirectories(dest.resolve("usr/lib/ocf/resource.d/clonevip"));
        Files.createSymbolicLink(ocf.resolve("IPaddr3"), Path.of("/opt/their/IPaddr3"));
        Map<String, String> before = snapshot(dest);
        Map<String, String> env = Map.of("DESTDIR", dest.toString(), "NETCTL_TARGET", netctlTarget().toString());

        Cmd r = run("install.sh", env, 90);
        assertEquals(0, r.exit(), r.toString());
        assertTrue(Files.readString(dest.resolve("usr/sbin/netctl")).contains("io.clonevip.netctl.Netctl"));
        assertTrue(Files.isRegularFile(dest.resolve("usr/lib/ocf/resource.d/clonevip/IPaddr3"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("/opt/their-jdk\n", Files.readString(dest.resolve("etc/clonevip/java-home")), "configuration kept");
        assertTrue(r.out().contains("install: kept /etc/clonevip/java-home ('/opt/their-jdk')"), r.toString());
        assertEquals(0, run("install.sh", env, 90).exit(), "installing again");
        Cmd u = run("uninstall.sh", env, 60);
        assertEquals(0, u.exit(), u.toString());
        assertEquals(before, snapshot(dest));
    }

    /** java-home edited after the install stays, through the uninstall and a later install; nothing else does. */
    @Test
    void editedJavaHomeIsKept() throws Exception {
        Path dest = Files.createDirectory(dir.resolve("root"));
        Map<String, String> env = Map.of("DESTDIR", dest.toString(), "NETCTL", "0");
        assertEquals(0, run("install.sh", env, 90).exit());
        Path javaHome = dest.resolve("etc/clonevip/java-home");
        assertEquals(JDK + "\n", Files.readString(javaHome));
        Files.writeString(javaHome, "/opt/other-jdk\n");
        Cmd u = run("uninstall.sh", env, 60);
        assertEquals(0, u.exit(), u.toString());
        assertTrue(u.out().contains("uninstall: kept " + javaHome + " (changed since the install)"), u.toString());
        Map<String, String> left = Map.of("etc", "d rwxr-xr-x", "etc/clonevip", "d rwxr-xr-x",
                "etc/clonevip/java-home", "f rw-r--r-- /opt/other-jdk\n");
        assertEquals(left, snapshot(dest));

        Cmd again = run("install.sh", env, 90);
        assertEquals(0, again.exit(), again.toString());
        assertTrue(again.out().contains("install: kept /etc/clonevip/java-home ('/opt/other-jdk')"), again.toString());
        assertEquals(0, run("uninstall.sh", env, 60).exit());
        assertEquals(left, snapshot(dest));
    }

    /** A stand-in for netctl/target: a jar, a dependency, the completion script and one AsciiDoc man page. */
    private Path netctlTarget() throws IOException {
        Path t = dir.resolve("netctl-target");
        if (Files.exists(t)) return t;
        Files.createDirectories(t.resolve("lib"));
        Files.createDirectories(t.resolve("man"));
        Files.writeString(t.resolve("netctl-0.0.1.jar"), "not a real jar\n");
        Files.writeString(t.resolve("lib/dependency.jar"), "not a real jar\n");
        Files.writeString(t.resolve("netctl_completion"), "complete -W status netctl\n");
        Files.writeString(t.resolve("man/netctl-test.adoc"), "= netctl-test(1)\n:doctype: manpage\n:manmanual: t\n"
                + ":mansource: t\n\n== Name\n\nnetctl-test - a test page\n\n== Synopsis\n\n*netctl-test*\n\n"
                + "== Description\n\nNothing.\n");
        return t;
    }

    private static Cmd run(String script, Map<String, String> env, int timeoutSeconds) throws Exception {
        Map<String, String> all = new HashMap<>(env);
        all.put("JDK_HOME", JDK);
        return exec(List.of("sh", SCRIPTS.resolve(script).toString()), all, timeoutSeconds);
    }

    private static void write(Path file, String text, String mode) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    }

    /** Every path under {@code root}: kind, permissions and content (file) or target (link). */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.filter(p -> !p.equals(root)).toList()) {
                String key = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    m.put(key, "l " + Files.readSymbolicLink(p));
                } else {
                    String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                    m.put(key, Files.isDirectory(p) ? "d " + perms
                            : "f " + perms + " " + new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
                }
            }
        }
        return m;
    }

    private static List<String> list(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Runs {@code cmd} with the inherited environment minus OCF variables (the test's own), plus {@code env}. */
    private static Cmd exec(List<String> cmd, Map<String, String> env, int timeoutSeconds) {
        return Cmd.run(Duration.ofSeconds(timeoutSeconds), cmd, env, k -> k.startsWith("OCF_") || k.startsWith("HA_"));
    }
}
