package io.clonevip.ocf;

import io.clonevip.testkit.Cmd;

import io.clonevip.ocf.testagent.StateFileAgent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * scripts/install.sh and uninstall.sh on the packaged jars, and the installed entry script
 * of the test agent {@link StateFileAgent} run for real: ocf-tester, exit codes, exit reasons.
 * Runs after {@code package} (failsafe), in a temporary root per run. The shared install
 * uses an AOT cache (half the CPU per JVM start); the Pacemaker test's install runs without.
 */
class InstallIT {
    private static final Path SCRIPTS = Path.of("..", "scripts").toAbsolutePath().normalize();
    private static final String ID = "it" + ProcessHandle.current().pid();
    private static Path root;
    private static Path testJar;
    private static Path script;
    private static Path state;

    @BeforeAll
    static void install() throws Exception {
        root = Files.createTempDirectory("clonevip-ocf-it-");
        // ocf-tester runs meta-data as user nobody: the tree must be readable by everyone
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        testJar = testAgentJar(root.resolve("statefile-agent.jar"));
        Cmd r = installScript("install.sh", Map.of("LIBDIR", root + "/lib/clonevip",
                "CONFDIR", root + "/etc/clonevip", "OCFDIR", root + "/ocf/resource.d/clonevip",
                "EXTRA_JARS", testJar.toString(), "AOT", "1"));
        assertEquals(0, r.exit(), r.toString());
        script = root.resolve("ocf/resource.d/clonevip/StateFile");
        Path run = Files.createDirectory(root.resolve("run"));
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));
        state = run.resolve(ID + ".state");
    }

    @AfterAll
    static void removeRoot() throws IOException {
        if (root == null) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void ocfTesterPasses() throws Exception {
        Cmd r = exec(List.of("ocf-tester", "-n", "octest-" + ID, "-o", "state=" + state,
                script.toString()), Map.of(), 120);
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("passed all tests"), r.toString());
        assertFalse(Files.exists(state));
    }

    @Test
    void metaDataIsTheModelForAnyUserWithoutJvm() throws Exception {
        String expected = MetaDataXml.render(new StateFileAgent().metaData());
        assertTrue(expected.contains("clonevip’s OCF framework – non-ASCII"));
        assertEquals(expected, Files.readString(root.resolve("lib/clonevip/meta-data/StateFile.xml")));
        Cmd asNobody = exec(List.of("su", "nobody", "-s", "/bin/sh", "-c", script + " meta-data"),
                Map.of(), 30);
        assertEquals(0, asNobody.exit(), asNobody.toString());
        assertEquals(expected, asNobody.out());
        // without the installed copy the JVM answers, and its stdout is the XML alone
        Path cached = root.resolve("lib/clonevip/meta-data/StateFile.xml");
        Path aside = root.resolve("StateFile.xml.aside");
        Files.move(cached, aside);
        try {
            Cmd jvm = agent(Map.of("LC_ALL", "C", "LANG", "C"), "meta-data"); // UTF-8 even so
            assertEquals(0, jvm.exit(), jvm.toString());
            assertEquals(expected, jvm.out());
        } finally {
            Files.move(aside, cached);
        }
    }

    @Test
    void exitCodesAndExactlyOneExitReason() throws Exception {
        Cmd unknown = agent(Map.of(), "bogus");
        assertEquals(3, unknown.exit(), unknown.toString());
        assertEquals(List.of("ocf-exit-reason:unknown action 'bogus'"), exitReasons(unknown));
        Cmd none = agent(Map.of());
        assertEquals(2, none.exit(), none.toString());
        assertEquals(1, exitReasons(none).size());

        Cmd probe = agent(Map.of("OCF_RESKEY_CRM_meta_interval", "0"), "monitor");
        assertEquals(7, probe.exit(), probe.toString());
        assertEquals("", probe.err());

        Cmd failed = agent(Map.of("OCF_RESKEY_fail_on", "start", "OCF_RESKEY_fail_code", "4",
                "OCF_RESKEY_password", "pa55word-" + ID), "start");
        assertEquals(4, failed.exit(), failed.toString());
        assertEquals(List.of("ocf-exit-reason:injected failure of start (password ***)"), exitReasons(failed));

        Cmd bad = agent(Map.of("OCF_RESKEY_fail_on", "sometimes"), "validate-all");
        assertEquals(6, bad.exit(), bad.toString());
        assertEquals(1, exitReasons(bad).size());

        Cmd surprise = agent(Map.of("OCF_RESKEY_fail_on", "monitor", "OCF_RESKEY_fail_unexpected", "true",
                "OCF_RESKEY_CRM_meta_interval", "10000"), "monitor");
        assertEquals(1, surprise.exit(), surprise.toString());
        assertEquals(List.of("ocf-exit-reason:unexpected IllegalStateException: injected surprise with password"),
                exitReasons(surprise));
        assertFalse(surprise.err().contains("\tat "), surprise.toString());
    }

    @Test
    void brokenJavaHomeFallsBackToTheJdkUnderUsrLibJvm() throws Exception {
        Path javaHome = root.resolve("etc/clonevip/java-home");
        String recorded = Files.readString(javaHome);
        assertTrue(Files.isExecutable(Path.of(recorded.strip(), "bin", "java")), recorded);
        Files.writeString(javaHome, "/nonexistent/jdk\n");
        try {
            Cmd r = agent(Map.of(), "validate-all");
            assertEquals(0, r.exit(), r.toString());
        } finally {
            Files.writeString(javaHome, recorded);
        }
    }

    @Test
    void destdirInstallThenUninstallLeavesNothing() throws Exception {
        Path dest = Files.createTempDirectory("clonevip-ocf-destdir-");
        try {
            Map<String, String> env = Map.of("DESTDIR", dest.toString(), "EXTRA_JARS", testJar.toString());
            Cmd r = installScript("install.sh", env);
            assertEquals(0, r.exit(), r.toString());
            Path lib = dest.resolve("usr/lib/clonevip");
            assertTrue(Files.exists(lib.resolve("lib/statefile-agent.jar")));
            try (Stream<Path> jars = Files.list(lib.resolve("lib"))) {
                assertTrue(jars.anyMatch(p -> p.getFileName().toString().matches("agents-.*\\.jar")));
            }
            Path entry = dest.resolve("usr/lib/ocf/resource.d/clonevip/StateFile");
            assertTrue(Files.isExecutable(entry));
            String text = Files.readString(entry);
            assertTrue(text.contains("libdir='/usr/lib/clonevip'"), "final paths, not DESTDIR ones:\n" + text);
            assertFalse(text.contains(dest.toString()));
            assertTrue(Files.exists(dest.resolve("etc/clonevip/java-home")));
            Map<String, String> thinClients = new HashMap<>(Map.of("StateFile", thinClient(entry, "StateFile", StateFileAgent.class)));
            for (OcfAgent a : AgentCatalog.registered()) {
                String name = a.metaData().name();
                Path agentEntry = dest.resolve("usr/lib/ocf/resource.d/clonevip/" + name);
                assertTrue(Files.isExecutable(agentEntry), name);
                assertEquals(MetaDataXml.render(a.metaData()), Files.readString(lib.resolve("meta-data/" + name + ".xml")));
                thinClients.put(name, thinClient(agentEntry, name, a.getClass()));
            }
            // one runtime path: IPaddr3 (an agentd agent) and the test agent (not one) get the same
            // thin client, and no other shell code is installed (no monitor answered in sh)
            assertTrue(thinClients.keySet().containsAll(List.of("IPaddr3", "mysql_monitor")), thinClients.keySet().toString());
            assertEquals(1, new HashSet<>(thinClients.values()).size(), "entry scripts differ beyond name, class and agentd flag, actions and secrets");
            List<String> shellFiles = Files.readAllLines(lib.resolve("install.manifest")).stream()
                    .filter(l -> l.startsWith("f ") && (l.endsWith(".sh") || l.contains("/shortcuts/"))).toList();
            assertEquals(List.of(), shellFiles, "shell code installed next to the entry scripts");
            // installing again replaces, it does not pile up
            assertEquals(0, installScript("install.sh", env).exit());
            Files.writeString(dest.resolve("etc/clonevip/admin-notes"), "not ours\n");
            Cmd u = installScript("uninstall.sh", Map.of("DESTDIR", dest.toString()));
            assertEquals(0, u.exit(), u.toString());
            try (Stream<Path> left = Files.walk(dest)) {
                assertEquals(List.of(dest, dest.resolve("etc"), dest.resolve("etc/clonevip"),
                        dest.resolve("etc/clonevip/admin-notes")), left.sorted().toList());
            }
        } finally {
            try (Stream<Path> all = Files.walk(dest)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** AOT=1 (the shared install) trained a cache; the entry script runs with it, without complaint. */
    @Test
    void aotCacheIsTrainedAndAccepted() throws Exception {
        Path cache = root.resolve("lib/clonevip/aot/StateFile.aot");
        assertTrue(Files.size(cache) > 1_000_000, "cache " + cache);
        Cmd probe = agent(Map.of("OCF_RESKEY_CRM_meta_interval", "0"), "monitor");
        assertEquals(7, probe.exit(), probe.toString());
        assertEquals("", probe.err(), "a rejected AOT cache is reported on stderr");
    }

    /**
     * Pacemaker's own tools run the agent: crm_resource reads its meta-data, validates with
     * the exit reason, and force-checks/starts/stops it from a CIB file. Pacemaker 2.1 only
     * looks in /usr/lib/ocf/resource.d, so this run installs there under its own provider
     * name and uninstalls it again.
     */
    @Test
    void pacemakerRunsTheAgent() throws Exception {
        String provider = "clonevip-" + ID;
        Path base = Files.createDirectory(root.resolve("pcmk"));
        Map<String, String> dirs = Map.of("LIBDIR", base + "/lib", "CONFDIR", base + "/etc",
                "OCFDIR", "/usr/lib/ocf/resource.d/" + provider);
        Map<String, String> installEnv = new HashMap<>(dirs);
        installEnv.put("EXTRA_JARS", testJar.toString());
        try {
            Cmd installed = installScript("install.sh", installEnv);
            assertEquals(0, installed.exit(), installed.toString());
            Cmd md = exec(List.of("crm_resource", "--show-metadata", "ocf:" + provider + ":StateFile"),
                    Map.of(), 60);
            assertEquals(0, md.exit(), md.toString());
            assertEquals(MetaDataXml.render(new StateFileAgent().metaData()).strip(), md.out().strip());

            List<String> validate = List.of("crm_resource", "--validate", "--class", "ocf", "--provider", provider,
                    "--agent", "StateFile", "--option", "state=" + base + "/v.state", "--option", "fail_code=zz");
            Cmd bad = exec(validate, Map.of(), 60);
            assertEquals(6, bad.exit(), bad.toString());
            assertTrue(bad.out().contains("returned 6 (not configured: parameter 'fail_code' must be an integer, "
                    + "got 'zz')"), bad.toString());

            Path cib = base.resolve("cib.xml");
            Cmd empty = exec(List.of("cibadmin", "--empty"), Map.of(), 30);
            Files.writeString(cib, empty.out());
            Map<String, String> cibEnv = Map.of("CIB_file", cib.toString());
            assertEquals(0, exec(List.of("cibadmin", "-C", "-o", "resources", "-X",
                    "<primitive id=\"ft1\" class=\"ocf\" provider=\"" + provider + "\" type=\"StateFile\">"
                            + "<instance_attributes id=\"ft1-ia\"><nvpair id=\"ft1-state\" name=\"state\" value=\""
                            + base + "/ft1.state\"/></instance_attributes></primitive>"), cibEnv, 30).exit());
            int[] expected = {7, 0, 0, 0, 7};
            String[] ops = {"--force-check", "--force-start", "--force-check", "--force-stop", "--force-check"};
            for (int i = 0; i < ops.length; i++) {
                Cmd r = exec(List.of("crm_resource", "-r", "ft1", ops[i]), cibEnv, 60);
                assertEquals(expected[i], r.exit(), ops[i] + " " + r);
            }
        } finally {
            Cmd u = installScript("uninstall.sh", Map.of("LIBDIR", base + "/lib"));
            assertEquals(0, u.exit(), u.toString());
            assertFalse(Files.exists(Path.of("/usr/lib/ocf/resource.d", provider)));
        }
    }

    private static Cmd agent(Map<String, String> extra, String... action) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("OCF_ROOT", "/usr/lib/ocf", "OCF_RESOURCE_INSTANCE", ID,
                "OCF_RESKEY_state", state.toString(), "OCF_RESKEY_CRM_meta_interval", "10000"));
        env.putAll(extra);
        List<String> cmd = new java.util.ArrayList<>(List.of(script.toString()));
        cmd.addAll(List.of(action));
        return exec(cmd, env, 60);
    }

    private static Cmd installScript(String name, Map<String, String> env) throws Exception {
        Map<String, String> all = new HashMap<>(env);
        all.put("JDK_HOME", System.getProperty("java.home"));
        return exec(List.of("sh", SCRIPTS.resolve(name).toString()), all, 120);
    }

    /** A jar with the test agent's classes and its service registration. */
    /** An installed entry script with the agent's name, class, agentd flag, actions and secrets put back as placeholders. */
    private static String thinClient(Path entry, String name, Class<?> agentClass) throws IOException {
        return Files.readString(entry).replace(agentClass.getName(), "@AGENT_CLASS@")
                .replaceAll("\\b" + Pattern.quote(name) + "\\b", "@AGENT@")
                .replaceFirst("(?m)^agentd='[01]'", "agentd='@AGENTD@'")
                .replaceFirst("(?m)^agentd_actions='[^']*'", "agentd_actions='@AGENTD_ACTIONS@'")
                .replaceFirst("(?m)^agentd_secrets='[^']*'", "agentd_secrets='@AGENTD_SECRETS@'");
    }

    private static Path testAgentJar(Path jar) throws IOException {
        Path classes = Path.of("target", "test-classes");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes.resolve("io/clonevip/ocf/testagent"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString()));
                Files.copy(f, out);
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/services/" + OcfAgent.class.getName()));
            out.write((StateFileAgent.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
        return jar;
    }


    /** Runs {@code cmd} with the inherited environment minus OCF variables (the test's own), plus {@code env}. */
    private static Cmd exec(List<String> cmd, Map<String, String> env, int timeoutSeconds) {
        return Cmd.run(Duration.ofSeconds(timeoutSeconds), cmd, env, k -> k.startsWith("OCF_") || k.startsWith("HA_"));
    }

    private static List<String> exitReasons(Cmd c) {
        return c.err().lines().filter(l -> l.contains(OcfMain.EXIT_REASON)).toList();
    }
}
