package io.clonevip.agent.ipaddr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clonevip.cluster.ClusterRuleset;
import io.clonevip.testkit.Cmd;
import io.clonevip.testkit.net.TestNetns;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The installed IPaddr3 (scripts/install.sh of the packaged jars, entry script and JVM) run by
 * the real tools inside a namespace with the seed's NIC name {@code eth1}: ocf-tester in
 * single-VIP and clone mode, and crm_resource driving the blog's clone definition from a CIB
 * file. Pacemaker 2.1 only looks in /usr/lib/ocf/resource.d, so the agent is installed there
 * under a provider of its own per run ({@code clonevip-ip3-<pid>}) and removed afterwards.
 */
class IPaddr3InstallIT {
    private static final Path SCRIPTS = Path.of("..", "scripts").toAbsolutePath().normalize();
    private static final String ID = "ip3" + ProcessHandle.current().pid();
    private static final String PROVIDER = "clonevip-" + ID;
    private static final String VIP = "198.51.100.100";
    private static final String VIP6 = "2001:db8::64";
    private static Path root;
    private static Path script;
    private static TestNetns ns;

    @BeforeAll
    static void install() throws Exception {
        root = Files.createTempDirectory("clonevip-ip3-it-");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        Cmd r = Cmd.run(180, "env", "LIBDIR=" + root + "/lib", "CONFDIR=" + root + "/etc",
                "OCFDIR=/usr/lib/ocf/resource.d/" + PROVIDER, "JDK_HOME=" + System.getProperty("java.home"),
                "sh", SCRIPTS.resolve("install.sh").toString());
        assertEquals(0, r.exit(), r.err() + r.out());
        script = Path.of("/usr/lib/ocf/resource.d", PROVIDER, "IPaddr3");
        assertTrue(Files.isExecutable(script));
        ns = TestNetns.create("ip3it");
        ns.ip("link", "add", "eth1", "type", "veth", "peer", "name", "peer1");
        ns.ip("link", "set", "eth1", "up");
        ns.ip("link", "set", "peer1", "up");
        ns.ip("addr", "add", "198.51.100.1/24", "dev", "eth1");
        ns.ip("addr", "add", "2001:db8::1/64", "dev", "eth1", "nodad");
    }

    @AfterAll
    static void uninstall() throws Exception {
        try {
            if (ns != null) {
                ns.close();
            }
        } finally {
            Cmd u = Cmd.run(60, "env", "LIBDIR=" + root + "/lib", "sh", SCRIPTS.resolve("uninstall.sh").toString());
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
            assertEquals(0, u.exit(), u.err());
            assertFalse(Files.exists(Path.of("/usr/lib/ocf/resource.d", PROVIDER)));
        }
    }

    /** Runs {@code argv} in the test's namespace; the agents it starts record desired states under the test's root, not the host's /run. */
    private static Cmd inNs(String... argv) {
        List<String> a = new ArrayList<>(List.of("ip", "netns", "exec", ns.name(), "env", "CLONEVIP_STATE_DIR=" + root.resolve("desired")));
        a.addAll(List.of(argv));
        return Cmd.run(180, a.toArray(String[]::new));
    }

    private static void assertNothingOfOurs() {
        KernelSnapshot s = KernelSnapshot.of(ns);
        assertTrue(s.nothingOf(VIP) && s.nothingOf(VIP6), s.toString());
    }

    @Test
    void ocfTesterPassesForASingleVip() {
        Cmd r = inNs("ocf-tester", "-n", "vip-" + ID, "-o", "ip=" + VIP, "-o", "nic=eth1", "-o", "arp_bg=false",
                "-o", "arp_count=1", script.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("passed all tests"), r.out());
        assertNothingOfOurs();
    }

    @Test
    void ocfTesterPassesForACloneInstance() {
        Cmd r = inNs("ocf-tester", "-n", "cvip-" + ID, "-o", "ip=" + VIP, "-o", "nic=eth1", "-o", "arp_count=2",
                "-o", "CRM_meta_clone_max=3", "-o", "CRM_meta_clone=1", "-o", "CRM_meta_clone_node_max=3",
                "-o", "CRM_meta_globally_unique=true", script.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("passed all tests"), r.out());
        assertNothingOfOurs();
    }

    /** Issue #17: an IPv6 VIP in clone mode, its prefix (/64) found on eth1 as IPaddr2's findif does. */
    @Test
    void ocfTesterPassesForAnIpv6CloneInstance() {
        Cmd r = inNs("ocf-tester", "-n", "cvip6-" + ID, "-o", "ip=" + VIP6, "-o", "nic=eth1", "-o", "arp_count=2",
                "-o", "CRM_meta_clone_max=3", "-o", "CRM_meta_clone=2", "-o", "CRM_meta_clone_node_max=3",
                "-o", "CRM_meta_globally_unique=true", script.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("passed all tests"), r.out());
        assertNothingOfOurs();
    }

    @Test
    void crmResourceDrivesTheSeedCloneFromACibFile() throws Exception {
        String config;
        try (InputStream in = getClass().getResourceAsStream("seed-clone.xml")) {
            config = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("@PROVIDER@", PROVIDER)
                    .replace("@VIP@", VIP).replaceFirst("(?s)<!--.*?-->\\s*", "");
        }
        String empty = Cmd.ok("cibadmin", "--empty");
        Path cib = root.resolve("cib.xml");
        Files.writeString(cib, empty.replaceFirst("(?s)<configuration>.*</configuration>", config));
        Cmd verify = Cmd.run(60, "crm_verify", "-x", cib.toString());
        assertEquals(0, verify.exit(), verify.err() + verify.out());
        String cibEnv = "CIB_file=" + cib;
        record Step(String instance, String op, int rc) {
        }
        List<Step> steps = List.of(
                new Step("p_cluster_vip:0", "--force-check", 7),
                new Step("p_cluster_vip:0", "--force-start", 0),
                new Step("p_cluster_vip:0", "--force-check", 0),
                new Step("p_cluster_vip:2", "--force-check", 7), // node serves bucket 1, not 3: not running
                new Step("p_cluster_vip:2", "--force-start", 0),
                new Step("p_cluster_vip:2", "--force-start", 0),
                new Step("p_cluster_vip:2", "--force-check", 0),
                new Step("p_cluster_vip:1", "--force-check", 7),
                new Step("p_cluster_vip:0", "--force-stop", 0),
                new Step("p_cluster_vip:0", "--force-check", 7),
                new Step("p_cluster_vip:2", "--force-check", 0),
                new Step("p_cluster_vip:2", "--force-stop", 0),
                new Step("p_cluster_vip:2", "--force-stop", 0),
                new Step("p_cluster_vip:2", "--force-check", 7));
        for (Step s : steps) {
            Cmd r = inNs("env", cibEnv, "crm_resource", "-r", s.instance(), s.op());
            assertEquals(s.rc(), r.exit(), s + ": " + r.out() + r.err());
            if (s.instance().equals("p_cluster_vip:2") && s.op().equals("--force-check") && s.rc() == 0) {
                String local = inNs("nft", "list", "set", "inet", "clonevip_198_51_100_100", ClusterRuleset.SET_LOCAL).out()
                        .replaceAll("\\s+", " ");
                assertTrue(local.contains("0x00000003"), "bucket 3 local: " + local);
            }
        }
        assertNothingOfOurs();

        Cmd bad = inNs("crm_resource", "--validate", "--class", "ocf", "--provider", PROVIDER, "--agent", "IPaddr3",
                "--option", "ip=" + VIP, "--option", "nic=eth1", "--option", "mac=00:11:22:33:44:55");
        assertEquals(6, bad.exit(), bad.out() + bad.err());
        assertTrue(bad.out().contains("returned 6 (not configured: parameter 'mac'"), bad.out() + bad.err());
    }
}
