package io.clonevip.agent.mysql;

import io.clonevip.testkit.Repo;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

/**
 * mysql_monitor's entry script before {@code package}: agents/src/main/sh/ocf-agent.in filled in
 * as scripts/install.sh fills it in (without clonevip-agentd), on a lib directory whose one jar
 * names this test's class path in its manifest, and a java-home of this JDK. What runs is the
 * installed path of an action: the thin client, then OcfMain in a JVM of its own.
 */
final class EntryScript {
    private static final Path TEMPLATE = Repo.file("agents/src/main/sh/ocf-agent.in");

    private EntryScript() {
    }

    /** Writes lib/, etc/ and ocf/mysql_monitor below {@code dir}; returns the entry script. */
    static Path install(Path dir) throws IOException {
        Path lib = Files.createDirectories(dir.resolve("lib/lib"));
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, Arrays.stream(System.getProperty("java.class.path")
                .split(File.pathSeparator)).map(p -> Path.of(p).toUri().toString()).collect(Collectors.joining(" ")));
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(lib.resolve("classpath.jar")), m)) {
            jar.flush();
        }
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Files.writeString(etc.resolve("java-home"), System.getProperty("java.home") + "\n");
        String text = Files.readString(TEMPLATE).replace("@AGENT_CLASS@", MysqlMonitorAgent.class.getName())
                .replace("@AGENT@", MysqlMonitorAgent.NAME).replace("@LIBDIR@", dir.resolve("lib").toString())
                .replace("@CONFDIR@", etc.toString()).replace("@AGENTD@", "0")
                .replace("@AGENTD_RUNDIR@", dir.resolve("agentd").toString()).replace("@AGENTD_BUILD@", "none")
                .replace("@AGENTD_ACTIONS@", "monitor status").replace("@AGENTD_SECRETS@", "OCF_RESKEY_password");
        Path entry = Files.createDirectories(dir.resolve("ocf")).resolve(MysqlMonitorAgent.NAME);
        Files.writeString(entry, text);
        Files.setPosixFilePermissions(entry, PosixFilePermissions.fromString("rwxr-xr-x"));
        return entry;
    }

    /** Removes what {@link #install} wrote, given the entry script it returned. */
    static void remove(Path entry) throws IOException {
        try (var all = Files.walk(entry.getParent().getParent())) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
