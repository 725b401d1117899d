package io.clonevip.packaging;

import com.github.dockerjava.api.model.Capability;
import io.clonevip.testkit.Cmd;
import io.clonevip.testkit.docker.PrivateDockerd;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.images.PullPolicy;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The .deb that this build made, installed on a clean Debian 12 root with no JDK ({@link DebianRoot})
 * the way an operator installs it: {@code apt-get install ./clonevip_*.deb}, dependencies resolved by
 * apt (fetched into the root's apt cache beforehand through the host's network: the machine has none).
 * The machine is a Testcontainers container on a Docker engine of the test's own ({@link PrivateDockerd}):
 * the cached root imported as an image, systemd as PID 1 to multi-user.target (where an installed
 * package's enabled services start) in a private cgroup namespace with CAP_SYS_ADMIN (systemd's
 * mounts), CAP_NET_ADMIN (the agents' addresses and nf_tables) and CAP_SYS_PTRACE (the helper reads
 * its clients' /proc; Docker leaves it out by default), network "none" (only lo), plus
 * one veth that the test adds to the container's namespace, eth1 in 198.51.100.0/24; the packages
 * bound read-only at /packages. Then: the helper unit is active, ocf-tester
 * passes IPaddr3 (single VIP and a clone instance), mysql_monitor answers meta-data and validate-all,
 * netctl --version names the Maven version, man netctl works; an upgrade to a newer build restarts the
 * helper on the new files; a purge leaves no file of the package's (file lists before and after).
 * The steps run in order on one machine.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CleanMachineIT {
    static final String VERSION = System.getProperty("clonevip.version", "");
    static final Path PACKAGES = Path.of(System.getProperty("clonevip.packages", "target/packages"));
    static final String UNIT = "clonevip-agentd.service";
    static final String IPADDR3 = "/usr/lib/ocf/resource.d/clonevip/IPaddr3";
    static final String MYSQL_MONITOR = "/usr/lib/ocf/resource.d/clonevip/mysql_monitor";
    /**
     * What the root's apt fetches and installs with the package beyond its dependencies: ocf-tester
     * (resource-agents, the package's one Recommends, named so that recommended packages can be left
     * out: about 100 packages instead of 172), xmllint (ocf-tester validates meta-data with it) and man.
     */
    static final List<String> TOOLS = List.of("resource-agents", "libxml2-utils", "man-db");

    /** A PATH for commands run inside (they start with nothing else in their environment but what {@link #run} adds). */
    static final String PATH = DebianRoot.PATH;

    static Path work;
    static Path deb;
    static Path newer;
    static PrivateDockerd dockerd;
    static GenericContainer<?> machine;
    /** The machine's PID 1 (its systemd) as this host sees it: its root and /proc are read through /proc/PID. */
    static long pid1;
    static Set<String> filesBefore;

    @BeforeAll
    static void boot() throws Exception {
        deb = onlyDeb();
        work = Files.createTempDirectory("clonevip-clean-machine-");
        Files.setPosixFilePermissions(work, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.copy(deb, work.resolve(deb.getFileName()));
        newer = newerBuild(work.resolve(deb.getFileName()));
        long t0 = System.nanoTime();
        Path root = DebianRoot.cached();
        DebianRoot.download(root, List.of(deb), TOOLS);
        System.out.printf("clean root ready and debs fetched in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        t0 = System.nanoTime();
        dockerd = PrivateDockerd.start(Duration.ofSeconds(60));
        tellTestcontainers(dockerd.host());
        String image = "clonevip-test/" + root.getFileName() + ":latest";
        dockerd.importRoot(root, image, 600);
        System.out.printf("docker engine started and the root imported as %s in %.1f s%n", image, (System.nanoTime() - t0) / 1e9);
        t0 = System.nanoTime();
        machine = new GenericContainer<>(DockerImageName.parse(image))
                .withImagePullPolicy(PullPolicy.defaultPolicy()) // the imported image, never pulled
                .withNetworkMode("none")
                .withTmpFs(Map.of("/run", "rw,exec,mode=755", "/run/lock", "rw,mode=1777"))
                .withFileSystemBind(work.toString(), "/packages", BindMode.READ_ONLY)
                .withEnv("container", "docker")
                .withCommand("/lib/systemd/systemd", "--unit=multi-user.target")
                // privileged mode fails here (runc cannot set capabilities this host's bounding set lacks),
                // and systemd cannot run in the host's cgroup namespace: a private one, CAP_SYS_ADMIN for its mounts
                .withCreateContainerCmdModifier(c -> c.getHostConfig().withCgroupnsMode("private")
                        .withCapAdd(Capability.SYS_ADMIN, Capability.NET_ADMIN, Capability.SYS_PTRACE))
                .waitingFor(new SystemdUp().withStartupTimeout(Duration.ofSeconds(90)));
        machine.start();
        pid1 = machine.getContainerInfo().getState().getPidLong();
        // the lab's interface, in the container's network namespace (made by the engine, gone with the container)
        String net = "--net=/proc/" + pid1 + "/ns/net";
        Cmd.ok(10, "nsenter", net, "ip", "link", "add", "eth1", "type", "veth", "peer", "name", "peer1");
        Cmd.ok(10, "nsenter", net, "ip", "link", "set", "eth1", "up");
        Cmd.ok(10, "nsenter", net, "ip", "link", "set", "peer1", "up");
        Cmd.ok(10, "nsenter", net, "ip", "addr", "add", "198.51.100.1/24", "dev", "eth1");
        System.out.printf("booted in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        filesBefore = files();
    }

    /**
     * Points Testcontainers at the engine: {@code docker.host} in {@code ~/.testcontainers.properties}
     * of the home that failsafe gives this test (packaging/target/testcontainers-home, never the
     * operator's), read once when Testcontainers first starts; the engine's socket is made per run,
     * so it cannot be a DOCKER_HOST in the pom (and a system property DOCKER_HOST is not read).
     */
    private static void tellTestcontainers(String dockerHost) throws IOException {
        Path home = Path.of(System.getProperty("user.home"));
        assertEquals("testcontainers-home", home.getFileName().toString(), "the test's own home (packaging/pom.xml)");
        Files.createDirectories(home);
        Files.writeString(home.resolve(".testcontainers.properties"), "docker.host=" + dockerHost + "\n");
    }

    @AfterAll
    static void tearDown() throws Exception {
        try {
            if (machine != null) {
                machine.stop();
            }
        } finally {
            try {
                if (dockerd != null) {
                    dockerd.close();
                    assertTrue(dockerd.gone(), "the docker engine's process, namespace, mounts and directory are gone");
                }
            } finally {
                if (work != null) {
                    Cmd.run(60, "rm", "-rf", work.toString());
                }
            }
        }
    }

    @Test
    @Order(1)
    void aptInstallsItWithItsDependenciesAndStartsTheHelper() throws Exception {
        assertFalse(Files.exists(root().resolve("usr/lib/jvm")), "the clean root has no JDK");
        long t0 = System.nanoTime();
        List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "-q", "--no-install-recommends",
                "/packages/" + deb.getFileName()));
        install.addAll(TOOLS);
        ok(600, install.toArray(String[]::new));
        System.out.printf("apt-get install of %s with its dependencies (and %s): %.1f s%n", deb.getFileName(), TOOLS,
                (System.nanoTime() - t0) / 1e9);
        assertEquals("enabled", run(10, "systemctl", "is-enabled", UNIT).out().strip());
        awaitActive();
        assertTrue(Files.exists(root().resolve("run/clonevip/agentd/pid")), "the helper wrote its pid file");
    }

    @Test
    @Order(2)
    void theVersionIsTheMavenProjects() {
        assertEquals("netctl " + VERSION, ok(60, "netctl", "--version").strip());
        for (String agent : List.of(IPADDR3, MYSQL_MONITOR)) {
            String md = ok(60, agent, "meta-data");
            assertTrue(md.contains("\" version=\"" + VERSION + "\">"), md);
        }
        String man = ok(60, "man", "-P", "cat", "netctl");
        assertTrue(man.contains("netctl"), man);
        Cmd completion = run(30, "bash", "-c", ". /usr/share/bash-completion/completions/netctl && complete -p netctl");
        assertEquals(0, completion.exit(), completion.toString());
    }

    @Test
    @Order(3)
    void ocfTesterPassesIPaddr3AsASingleVipAndAsACloneInstance() {
        Cmd single = run(300, "ocf-tester", "-n", "vip", "-o", "ip=198.51.100.10", "-o", "nic=eth1",
                "-o", "arp_bg=false", "-o", "arp_count=1", IPADDR3);
        assertEquals(0, single.exit(), single.toString());
        assertTrue(single.out().contains("passed all tests"), single.toString());
        Cmd clone = run(300, "ocf-tester", "-n", "cvip", "-o", "ip=198.51.100.20", "-o", "nic=eth1",
                "-o", "arp_count=1", "-o", "clone_count_attribute=", "-o", "CRM_meta_clone_max=3", "-o", "CRM_meta_clone=1",
                "-o", "CRM_meta_clone_node_max=3", "-o", "CRM_meta_globally_unique=true", IPADDR3);
        assertEquals(0, clone.exit(), clone.toString());
        assertTrue(clone.out().contains("passed all tests"), clone.toString());
        // served by the helper, not by each action's own JVM after a refusal (the helper reads its
        // clients' /proc: without CAP_SYS_PTRACE in the machine's bounding set it refuses them all)
        String journal = run(30, "journalctl", "--no-pager", "-u", UNIT).out();
        assertEquals(List.of(), journal.lines().filter(l -> l.contains("refused")).toList(), "the helper refused requests");
    }

    @Test
    @Order(4)
    void mysqlMonitorAnswersMetaDataAndValidateAll() throws Exception {
        String md = ok(60, MYSQL_MONITOR, "meta-data");
        assertTrue(md.contains("<resource-agent name=\"mysql_monitor\""), md);
        Files.createDirectories(root().resolve("run/resource-agents"));
        Cmd v = run(60, "env", "OCF_ROOT=/usr/lib/ocf", "HA_RSCTMP=/run/resource-agents",
                "OCF_RESOURCE_INSTANCE=mm", MYSQL_MONITOR, "validate-all");
        assertEquals(0, v.exit(), v.toString());
        // the packaged AOT caches are the ones the JVM uses: it refuses to start when told to need one it
        // cannot map (AOTMode=on), and the agent's classes come from it
        for (var agent : java.util.Map.of("IPaddr3", "io.clonevip.agent.ipaddr.IPaddr3",
                "mysql_monitor", "io.clonevip.agent.mysql.MysqlMonitorAgent").entrySet()) {
            String log = "/tmp/class-load-" + agent.getKey() + ".txt";
            Cmd aot = run(60, "/usr/lib/clonevip/runtime/bin/java", "-XX:AOTMode=on",
                    "-XX:AOTCache=/usr/lib/clonevip/aot/" + agent.getKey() + ".aot", "-Xlog:class+load=info:file=" + log,
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "--enable-native-access=ALL-UNNAMED",
                    "-cp", "/usr/lib/clonevip/lib/*", "io.clonevip.ocf.OcfMain", agent.getValue(), "meta-data");
            assertEquals(0, aot.exit(), "the JVM refused the packaged cache: " + aot);
            List<String> ours = Files.readAllLines(root().resolve(log.substring(1))).stream()
                    .filter(l -> l.contains(" io.clonevip.")).toList();
            long cached = ours.stream().filter(l -> l.contains("source: shared objects file")).count();
            assertTrue(cached > 0 && cached >= ours.size() - 5, cached + " of " + ours.size() + " classes from the cache");
            System.out.printf("%s meta-data on the packaged runtime: %d of %d io.clonevip classes from its AOT cache%n",
                    agent.getKey(), cached, ours.size());
        }
    }

    @Test
    @Order(5)
    void anUpgradeRestartsTheHelperOnTheNewFiles() throws Exception {
        long before = helperPid();
        ok(600, "apt-get", "install", "-y", "-q", "/packages/" + newer.getFileName());
        awaitActive();
        long after = helperPid();
        assertNotEquals(before, after, "the helper was restarted");
        // the restarted JVM has the jars open as they are now on disk, not the replaced ones
        List<String> jars = openJars(after);
        assertFalse(jars.isEmpty(), "the helper has its jars open");
        assertTrue(jars.stream().noneMatch(j -> j.endsWith("(deleted)")), jars.toString());
        String status = ok(30, "dpkg-query", "-W", "-f", "${Version}", "clonevip");
        assertTrue(status.endsWith("+upgrade1"), status);
    }

    @Test
    @Order(6)
    void purgeLeavesNothingOfOurs() throws Exception {
        Set<String> ours = new TreeSet<>(Files.readAllLines(root().resolve("var/lib/dpkg/info/clonevip.list")));
        Set<String> withIt = files();
        ok(300, "apt-get", "purge", "-y", "-q", "clonevip");
        assertEquals("inactive", run(10, "systemctl", "is-active", UNIT).out().strip());
        Set<String> after = files();
        Set<String> owned = ownedByInstalledPackages();
        // every path the package had, but directories other packages have too (/usr/lib/ocf/resource.d ...), is gone
        List<String> leftOfTheList = ours.stream().filter(f -> after.contains(f) && !owned.contains(f)).toList();
        assertEquals(List.of(), leftOfTheList, "paths of clonevip's file list still there after the purge");
        // and so is what its scripts and systemd made for it (enablement links, deb-systemd-helper state, /run/clonevip)
        assertEquals(List.of(), after.stream().filter(f -> f.contains("clonevip")).toList());
        // what the install added and the purge left: only its dependencies' files (they stay installed)
        List<String> added = withIt.stream().filter(f -> !filesBefore.contains(f)).toList();
        List<String> left = after.stream().filter(f -> !filesBefore.contains(f) && !owned.contains(f)).toList();
        System.out.printf("file lists: %d paths before the install, %d with it (%d new), %d after the purge; "
                + "%d new paths left that no installed package lists (its dependencies' dpkg records, byte code caches, "
                + "generated files), e.g. %s%n", filesBefore.size(), withIt.size(), added.size(), after.size(), left.size(),
                left.stream().filter(f -> !f.startsWith("/var/lib/dpkg/") && !f.contains("__pycache__")).limit(20).toList());
    }

    /** Every path below / but the kernel's file systems, /packages and apt's downloads and lists. */
    private static Set<String> files() throws IOException {
        Path root = root();
        Set<String> skip = Set.of("/proc", "/sys", "/dev", "/packages", "/var/cache/apt", "/var/lib/apt/lists",
                "/var/log/journal");
        Set<String> all = new TreeSet<>();
        assertTrue(Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS), root + " is walked as a directory");
        Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult preVisitDirectory(Path dir, java.nio.file.attribute.BasicFileAttributes a) {
                String p = "/" + root.relativize(dir);
                if (skip.contains(p)) {
                    return java.nio.file.FileVisitResult.SKIP_SUBTREE;
                }
                all.add(p.equals("/") ? "/" : p);
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes a) {
                all.add("/" + root.relativize(file));
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) {
                return java.nio.file.FileVisitResult.CONTINUE; // gone meanwhile (a socket, a temporary file)
            }
        });
        return all;
    }

    /** Every path dpkg records for an installed package (its *.list files). */
    private static Set<String> ownedByInstalledPackages() throws IOException {
        Set<String> owned = new TreeSet<>();
        try (Stream<Path> lists = Files.list(root().resolve("var/lib/dpkg/info"))) {
            for (Path l : lists.filter(p -> p.toString().endsWith(".list")).toList()) {
                owned.addAll(Files.readAllLines(l));
            }
        }
        return owned;
    }

    /** The machine's root directory as seen from here ({@code /proc/PID/root/.}: a directory, not the link). */
    private static Path root() {
        return Path.of("/proc", Long.toString(pid1), "root", ".");
    }

    /**
     * Runs {@code argv} inside the machine ({@code docker exec}) with nothing in its environment but a
     * PATH, a UTF-8 locale and apt's non-interactive frontend, killed by {@code timeout} on the deadline.
     */
    private static Cmd run(int timeoutSeconds, String... argv) {
        List<String> a = new ArrayList<>(List.of("timeout", "-k", "10", Integer.toString(timeoutSeconds),
                "env", "-i", PATH, "LANG=C.UTF-8", "DEBIAN_FRONTEND=noninteractive"));
        a.addAll(List.of(argv));
        ExecResult r;
        try {
            r = machine.execInContainer(a.toArray(String[]::new));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", argv) + " in the machine: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (r.getExitCode() == 124 || r.getExitCode() == 137) {
            throw new IllegalStateException("timed out after " + timeoutSeconds + " s: " + String.join(" ", argv)
                    + "\nstdout: " + r.getStdout() + "\nstderr: " + r.getStderr());
        }
        return new Cmd(r.getExitCode(), r.getStdout(), r.getStderr(), List.of(argv));
    }

    /** Waits until the machine's systemd has finished starting up: {@code systemctl is-system-running --wait}, running or degraded. */
    static final class SystemdUp extends AbstractWaitStrategy {
        @Override
        protected void waitUntilReady() {
            long deadline = System.nanoTime() + startupTimeout.toNanos();
            String state = "";
            while (System.nanoTime() < deadline) {
                if (!waitStrategyTarget.isRunning()) {
                    throw new IllegalStateException("the machine stopped while booting: " + waitStrategyTarget.getLogs());
                }
                try {
                    state = waitStrategyTarget.execInContainer("timeout", "20", "systemctl", "is-system-running", "--wait")
                            .getStdout().strip();
                    if (state.equals("running") || state.equals("degraded")) {
                        return;
                    }
                    Thread.sleep(100);
                } catch (IOException e) {
                    state = e.toString();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            throw new IllegalStateException("the machine's systemd not up within " + startupTimeout.toSeconds()
                    + " s (state '" + state + "'): " + waitStrategyTarget.getLogs());
        }
    }

    /** Like {@link #run} and fails the test unless it exits 0; returns its stdout. */
    private static String ok(int timeoutSeconds, String... argv) {
        return run(timeoutSeconds, argv).assertOk().out();
    }

    private static long helperPid() {
        String pid = ok(10, "systemctl", "show", "-P", "MainPID", UNIT).strip();
        assertTrue(pid.matches("[1-9][0-9]*"), "MainPID " + pid);
        return Long.parseLong(pid);
    }

    /** The jars the helper (pid inside) has open, as their /proc links read: a replaced file reads "... (deleted)". */
    private static List<String> openJars(long pid) throws IOException {
        List<String> jars = new ArrayList<>();
        try (Stream<Path> fds = Files.list(root().resolve("proc/" + pid + "/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.contains(".jar")) {
                        jars.add(target);
                    }
                } catch (IOException closed) {
                    // closed meanwhile
                }
            }
        }
        return jars;
    }

    private static void awaitActive() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String state = "";
        while (System.nanoTime() < deadline) {
            state = run(10, "systemctl", "is-active", UNIT).out().strip();
            if (state.equals("active") && Files.exists(root().resolve("run/clonevip/agentd/pid"), LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(UNIT + " not active within 60 s (" + state + "): "
                + run(10, "journalctl", "-u", UNIT, "--no-pager").out());
    }

    private static Path onlyDeb() throws IOException {
        try (Stream<Path> s = Files.list(PACKAGES)) {
            List<Path> debs = s.filter(p -> p.getFileName().toString().endsWith("_amd64.deb")).sorted(Comparator.naturalOrder()).toList();
            assertEquals(1, debs.size(), "one .deb in " + PACKAGES + ": " + debs);
            return debs.get(0);
        }
    }

    /** The same package under a higher version ("+upgrade1"), as the next build would be: repacked, not rebuilt. */
    private static Path newerBuild(Path deb) throws IOException {
        Path tree = work.resolve("newer");
        Cmd.ok(300, "dpkg-deb", "-R", deb.toString(), tree.toString());
        Path control = tree.resolve("DEBIAN/control");
        String c = Files.readString(control);
        String v = c.lines().filter(l -> l.startsWith("Version: ")).findFirst().orElseThrow().substring(9);
        Files.writeString(control, c.replace("Version: " + v + "\n", "Version: " + v + "+upgrade1\n"));
        Path out = work.resolve("clonevip_" + v + "+upgrade1_amd64.deb");
        Cmd.ok(300, "dpkg-deb", "--root-owner-group", "-Zgzip", "-z1", "-b", tree.toString(), out.toString());
        Cmd.ok(120, "rm", "-rf", tree.toString());
        return out;
    }
}
