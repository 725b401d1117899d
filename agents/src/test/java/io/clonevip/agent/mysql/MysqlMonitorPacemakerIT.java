package io.clonevip.agent.mysql;

import io.clonevip.testkit.db.DbLab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.pacemaker.LabView;
import io.clonevip.testkit.Cmd;
import io.clonevip.testkit.pacemaker.PacemakerLab;
import io.clonevip.ocf.MetaDataXml;
import io.clonevip.pacemaker.CommandResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The installed mysql_monitor (scripts/install.sh, run after {@code package}) as a primitive in a
 * real 1-node Pacemaker lab against the replication lab's primary. The server runs in the host's
 * namespaces; the node (own network and PID namespaces, shared /tmp) reaches it through its unix
 * socket. Shows: the attributes in attrd and the CIB with dampening, the OCF_CHECK_LEVEL=10
 * monitor repairing attributes somebody else changed, the monitors' cost, and what Pacemaker
 * 2.1.5 writes to pacemaker.log for a password parameter, with and without {@code private="1"}
 * in the meta-data and through cibsecret's {@code lrm://}.
 */
class MysqlMonitorPacemakerIT {
    private static final Path SCRIPTS = Path.of("..", "scripts").toAbsolutePath().normalize();
    private static final String ID = "mmp" + ProcessHandle.current().pid();
    private static final String PROVIDER = "cv" + ID;
    private static final String PRIVATE_PROVIDER = PROVIDER + "p";
    private static final Pattern ATTRD_VALUE = Pattern.compile("value=\"([^\"]*)\"");
    private static final Duration LIMIT = Duration.ofSeconds(30);
    /** The interval of the monitor op {@link #create} gives every primitive. */
    private static final Duration MONITOR_INTERVAL = Duration.ofSeconds(5);
    private static Path root;
    private static DbLab db;
    private static PacemakerLab lab;
    /** Everything any process printed in this class: checked for the password at the end. */
    private static final StringBuilder CAPTURED = new StringBuilder();

    @BeforeAll
    static void setUp() throws Exception {
        root = Files.createTempDirectory("clonevip-mmpit-");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        CommandResult installed = install("install.sh", Map.of("LIBDIR", root + "/lib", "CONFDIR", root + "/etc",
                "OCFDIR", "/usr/lib/ocf/resource.d/" + PROVIDER));
        assertEquals(0, installed.exitCode(), installed.stdout());
        db = DbLab.replication();
        lab = PacemakerLab.start(1);
    }

    @AfterAll
    static void tearDown() throws Exception {
        try {
            if (lab != null) {
                lab.close();
            }
            if (db != null) {
                CAPTURED.append(db.transcript());
                db.close();
            }
            deleteTree(Path.of("/usr/lib/ocf/resource.d", PRIVATE_PROVIDER));
            if (root != null) {
                CommandResult u = install("uninstall.sh", Map.of("LIBDIR", root + "/lib"));
                assertEquals(0, u.exitCode(), u.stdout());
                assertFalse(Files.exists(Path.of("/usr/lib/ocf/resource.d", PROVIDER)));
                deleteTree(root);
            }
        } finally {
            if (db != null) {
                assertFalse(CAPTURED.toString().contains(db.monitorPassword()), "the password leaked into captured text");
            }
        }
    }

    /**
     * p_mm with a level-0 monitor every 5 s and a level-10 one every 2 s: readable/writable 1/1,
     * read_only=ON → attrd 0 at once and the CIB 1.5 s later (dampen), back; somebody else sets
     * writable=0 or deletes readable → the level-10 monitor has the daemon write them again,
     * without a failure; cost of both monitor levels; stop → 0/0 and the daemon gone.
     */
    @Test
    void attributesDampeningAndTheLevelTenRepair() throws Exception {
        String level10 = "<op id=\"p_mm-mon10\" name=\"monitor\" interval=\"2s\" timeout=\"20s\">"
                + "<instance_attributes id=\"p_mm-mon10-ia\"><nvpair id=\"p_mm-mon10-level\" name=\"OCF_CHECK_LEVEL\" "
                + "value=\"10\"/></instance_attributes></op>";
        create("p_mm", PROVIDER, nv("p_mm", "password", db.monitorPassword()) + nv("p_mm", "dampen", "1500ms"), level10);
        lab.waitFor("readable=1 writable=1 in the CIB", LIMIT, () ->
                LabView.nodeAttribute(lab, 1, "writable").equals(Optional.of("1"))
                        && LabView.nodeAttribute(lab, 1, "readable").equals(Optional.of("1")));
        assertEquals(Optional.of("1"), attrd("writable"));
        String state = "/run/resource-agents/mysql-monitor-p_mm.state";
        String pid = lab.execOk(1, "cat", state + ".pid").strip();
        String cmdline = lab.execOk(1, "cat", "/proc/" + pid + "/cmdline").replace('\0', ' ');
        assertTrue(cmdline.contains("MonitorDaemon"), cmdline);
        CAPTURED.append(cmdline).append('\n');

        db.sql(DbLab.PRIMARY, "SET GLOBAL read_only=ON");
        try {
            lab.waitFor("attrd writable=0", LIMIT, () -> attrd("writable").equals(Optional.of("0")));
            long seen = System.nanoTime();
            // polled from the moment attrd had it: the first sight in the CIB measures the dampening
            // (a one-off "still 1" read would fail on a machine loaded enough to make it after 1.5 s)
            lab.waitFor("CIB writable=0", LIMIT, () -> LabView.nodeAttribute(lab, 1, "writable").equals(Optional.of("0")));
            long dampedMs = (System.nanoTime() - seen) / 1_000_000;
            System.err.println("mysql_monitor IT: CIB writable=0 " + dampedMs + " ms after attrd had it (dampen 1500ms)");
            assertTrue(dampedMs >= 700, "dampening held the CIB back only " + dampedMs + " ms");
            // readable has its own dampening timer in attrd: it reaches the CIB about then, not with writable
            lab.waitFor("CIB readable=0 (read_only primary: no slave status)", LIMIT,
                    () -> LabView.nodeAttribute(lab, 1, "readable").equals(Optional.of("0")));
        } finally {
            db.sql(DbLab.PRIMARY, "SET GLOBAL read_only=OFF");
        }
        lab.waitFor("CIB writable=1 again", LIMIT, () -> LabView.nodeAttribute(lab, 1, "writable").equals(Optional.of("1")));

        // somebody else changes one attribute, then deletes the other: the level-10 monitor repairs
        for (List<String> foreign : List.of(List.of("-n", "writable", "-U", "0"), List.of("-n", "readable", "-D"))) {
            long before = republished(state);
            List<String> cmd = new ArrayList<>(List.of("attrd_updater"));
            cmd.addAll(foreign);
            lab.execOk(1, cmd.toArray(String[]::new));
            long t0 = System.nanoTime();
            lab.waitFor("level-10 monitor repaired attrd_updater " + String.join(" ", foreign), LIMIT, () ->
                    republished(state) > before && attrd("writable").equals(Optional.of("1"))
                            && attrd("readable").equals(Optional.of("1")));
            System.err.println("mysql_monitor IT: attrd_updater " + String.join(" ", foreign) + " repaired after "
                    + (System.nanoTime() - t0) / 1_000_000 + " ms (level-10 monitor every 2 s)");
        }
        lab.waitFor("CIB 1/1 after the repairs", LIMIT, () -> LabView.nodeAttribute(lab, 1, "writable").equals(Optional.of("1"))
                && LabView.nodeAttribute(lab, 1, "readable").equals(Optional.of("1")));
        String mon = lab.crmMonXml(1);
        // only p_mm's own: other tests of this class leave failed starts of their primitives
        assertFalse(Pattern.compile("<failure op_key=\"p_mm_(start|stop|monitor)_").matcher(mon).find(),
                "a repair is no failure: " + mon);
        assertEquals(pid, lab.execOk(1, "cat", state + ".pid").strip(), "no restart");
        assertTrue(lab.execOk(1, "cat", state + ".log").contains("republishing readable and writable"));
        String log = lab.execOk(1, "cat", "/var/log/pacemaker/pacemaker.log");
        log.lines().filter(l -> l.contains("attrd differed")).limit(2)
                .forEach(l -> System.err.println("mysql_monitor IT: pacemaker.log: " + l));

        measureMonitor(0);
        measureMonitor(10);

        lab.execOk(1, "crm_resource", "-r", "p_mm", "--meta", "--set-parameter", "target-role", "-v", "Stopped");
        lab.waitFor("attributes 0/0 after stop", LIMIT, () ->
                attrd("writable").equals(Optional.of("0")) && attrd("readable").equals(Optional.of("0")));
        lab.waitFor("p_mm stopped", LIMIT, () -> LabView.status(lab, 1).locate("p_mm").isEmpty());
        assertFalse(lab.exec(1, "test", "-e", "/proc/" + pid).ok()
                && lab.exec(1, "grep", "-qa", "MonitorDaemon", "/proc/" + pid + "/cmdline").ok(),
                "daemon gone after stop");
        CAPTURED.append(lab.execOk(1, "crm_mon", "-1", "-A", "-r"));
    }

    /**
     * The password parameter in Pacemaker 2.1.5's log: as shipped (no parameter marked private,
     * so the controller treats password and user as private by name), with {@code private="1"} on
     * password (a copy of the meta-data under a second provider), and as cibsecret's
     * {@code lrm://} with the value in /var/lib/pacemaker/lrm/secrets. Only the last keeps it out
     * of pacemaker.log; private only changes op-secure-params (the secure digest).
     */
    @Test
    void passwordInPacemakersLog() throws Exception {
        installPrivateVariant();
        create("p_mm_plain", PROVIDER, nv("p_mm_plain", "password", db.monitorPassword()) + names("p_mm_plain", "pl"), "");
        create("p_mm_priv", PRIVATE_PROVIDER, nv("p_mm_priv", "password", db.monitorPassword()) + names("p_mm_priv", "pr"), "");
        writeSecret("p_mm_sec", "password", db.monitorPassword());
        create("p_mm_sec", PROVIDER, nv("p_mm_sec", "password", "lrm://") + names("p_mm_sec", "se"), "");
        for (String a : List.of("writable_pl", "writable_pr", "writable_se")) {
            // writable=1 proves the daemon got the real password (for p_mm_sec: substituted by execd)
            lab.waitFor(a + "=1", LIMIT, () -> attrd(a).equals(Optional.of("1")));
        }
        String status = lab.execOk(1, "cibadmin", "-Q", "-o", "status");
        assertEquals(List.of("  password user  "), secureParams(status, "p_mm_plain"), "implicit: password and user by name");
        assertEquals(List.of("  password  "), secureParams(status, "p_mm_priv"), "explicit private: only password");
        assertFalse(status.contains(db.monitorPassword()), "the status section has digests only");

        Path pattern = root.resolve("pw.pattern");
        Files.writeString(pattern, db.monitorPassword() + "\n");
        Files.setPosixFilePermissions(pattern, PosixFilePermissions.fromString("rw-------"));
        Cmd logs = lab.exec(1, "grep", "-rhFf", pattern.toString(), "/var/log/pacemaker", "/var/log/corosync");
        List<String> lines = logs.out().lines().map(l -> l.replace(db.monitorPassword(), "***")).toList();
        for (String l : lines) {
            assertTrue(l.contains("pacemaker-based") && l.contains("cib_perform_op"), "password in a log line: " + l);
            assertFalse(l.contains("p_mm_sec"), l);
        }
        for (String rsc : List.of("p_mm_plain", "p_mm_priv")) {
            List<String> own = lines.stream().filter(l -> l.contains("id=\"" + rsc + "-password\"")).toList();
            assertFalse(own.isEmpty(), rsc + ": private or not, pacemaker-based logs the CIB change with the value");
            System.err.println("mysql_monitor IT: pacemaker.log, " + rsc + ": " + own.getFirst().strip());
        }
        String secret = lab.execOk(1, "grep", "-h", "p_mm_sec-password", "/var/log/pacemaker/pacemaker.log");
        assertTrue(secret.contains("value=\"lrm://\""), secret);
        CAPTURED.append(secret);
    }

    /**
     * The daemon SIGKILLed (no shutdown hook: OOM killer, JVM crash) after its credentials file
     * became group-readable, so that every start fails (4): writable goes to 0 at the next monitor
     * (the monitor finds the pid file without its daemon) and is still 0 once the cluster has
     * settled with the start failed and the instance stopped (stop also sets both to 0).
     */
    @Test
    void aKilledDaemonsAttributesGoToZeroAndStayThere() throws Exception {
        Path cnf = root.resolve("kill.cnf");
        Files.writeString(cnf, "[client]\nuser=monitor\npassword=" + db.monitorPassword() + "\n");
        Files.setPosixFilePermissions(cnf, PosixFilePermissions.fromString("rw-------"));
        create("p_mm_kill", PROVIDER, nv("p_mm_kill", "credentials_file", cnf.toString()) + names("p_mm_kill", "ki"), "");
        lab.waitFor("writable_ki=1", LIMIT, () -> attrd("writable_ki").equals(Optional.of("1")));
        String pid = lab.execOk(1, "cat", "/run/resource-agents/mysql-monitor-p_mm_kill.state.pid").strip();

        Files.setPosixFilePermissions(cnf, PosixFilePermissions.fromString("rw-r-----"));
        lab.execOk(1, "kill", "-KILL", pid);
        long killed = System.nanoTime();
        lab.waitFor("writable_ki=0 within one monitor interval (5 s) and the action's run", MONITOR_INTERVAL.plusSeconds(2),
                () -> attrd("writable_ki").equals(Optional.of("0")));
        System.err.println("mysql_monitor IT: writable_ki=0 " + (System.nanoTime() - killed) / 1_000_000
                + " ms after SIGKILL of the daemon (monitor every 5 s)");

        lab.waitFor("the failed start recorded", LIMIT, () -> lab.execOk(1, "cibadmin", "-Q", "-o", "status")
                .matches("(?s).*<lrm_rsc_op id=\"p_mm_kill_last_failure_0\"[^>]*operation=\"start\".*"));
        lab.settle(1);
        assertTrue(LabView.status(lab, 1).locate("p_mm_kill").isEmpty(), "not running");
        assertEquals(Optional.of("0"), attrd("writable_ki"), "still 0 once the cluster has settled");
        assertEquals(Optional.of("0"), attrd("readable_ki"));
        lab.waitFor("CIB writable_ki=0", LIMIT, () -> LabView.nodeAttribute(lab, 1, "writable_ki").equals(Optional.of("0")));
        assertTrue(lab.exec(1, "test", "-e", "/run/resource-agents/mysql-monitor-p_mm_kill.state.pid").exit() != 0,
                "the dead daemon's pid file removed by stop");
    }

    /**
     * A primitive whose parameters do not validate (reader_failcount=zero) and whose state path
     * names somebody else's files: the start fails (6), the stop succeeds, the resource ends
     * Stopped (not FAILED, not blocked), and the files are untouched.
     */
    @Test
    void badParametersEndStoppedAndRemoveNothing() throws Exception {
        Map<String, String> foreign = new HashMap<>();
        for (String suffix : List.of("", ".pid", ".tmp", ".republish")) {
            Path f = root.resolve("victim.state" + suffix);
            foreign.put(f.toString(), "not mysql_monitor's " + suffix + "\n");
            Files.writeString(f, foreign.get(f.toString()));
        }
        create("p_mm_bad", PROVIDER, nv("p_mm_bad", "state", root.resolve("victim.state").toString())
                + nv("p_mm_bad", "reader_failcount", "zero") + names("p_mm_bad", "bd"), "");
        lab.waitFor("the failed start recorded", LIMIT, () -> lab.execOk(1, "cibadmin", "-Q", "-o", "status")
                .matches("(?s).*<lrm_rsc_op id=\"p_mm_bad_last_failure_0\"[^>]*operation=\"start\"[^>]*rc-code=\"6\".*"));
        lab.settle(1);
        String mon = lab.execOk(1, "crm_mon", "-1", "-r", "--output-as=xml");
        Matcher m = Pattern.compile("<resource id=\"p_mm_bad\"[^>]*>").matcher(mon);
        assertTrue(m.find(), mon);
        String rsc = m.group();
        System.err.println("mysql_monitor IT: bad parameters: " + rsc);
        assertTrue(rsc.contains("role=\"Stopped\"") && rsc.contains("blocked=\"false\"") && rsc.contains("failed=\"false\""), rsc);
        String status = lab.execOk(1, "cibadmin", "-Q", "-o", "status");
        assertTrue(status.matches("(?s).*<lrm_rsc_op id=\"p_mm_bad_last_0\"[^>]*operation=\"stop\"[^>]*rc-code=\"0\".*"), status);
        for (Map.Entry<String, String> f : foreign.entrySet()) {
            assertEquals(f.getValue(), Files.readString(Path.of(f.getKey())), f.getKey());
        }
    }

    /** A second provider whose meta-data marks password private="1"; jars and JVM of the install. */
    private static void installPrivateVariant() throws IOException {
        Path lib = Files.createDirectories(root.resolve("lib-private/meta-data"));
        Files.createSymbolicLink(root.resolve("lib-private/lib"), root.resolve("lib/lib"));
        String xml = MetaDataXml.render(new MysqlMonitorAgent().metaData());
        String plain = "<parameter name=\"password\" unique=\"0\" required=\"0\">";
        assertTrue(xml.contains(plain), xml);
        Files.writeString(lib.resolve("mysql_monitor.xml"), xml.replace(plain,
                "<parameter name=\"password\" unique=\"0\" required=\"0\" private=\"1\">"));
        Path dir = Files.createDirectories(Path.of("/usr/lib/ocf/resource.d", PRIVATE_PROVIDER));
        String script = Files.readString(Path.of("/usr/lib/ocf/resource.d", PROVIDER, "mysql_monitor"));
        String libLine = "libdir='" + root.resolve("lib") + "'";
        assertTrue(script.contains(libLine), "installed script names its libdir");
        Path agent = dir.resolve("mysql_monitor");
        Files.writeString(agent, script.replace(libLine, "libdir='" + root.resolve("lib-private") + "'"));
        Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** What cibsecret set would leave on the node (value + MD5 sign, mode 600), value never in argv. */
    private static void writeSecret(String rsc, String param, String value) throws Exception {
        Path staging = Files.createTempDirectory(root, "secret-");
        try {
            Files.writeString(staging.resolve(param), value + "\n");
            String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(value.getBytes(StandardCharsets.UTF_8)));
            Files.writeString(staging.resolve(param + ".sign"), md5 + "\n");
            String dir = "/var/lib/pacemaker/lrm/secrets/" + rsc;
            lab.execOk(1, "sh", "-c", "umask 077 && mkdir -p " + dir + " && cp " + staging.resolve(param) + " "
                    + staging.resolve(param + ".sign") + " " + dir + "/");
        } finally {
            deleteTree(staging);
        }
    }

    /** Runs the installed monitor action 50 times in the node: wall and CPU per action. */
    private static void measureMonitor(int level) {
        String agent = "/usr/lib/ocf/resource.d/" + PROVIDER + "/mysql_monitor";
        String loop = "export OCF_RESOURCE_INSTANCE=p_mm OCF_CHECK_LEVEL=" + level + "; t0=$(date +%s%N); i=0; "
                + "while [ $i -lt 50 ]; do " + agent + " monitor 2>/dev/null || exit 9; i=$((i+1)); done; "
                + "t1=$(date +%s%N); echo wall=$(( (t1 - t0) / 50000 )); times";
        String out = lab.execOk(1, "sh", "-c", loop);
        // times: shell user/sys, then children's user/sys, e.g. "0m0.010000s 0m0.020000s"
        List<String> lines = out.lines().toList();
        String[] children = lines.get(lines.size() - 1).trim().split("\\s+");
        double cpuMs = (seconds(children[0]) + seconds(children[1])) * 1000 / 50;
        System.err.printf("mysql_monitor IT: monitor OCF_CHECK_LEVEL=%d: %s us wall, %.2f ms CPU per action (50 runs)%n",
                level, lines.getFirst().substring(5), cpuMs);
    }

    private static double seconds(String mmss) {
        int m = mmss.indexOf('m');
        return Integer.parseInt(mmss.substring(0, m)) * 60 + Double.parseDouble(mmss.substring(m + 1, mmss.length() - 1));
    }

    private static long republished(String state) {
        Cmd r = lab.exec(1, "cat", state);
        return r.out().lines().filter(l -> l.startsWith("republished=")).mapToLong(l -> Long.parseLong(l.substring(12)))
                .findFirst().orElse(-1);
    }

    private static List<String> secureParams(String status, String rsc) {
        Matcher m = Pattern.compile("<lrm_rsc_op id=\"" + rsc + "_last_0\"[^>]*op-secure-params=\"([^\"]*)\"").matcher(status);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static void create(String id, String provider, String extraParams, String extraOps) throws IOException {
        Path rsc = root.resolve(id + ".xml");
        Files.writeString(rsc, "<primitive id=\"" + id + "\" class=\"ocf\" provider=\"" + provider + "\" type=\"mysql_monitor\">"
                + "<instance_attributes id=\"" + id + "-ia\">"
                + nv(id, "socket", db.socket(DbLab.PRIMARY).toString()) + nv(id, "user", "monitor")
                + nv(id, "cluster_type", "replication") + nv(id, "poll_interval", "200ms") + extraParams
                + "</instance_attributes><operations><op id=\"" + id + "-mon\" name=\"monitor\" interval=\""
                + MONITOR_INTERVAL.toSeconds() + "s\" "
                + "timeout=\"20s\"/>" + extraOps + "</operations></primitive>");
        lab.execOk(1, "cibadmin", "-C", "-o", "resources", "-x", rsc.toString());
        Files.delete(rsc);
    }

    private static String names(String id, String suffix) {
        return nv(id, "reader_attribute", "readable_" + suffix) + nv(id, "writer_attribute", "writable_" + suffix);
    }

    private static String nv(String id, String name, String value) {
        return "<nvpair id=\"" + id + "-" + name + "\" name=\"" + name + "\" value=\"" + value + "\"/>";
    }

    /** attrd's current value (attrd_updater -Q), ahead of the CIB when dampened. */
    private static Optional<String> attrd(String name) {
        Cmd r = lab.exec(1, "attrd_updater", "-Q", "-n", name, "-N", PacemakerLab.nodeName(1));
        Matcher m = ATTRD_VALUE.matcher(r.out());
        return r.ok() && m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static CommandResult install(String script, Map<String, String> env) throws Exception {
        Map<String, String> all = new HashMap<>(env);
        all.put("JDK_HOME", System.getProperty("java.home"));
        ProcessBuilder pb = new ProcessBuilder("sh", SCRIPTS.resolve(script).toString()).redirectErrorStream(true);
        pb.environment().putAll(all);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(script + " timed out");
        }
        CAPTURED.append(out);
        return new CommandResult(p.exitValue(), out, "");
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
